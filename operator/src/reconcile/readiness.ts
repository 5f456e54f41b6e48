// Readiness as a chain of small pure policies: each looks at observed objects and answers with one
// condition. No I/O here; reconcile/status.ts gathers the objects and writes the result.
import type {
  V1Deployment,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { type ConditionInput, ConditionType, Reason } from '../conditions.ts';
import type { MigrationObservation } from './migration.ts';

export interface Replicas {
  ready: number;
  desired: number;
}

export interface ComponentReadiness {
  condition: ConditionInput;
  replicas: Replicas;
  /** True for failures that need someone to act (bad image, stalled rollout), which mark the shop Degraded. */
  failed: boolean;
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONTAINER_FAILING = new Set([
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The first container problem among a component's pods (bad image, crash loop, missing config). */
export function podProblem(pods: V1Pod[]): { reason: string; message: string } | undefined {
  for (const pod of pods) {
    for (const status of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      const waiting = status.state?.waiting;
      if (!waiting?.reason) continue;
      const detail = waiting.message ? `: ${waiting.message}` : '';
      if (IMAGE_PULL.has(waiting.reason)) {
        return {
          reason: Reason.ImagePullFailed,
          message: `pod ${pod.metadata?.name} cannot pull image ${status.image} (${waiting.reason}${detail})`,
        };
      }
      if (CONTAINER_FAILING.has(waiting.reason)) {
        return {
          reason: Reason.ContainerFailing,
          message: `pod ${pod.metadata?.name} container ${status.name} is failing (${waiting.reason}${detail})`,
        };
      }
    }
  }
  return undefined;
}

/**
 * Readiness of a Deployment managed for `type` (ApiReady, StorefrontReady, CacheReady). With `minimum` (the
 * spec's least number of pods), a Deployment asking for fewer — someone scaled it down, which also stops
 * its autoscaler — is not ready however many of its pods are: ready means the shop serves.
 */
export function deploymentReadiness(
  type: string,
  deployment: V1Deployment | undefined,
  pods: V1Pod[] = [],
  minimum = 0,
): ComponentReadiness {
  if (!deployment) {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.NotCreated,
        message: 'the Deployment does not exist yet',
      },
      replicas: { ready: 0, desired: 0 },
      failed: false,
    };
  }
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const replicas = { ready, desired };
  const counts = `${ready}/${desired} pods ready`;
  const problem = podProblem(pods);
  if (problem) return { condition: { type, status: 'False', ...problem }, replicas, failed: true };
  if (desired < minimum) {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.BelowMinimum,
        message: `${counts}, fewer than the spec's minimum of ${minimum}`,
      },
      replicas,
      failed: false,
    };
  }
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.RolloutStalled,
        message: `${progressing.message ?? 'the rollout exceeded its progress deadline'} (${counts})`,
      },
      replicas,
      failed: true,
    };
  }
  const current = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  if (!current || updated < desired || total > updated) {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.RolloutInProgress,
        message: `rolling out: ${updated}/${desired} updated, ${counts}`,
      },
      replicas,
      failed: false,
    };
  }
  if (ready < desired || (status.availableReplicas ?? 0) < desired) {
    return {
      condition: { type, status: 'False', reason: Reason.PodsNotReady, message: counts },
      replicas,
      failed: false,
    };
  }
  return {
    condition: { type, status: 'True', reason: Reason.PodsReady, message: counts },
    replicas,
    failed: false,
  };
}

/** The label the EndpointSlice controller puts on each slice: the name of its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Endpoints of `service` ready to receive traffic, counted over its EndpointSlices. An endpoint whose
 * `conditions.ready` is unset counts as ready, as the discovery.k8s.io/v1 API says consumers should treat it.
 */
export function readyEndpoints(service: string, slices: V1EndpointSlice[]): number {
  let ready = 0;
  for (const slice of slices) {
    if (slice.metadata?.labels?.[SERVICE_NAME_LABEL] !== service) continue;
    for (const endpoint of slice.endpoints ?? []) if (endpoint.conditions?.ready !== false) ready++;
  }
  return ready;
}

/**
 * A component whose pods are ready serves only if its Service sends traffic somewhere: with no ready
 * endpoint (a selector that matches none of the pods, a Service that is gone) shoppers get nothing, so the
 * component is not ready. Anything already not ready is returned as it is.
 */
export function withServiceEndpoints(
  readiness: ComponentReadiness,
  service: string,
  slices: V1EndpointSlice[],
): ComponentReadiness {
  if (readiness.condition.status !== 'True' || readyEndpoints(service, slices) > 0) return readiness;
  return {
    ...readiness,
    condition: {
      type: readiness.condition.type,
      status: 'False',
      reason: Reason.NoEndpoints,
      message: `${readiness.condition.message}, but Service ${service} has no ready endpoint: it sends shoppers nowhere`,
    },
  };
}

