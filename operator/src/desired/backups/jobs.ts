// inCluster backups as Kubernetes objects: the volume that holds snapshots, and the Jobs that take a snapshot
// (pg_dump), restore one into a new shop (pg_restore) and run the restore drill. Each Job runs one script from
// scripts.ts in the shop's PostgreSQL image and writes its one-line result as its termination message.
//
// A successful snapshot Job is also the record of its snapshot: the operator counts, prunes and restores by
// these Jobs, so `kubectl get jobs -l app.kubernetes.io/component=snapshot` lists the snapshots that exist.
import type { V1Container, V1EnvVar, V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { postgresImage, pullPolicy } from '../images.ts';
import { COMPONENT_LABEL, childMeta, childName, selectorLabels } from '../meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../pod-security.ts';
import { POSTGRES_UID } from '../postgres.ts';
import { BACKUP_JOB_LABEL, offsiteEnv, offsiteSpec } from './offsite.ts';
import { AWS_DRILL_SCRIPT, DRILL_SCRIPT, RESTORE_SCRIPT, SNAPSHOT_SCRIPT } from './scripts.ts';
import { backupSpec, deletionPolicy } from './spec.ts';

export type BackupJobKind = 'snapshot' | 'restore' | 'drill';

export const SNAPSHOT_ANNOTATION = 'dhakacart.io/snapshot';
export const SCHEDULED_TIME_ANNOTATION = 'dhakacart.io/scheduled-time';
export const REPLACES_ANNOTATION = 'dhakacart.io/replaces';
export const CLAIM_ANNOTATION = 'dhakacart.io/backup-claim';
export const BACKUP_DIR = '/backups';
export const DRILL_DATABASE = 'dhakacart_drill';

/** `20261124-221500`: sortable, valid in object names and RDS identifiers. */
export function stamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}

export const backupName = {
  claim: (shop: DhakaCart) => `${shop.metadata.name}-backups`,
  /** The snapshot's name is also its Job's name and its files' base name. */
  snapshot: (shop: DhakaCart, time: Date) => `${shop.metadata.name}-snap-${stamp(time)}`,
  drill: (shop: DhakaCart, time: Date) => `${shop.metadata.name}-drill-${stamp(time)}`,
  restore: (shop: DhakaCart) => `${shop.metadata.name}-restore`,
};

/** The shop a snapshot name belongs to (`<shop>-snap-<stamp>`), when no record of it is at hand. */
export function shopOfSnapshot(snapshot: string): string | undefined {
  return /^(.+)-snap-\d{8}-\d{6}$/.exec(snapshot)?.[1];
}

/**
 * The volume of snapshot files. It outlives the shop unless deletionPolicy is Delete: backups are what you
 * need after a shop was deleted by mistake.
 */
export function desiredBackupsClaim(shop: DhakaCart): V1PersistentVolumeClaim {
  const db = shop.spec.database;
  const meta = childMeta(shop, backupName.claim(shop));
  meta.labels = { ...meta.labels, [COMPONENT_LABEL]: 'backups' };
  if (deletionPolicy(shop) !== 'Delete') delete meta.ownerReferences;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta,
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(db.storageClassName ? { storageClassName: db.storageClassName } : {}),
      resources: { requests: { storage: String(backupSpec(shop).storage ?? db.storage) } },
    },
  };
}

/** libpq's environment for the shop's own database (the PostgreSQL StatefulSet). */
function connectionEnv(shop: DhakaCart): V1EnvVar[] {
  return [
    { name: 'PGHOST', value: childName.postgres(shop) },
    { name: 'PGPORT', value: '5432' },
    { name: 'PGUSER', value: 'dhakacart' },
    { name: 'PGDATABASE', value: 'dhakacart' },
    {
      name: 'PGPASSWORD',
      valueFrom: { secretKeyRef: { name: childName.postgresCredentials(shop), key: 'password' } },
    },
    { name: 'PGCONNECT_TIMEOUT', value: '10' },
  ];
}

interface JobPlan {
  kind: BackupJobKind;
  name: string;
  snapshot: string;
  script: string;
  /** The backups volume to mount at BACKUP_DIR, or '' for a scratch emptyDir (a restore from off-site). */
  claim: string;
  readOnly: boolean;
  env: V1EnvVar[];
  annotations: Record<string, string>;
  deadlineSeconds: number;
}

