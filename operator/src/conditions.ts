// Condition types, reasons, and the rules for merging them into status. Every condition the operator writes
// is named here, so `kubectl get dc -o yaml` and this file tell the same story.
import type { Condition } from './types.ts';

export const ConditionType = {
  Ready: 'Ready',
  Progressing: 'Progressing',
  Degraded: 'Degraded',
  ApiReady: 'ApiReady',
  StorefrontReady: 'StorefrontReady',
  DatabaseReady: 'DatabaseReady',
  CacheReady: 'CacheReady',
  MigrationSucceeded: 'MigrationSucceeded',
  /** Whether the shop's scrape object (a PodMonitor) exists; never affects Ready. */
  MonitoringReady: 'MonitoringReady',
  // kstatus's abnormal-true conditions (sigs.k8s.io/cli-utils/pkg/kstatus), read by Flux, kpt and Config
  // Sync. Present only while True, as kstatus recommends.
  Reconciling: 'Reconciling',
  Stalled: 'Stalled',
} as const;
export type ConditionTypeName = (typeof ConditionType)[keyof typeof ConditionType];

export const Reason = {
  // Ready / component readiness
  AllComponentsReady: 'AllComponentsReady',
  ComponentsNotReady: 'ComponentsNotReady',
  Reconciling: 'Reconciling',
  PodsReady: 'PodsReady',
  PodsNotReady: 'PodsNotReady',
  /** Fewer pods than the spec's minimum (someone scaled the Deployment down): scaled back up. */
  BelowMinimum: 'BelowMinimum',
  /** Pods are ready but the component's Service has no ready endpoint (EndpointSlices). */
  NoEndpoints: 'NoEndpoints',
  RolloutInProgress: 'RolloutInProgress',
  RolloutStalled: 'ProgressDeadlineExceeded',
  ImagePullFailed: 'ImagePullFailed',
  ContainerFailing: 'ContainerFailing',
  NotCreated: 'NotCreated',
  WaitingForMigration: 'WaitingForMigration',
  WaitingForDatabase: 'WaitingForDatabase',
  VolumePending: 'VolumePending',
  // Migration
  MigrationRunning: 'MigrationRunning',
  MigrationCompleted: 'MigrationCompleted',
  MigrationFailed: 'MigrationFailed',
  // Degraded / errors the user can fix
  AsExpected: 'AsExpected',
  SecretNotFound: 'SecretNotFound',
  /** The database's credentials Secret is gone while its data stays: never generated again (docs/credentials.md). */
  CredentialsMissing: 'CredentialsMissing',
  /** The Job of a deliberate database password rotation failed; the old password still works. */
  RotationFailed: 'RotationFailed',
  ApplyFailed: 'ApplyFailed',
  /** An object the shop would create already exists and was not created by it: left untouched. */
  NameTaken: 'NameTaken',
  // Ready while a deletionPolicy Snapshot shop waits for its final snapshot (reconcile/backups/deletion.ts)
  FinalSnapshotRunning: 'FinalSnapshotRunning',
  FinalSnapshotFailed: 'FinalSnapshotFailed',
  /** The Event when a shop went without its final snapshot (timeout, or its namespace is being deleted). */
  FinalSnapshotAbandoned: 'FinalSnapshotAbandoned',
  // MonitoringReady
  PodMonitorApplied: 'PodMonitorApplied',
  /** The API server does not serve monitoring.coreos.com/v1 PodMonitor (no Prometheus Operator CRDs). */
  PrometheusOperatorNotInstalled: 'PrometheusOperatorNotInstalled',
  ScrapeDisabled: 'ScrapeDisabled',
  // Progressing
  UpToDate: 'UpToDate',
  GenerationChanged: 'GenerationChanged',
} as const;

/** A condition as computed, before lastTransitionTime is decided. */
export type ConditionInput = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

/**
 * Merges freshly computed conditions into the previous ones: lastTransitionTime moves only when the status
 * flips, so a reconcile that changes nothing produces an identical list (and no status write).
 */
export function mergeConditions(
  previous: Condition[] | undefined,
  computed: ConditionInput[],
  generation: number | undefined,
  now: Date,
): Condition[] {
  const before = new Map((previous ?? []).map((c) => [c.type, c]));
  return computed.map((c) => {
    const old = before.get(c.type);
    return {
      type: c.type,
      status: c.status,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      lastTransitionTime:
        old && old.status === c.status ? old.lastTransitionTime : now.toISOString().replace(/\.\d+Z$/, 'Z'),
      reason: c.reason,
      message: c.message,
    };
  });
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Adds kstatus's Reconciling and Stalled to the shop's conditions, derived from Ready, Progressing and
 * Degraded, so a GitOps tool reads the shop correctly: Stalled while a rolled-back release blocks spec.version
 * (until the spec changes: the operator will not retry it on its own, so waiting would never end);
 * otherwise Reconciling while the shop converges (not Ready, or a rollout is in progress). A shop with
 * neither is Current for kstatus when Ready is True.
 */
export function withKstatusConditions(conditions: ConditionInput[]): ConditionInput[] {
  const of = (type: string) => conditions.find((c) => c.type === type);
  const ready = of(ConditionType.Ready);
  const progressing = of(ConditionType.Progressing);
  const degraded = of(ConditionType.Degraded);
  if (degraded?.status === 'True' && degraded.reason === RolledBackReason)
    return [
      ...conditions,
      { type: ConditionType.Stalled, status: 'True', reason: degraded.reason, message: degraded.message },
    ];
  const converging =
    progressing?.status === 'True' ? progressing : ready?.status !== 'True' ? ready : undefined;
  if (!converging) return conditions;
  return [
    ...conditions,
    {
      type: ConditionType.Reconciling,
      status: 'True',
      reason: converging.reason,
      message: converging.message,
    },
  ];
}

/** The Degraded reason of a release the operator rolled back (reconcile/releases.ts). */
export const RolledBackReason = 'RolledBack';

/** Conditions every new shop starts with, before the first observation. */
export function unknownConditions(): ConditionInput[] {
  return [ConditionType.Ready, ConditionType.Progressing, ConditionType.Degraded].map((type) => ({
    type,
    status: 'Unknown',
    reason: Reason.Reconciling,
    message: 'The operator has seen this shop and is creating what it needs.',
  }));
}
