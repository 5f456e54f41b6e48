// The backup and restore part of the DhakaCart spec and status (crds/dhakacart.io_dhakacarts.yaml), with
// the CRD's defaults, read from a shop in one place.
import type { DhakaCart } from '../../types.ts';

export interface SnapshotsSpec {
  /** Five-field cron, UTC. */
  schedule: string;
  keep: number;
  suspend: boolean;
}

/**
 * An S3-compatible bucket that receives a copy of every inCluster snapshot (spec.database.backup.offsite).
 * The Secret `credentialsSecretRef.name` holds the keys `accessKeyId` and `secretAccessKey`.
 */
export interface OffsiteSpec {
  /** `https://host[:port]`, checked at admission. */
  endpoint: string;
  bucket: string;
  /** Key prefix without leading or trailing `/`; the files are `<prefix>/<snapshot>.{dump,manifest,sha256}`. */
  prefix?: string;
  region?: string;
  credentialsSecretRef: { name: string };
}

export interface BackupSpec {
  snapshots?: SnapshotsSpec;
  offsite?: OffsiteSpec;
  verify?: { schedule: string };
  crossRegion?: { region: string; kmsKeyId?: string };
  /** Size of the volume that holds inCluster snapshots; the database's size when not given. */
  storage?: string;
}

export type RestoreSpec =
  | { fromSnapshot: string; pointInTime?: undefined }
  | {
      fromSnapshot?: undefined;
      pointInTime: {
        sourceDBInstanceIdentifier: string;
        restoreTime?: string;
        useLatestRestorableTime?: boolean;
      };
    };

export type DeletionPolicy = 'Retain' | 'Delete' | 'Snapshot';

export interface LastVerify {
  time: string;
  result: 'Succeeded' | 'Failed';
  snapshot: string;
  durationSeconds?: number;
  message: string;
}

export interface BackupsStatus {
  /** Snapshots that exist now. */
  count: number;
  lastSnapshot?: string;
  lastSuccessTime?: string;
  lastFailureTime?: string;
  lastFailureMessage?: string;
  /** The scheduled time of the last snapshot started: a time is never run twice. */
  lastScheduleTime?: string;
  nextTime?: string;
  /** The last `dhakacart.io/snapshot-request` annotation value acted on. */
  lastRequest?: string;
  lastVerify?: LastVerify;
  /** platform aws: the restore drill in progress (its scratch instance is being restored or checked). */
  verifying?: { snapshot: string; startedAt: string };
  lastVerifyScheduleTime?: string;
  /** The last `dhakacart.io/verify-request` annotation value acted on. */
  lastVerifyRequest?: string;
  nextVerifyTime?: string;
}

export interface RestoreStatus {
  source: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  message: string;
  completionTime?: string;
}

/** Snapshot on demand: `kubectl annotate dc <shop> dhakacart.io/snapshot-request=$(date +%s) --overwrite`. */
export const SNAPSHOT_REQUEST_ANNOTATION = 'dhakacart.io/snapshot-request';
/** A restore drill on demand, the same way. */
export const VERIFY_REQUEST_ANNOTATION = 'dhakacart.io/verify-request';

export function backupSpec(shop: DhakaCart): BackupSpec {
  const backup = (shop.spec.database as { backup?: Partial<BackupSpec> }).backup ?? {};
  const snapshots = backup.snapshots as Partial<SnapshotsSpec> | undefined;
  return {
    ...backup,
    snapshots: snapshots
      ? {
          schedule: snapshots.schedule ?? '0 */6 * * *',
          keep: snapshots.keep ?? 28,
          suspend: snapshots.suspend ?? false,
        }
      : undefined,
  } as BackupSpec;
}

export function restoreSpec(shop: DhakaCart): RestoreSpec | undefined {
  return (shop.spec.database as { restore?: RestoreSpec }).restore;
}

export function deletionPolicy(shop: DhakaCart): DeletionPolicy {
  return ((shop.spec.database as { deletionPolicy?: DeletionPolicy }).deletionPolicy ??
    'Retain') as DeletionPolicy;
}

/** Seconds a Snapshot-policy deletion waits for its final snapshot (spec.database.finalSnapshotTimeoutSeconds). */
export function finalSnapshotTimeoutSeconds(shop: DhakaCart): number {
  return (shop.spec.database as { finalSnapshotTimeoutSeconds?: number }).finalSnapshotTimeoutSeconds ?? 1800;
}

export function backupsStatus(shop: DhakaCart): BackupsStatus | undefined {
  return (shop.status as { backups?: BackupsStatus } | undefined)?.backups;
}

export function restoreStatus(shop: DhakaCart): RestoreStatus | undefined {
  return (shop.status as { restore?: RestoreStatus } | undefined)?.restore;
}