function backupJob(shop: DhakaCart, plan: JobPlan): V1Job {
  const meta = childMeta(shop, plan.name, undefined, {
    [SNAPSHOT_ANNOTATION]: plan.snapshot,
    [CLAIM_ANNOTATION]: plan.claim,
    ...plan.annotations,
  });
  meta.labels = { ...meta.labels, [COMPONENT_LABEL]: plan.kind };
  const container: V1Container = {
    name: plan.kind,
    image: postgresImage(shop),
    imagePullPolicy: pullPolicy(shop),
    command: ['sh', '-c', plan.script],
    env: [
      ...connectionEnv(shop),
      { name: 'BACKUP_DIR', value: BACKUP_DIR },
      { name: 'SNAPSHOT', value: plan.snapshot },
      { name: 'TERMINATION_LOG', value: '/dev/termination-log' },
      { name: 'HOME', value: '/tmp' },
      ...plan.env,
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [
      { name: 'backups', mountPath: BACKUP_DIR, readOnly: plan.readOnly },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      // One attempt: a failed snapshot is reported and the schedule decides the next one.
      backoffLimit: 0,
      activeDeadlineSeconds: plan.deadlineSeconds,
      template: {
        // The pods take the migration's network identity: like it they are database clients that need
        // PostgreSQL and nothing else, and the shop's NetworkPolicies already allow exactly that.
        metadata: { labels: { ...selectorLabels(shop, 'migration'), [BACKUP_JOB_LABEL]: plan.kind } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(POSTGRES_UID),
          containers: [container],
          volumes: [
            plan.claim
              ? { name: 'backups', persistentVolumeClaim: { claimName: plan.claim, readOnly: plan.readOnly } }
              : {
                  name: 'backups',
                  emptyDir: { sizeLimit: String(backupSpec(shop).storage ?? shop.spec.database.storage) },
                },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
          ],
        },
      },
    },
  };
}

/**
 * The Job that takes snapshot `name` (scheduled for `time`); once its dump is complete (and, with
 * spec.database.backup.offsite, copied to the bucket) it deletes the files of the snapshots in `replaces`,
 * whose records the operator then deletes.
 */
export function desiredSnapshotJob(shop: DhakaCart, name: string, time: Date, replaces: string[]): V1Job {
  const settings = offsiteSpec(shop);
  const offsite = settings ? offsiteEnv(settings) : [];
  return backupJob(shop, {
    kind: 'snapshot',
    name,
    snapshot: name,
    script: SNAPSHOT_SCRIPT,
    claim: backupName.claim(shop),
    readOnly: false,
    env: [{ name: 'PRUNE_SNAPSHOTS', value: replaces.join(' ') }, ...offsite],
    annotations: {
      [SCHEDULED_TIME_ANNOTATION]: time.toISOString(),
      ...(replaces.length > 0 ? { [REPLACES_ANNOTATION]: replaces.join(',') } : {}),
    },
    deadlineSeconds: 3600,
  });
}

/** Where a restore reads its snapshot: a backups volume in the namespace, or the shop's off-site bucket. */
export type RestoreSource = { claim: string } | { offsite: true };

/**
 * The Job that restores `snapshot` into this shop: from a backups volume (`{ claim }`, which may belong to
 * another shop) or fetched from spec.database.backup.offsite into a scratch volume (`{ offsite: true }`).
 */
export function desiredRestoreJob(shop: DhakaCart, snapshot: string, source: RestoreSource): V1Job {
  const settings = 'offsite' in source ? offsiteSpec(shop) : undefined;
  return backupJob(shop, {
    kind: 'restore',
    name: backupName.restore(shop),
    snapshot,
    script: RESTORE_SCRIPT,
    claim: 'claim' in source ? source.claim : '',
    readOnly: 'claim' in source,
    env: settings ? [...offsiteEnv(settings), { name: 'RESTORE_FROM_OFFSITE', value: '1' }] : [],
    annotations: {},
    deadlineSeconds: 6 * 3600,
  });
}

/** The restore drill Job for `snapshot`, started for the scheduled (or requested) `time`. */
export function desiredDrillJob(shop: DhakaCart, snapshot: string, time: Date): V1Job {
  return backupJob(shop, {
    kind: 'drill',
    name: backupName.drill(shop, time),
    snapshot,
    script: DRILL_SCRIPT,
    claim: backupName.claim(shop),
    readOnly: true,
    env: [{ name: 'DRILL_DATABASE', value: DRILL_DATABASE }],
    annotations: { [SCHEDULED_TIME_ANNOTATION]: time.toISOString() },
    deadlineSeconds: 6 * 3600,
  });
}

/**
 * The check Job of an aws restore drill: the drill script against the scratch instance (host and port from
 * its connection Secret, the password the shop's own, TLS required).
 */
export function desiredAwsDrillJob(
  shop: DhakaCart,
  snapshot: string,
  time: Date,
  connectionSecret: string,
): V1Job {
  const job = backupJob(shop, {
    kind: 'drill',
    name: backupName.drill(shop, time),
    snapshot,
    script: AWS_DRILL_SCRIPT,
    claim: '',
    readOnly: true,
    env: [],
    annotations: { [SCHEDULED_TIME_ANNOTATION]: time.toISOString() },
    deadlineSeconds: 3600,
  });
  const pod = job.spec?.template.spec;
  const container = pod?.containers[0];
  if (!pod || !container) return job;
  const secret = (name: string, key: string): V1EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: connectionSecret, key } },
  });
  container.env = [
    secret('PGHOST', 'address'),
    secret('PGPORT', 'port'),
    ...(container.env ?? []).filter((e) => !['PGHOST', 'PGPORT', 'BACKUP_DIR'].includes(e.name)),
    { name: 'PGSSLMODE', value: 'require' },
  ];
  container.volumeMounts = container.volumeMounts?.filter((m) => m.name !== 'backups');
  pod.volumes = pod.volumes?.filter((v) => v.name !== 'backups');
  delete job.metadata?.annotations?.[CLAIM_ANNOTATION];
  return job;
}