/** Readiness of the inCluster PostgreSQL: the StatefulSet's pod, and before that its volume. */
export function databaseReadiness(
  statefulSet: V1StatefulSet | undefined,
  claim: V1PersistentVolumeClaim | undefined,
  claimName: string,
  pods: V1Pod[] = [],
): ComponentReadiness {
  const type = ConditionType.DatabaseReady;
  const replicas = { ready: statefulSet?.status?.readyReplicas ?? 0, desired: 1 };
  if (!statefulSet) {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.NotCreated,
        message: 'the PostgreSQL StatefulSet does not exist yet',
      },
      replicas,
      failed: false,
    };
  }
  if (
    replicas.ready >= 1 &&
    (statefulSet.status?.observedGeneration ?? 0) >= (statefulSet.metadata?.generation ?? 0)
  ) {
    return {
      condition: { type, status: 'True', reason: Reason.PodsReady, message: 'PostgreSQL is ready' },
      replicas,
      failed: false,
    };
  }
  if (!claim || claim.status?.phase === 'Pending') {
    return {
      condition: {
        type,
        status: 'False',
        reason: Reason.VolumePending,
        message: `PersistentVolumeClaim ${claimName} is ${claim ? 'Pending' : 'not created yet'}: it needs a matching PersistentVolume or a StorageClass that provisions one`,
      },
      replicas,
      failed: false,
    };
  }
  const problem = podProblem(pods);
  if (problem) return { condition: { type, status: 'False', ...problem }, replicas, failed: true };
  return {
    condition: { type, status: 'False', reason: Reason.PodsNotReady, message: 'PostgreSQL is starting' },
    replicas,
    failed: false,
  };
}

export function migrationCondition(migration: MigrationObservation): ConditionInput {
  const type = ConditionType.MigrationSucceeded;
  switch (migration.phase) {
    case 'Succeeded':
      return {
        type,
        status: 'True',
        reason: Reason.MigrationCompleted,
        message: `migrations for ${migration.version} are applied (${migration.message})`,
      };
    case 'Failed':
      return {
        type,
        status: 'False',
        reason: Reason.MigrationFailed,
        message: `Job ${migration.job} for ${migration.version} failed: ${migration.message}`,
      };
    case 'WaitingForDatabase':
      return {
        type,
        status: 'False',
        reason: Reason.WaitingForDatabase,
        message: `migrations for ${migration.version} wait for the database`,
      };
    default:
      return {
        type,
        status: 'False',
        reason: Reason.MigrationRunning,
        message: `Job ${migration.job} for ${migration.version} is ${migration.message}`,
      };
  }
}

export interface ShopSummaryInput {
  components: ConditionInput[];
  /** Problems the user must fix, in the order found; the first one names Ready's reason. */
  userErrors: { reason: string; message: string }[];
  failed: boolean;
  rollingOut: boolean;
  servingVersion: string | undefined;
  wantedVersion: string;
}

/** Ready, Progressing and Degraded from the component conditions. */
export function summaryConditions(input: ShopSummaryInput): ConditionInput[] {
  const notReady = input.components.filter((c) => c.status !== 'True');
  const firstError = input.userErrors[0];
  let ready: ConditionInput;
  if (firstError)
    ready = {
      type: ConditionType.Ready,
      status: 'False',
      reason: firstError.reason,
      message: firstError.message,
    };
  else if (notReady.length === 0) {
    ready = {
      type: ConditionType.Ready,
      status: 'True',
      reason: Reason.AllComponentsReady,
      message: `the shop serves version ${input.servingVersion ?? input.wantedVersion}`,
    };
  } else {
    const first = notReady[0] as ConditionInput;
    ready = {
      type: ConditionType.Ready,
      status: 'False',
      reason: first.reason,
      message: notReady.map((c) => `${c.type}: ${c.message}`).join('; '),
    };
  }
  const degradedCause =
    firstError ?? (input.failed ? notReady.find((c) => c.reason !== Reason.RolloutInProgress) : undefined);
  const degraded: ConditionInput = degradedCause
    ? {
        type: ConditionType.Degraded,
        status: 'True',
        reason: degradedCause.reason,
        message: degradedCause.message,
      }
    : {
        type: ConditionType.Degraded,
        status: 'False',
        reason: Reason.AsExpected,
        message: 'nothing needs attention',
      };
  const progressing: ConditionInput =
    input.rollingOut || input.servingVersion !== input.wantedVersion
      ? {
          type: ConditionType.Progressing,
          status: 'True',
          reason: Reason.RolloutInProgress,
          message: `rolling out version ${input.wantedVersion}`,
        }
      : {
          type: ConditionType.Progressing,
          status: 'False',
          reason: Reason.UpToDate,
          message: `every component runs version ${input.wantedVersion}`,
        };
  return [ready, progressing, degraded, ...input.components];
}
