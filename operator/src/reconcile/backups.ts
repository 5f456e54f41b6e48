// Backups of an inCluster shop: restore the database a new shop was asked to start from, take snapshots on
// the schedule (or on request), prune beyond `keep`, run the restore drill, and report all of it in
// status.backups / status.restore and as Events. The decisions are pure (desired/backups/schedule.ts); this
// file observes Jobs and creates or deletes them. Every backup Job of a shop uses the same volume, so at most
// one runs at a time.
import type { KubernetesObject, V1Job, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { Gauge, type Registry } from 'prom-client';
import { AwsGroup, type ManagedResource } from '../desired/aws/managed.ts';
import { awsChildName } from '../desired/aws/network.ts';
import { awsSpec } from '../desired/aws/spec.ts';
import {
  type AwsTarget,
  desiredBackupsReplication,
  desiredDrillInstance,
  desiredRdsSnapshot,
  desiredSnapshotCopy,
  drillName,
  EXTERNAL_NAME,
  RDS_BACKUP_KINDS,
} from '../desired/backups/aws.ts';
import { parseCron } from '../desired/backups/cron.ts';
import {
  type BackupJobKind,
  backupName,
  CLAIM_ANNOTATION,
  desiredAwsDrillJob,
  desiredBackupsClaim,
  desiredDrillJob,
  desiredRestoreJob,
  desiredSnapshotJob,
  REPLACES_ANNOTATION,
  SCHEDULED_TIME_ANNOTATION,
  SNAPSHOT_ANNOTATION,
  shopOfSnapshot,
} from '../desired/backups/jobs.ts';
import {
  newestSnapshot,
  type RunRecord,
  replacedBy,
  type ScheduleDecision,
  scheduleDecision,
  snapshotsToPrune,
  untilNext,
} from '../desired/backups/schedule.ts';
import {
  type BackupsStatus,
  backupSpec,
  backupsStatus,
  deletionPolicy,
  type LastVerify,
  type RestoreStatus,
  restoreSpec,
  restoreStatus,
  SNAPSHOT_REQUEST_ANNOTATION,
  VERIFY_REQUEST_ANNOTATION,
} from '../desired/backups/spec.ts';
import { COMPONENT_LABEL, SHOP_LABEL } from '../desired/meta.ts';
import type { Informer } from '../informer.ts';
import { errorMessage, statusCode } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import { API_VERSION, type DhakaCart, KIND } from '../types.ts';
import { announce } from './apply.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';
import { jobPhase } from './migration.ts';

export interface BackupsOutcome {
  /** Fields for the shop's status; undefined ones are left out. */
  status: { backups?: BackupsStatus; restore?: RestoreStatus };
  /** The database holds what spec.database.restore asked for (or nothing was asked): migrations may run. */
  restored: boolean;
  /** When the next scheduled snapshot or drill is due. */
  requeueAfterMs?: number;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

interface BackupJob {
  job: V1Job;
  kind: BackupJobKind;
  name: string;
  snapshot: string;
  time: Date;
  phase: 'Running' | 'Succeeded' | 'Failed';
  finishedAt?: Date;
}

function finishedAt(job: V1Job): Date | undefined {
  const done = job.status?.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  const when = job.status?.completionTime ?? done?.lastTransitionTime;
  return when ? new Date(when) : undefined;
}

/** The shop's backup Jobs from the cache, newest first. */
function backupJobs(ctx: ReconcileContext, shop: DhakaCart): BackupJob[] {
  const out: BackupJob[] = [];
  for (const job of ctx.children.Job.list() as IterableIterator<V1Job>) {
    const meta = job.metadata;
    if (meta?.namespace !== shop.metadata.namespace || meta.labels?.[SHOP_LABEL] !== shop.metadata.name)
      continue;
    const kind = meta.labels?.[COMPONENT_LABEL] as BackupJobKind;
    if (kind !== 'snapshot' && kind !== 'drill' && kind !== 'restore') continue;
    const scheduled = meta.annotations?.[SCHEDULED_TIME_ANNOTATION] ?? meta.creationTimestamp;
    out.push({
      job,
      kind,
      name: meta.name ?? '',
      snapshot: meta.annotations?.[SNAPSHOT_ANNOTATION] ?? '',
      time: new Date(scheduled ?? 0),
      phase: jobPhase(job).phase,
      finishedAt: finishedAt(job),
    });
  }
  return out.sort((a, b) => b.time.getTime() - a.time.getTime());
}

/** The one-line result a Job's container left as its termination message (or the Job's own failure message). */
export async function jobResult(ctx: ReconcileContext, job: V1Job): Promise<string> {
  const name = job.metadata?.name ?? '';
  const selector = encodeURIComponent(`batch.kubernetes.io/job-name=${name}`);
  try {
    const pods = await ctx.client.get<{ items: V1Pod[] }>(
      `/api/v1/namespaces/${job.metadata?.namespace}/pods?labelSelector=${selector}`,
    );
    for (const pod of pods?.items ?? []) {
      const message = pod.status?.containerStatuses?.[0]?.state?.terminated?.message?.trim();
      if (message) return message.split('\n').pop() ?? message;
    }
  } catch (error) {
    ctx.log('warn', 'could not read a Job’s result', { job: name, error: errorMessage(error) });
  }
  const { phase, message } = jobPhase(job);
  return phase === 'Succeeded' ? `Job ${name} completed` : `Job ${name}: ${message}`;
}

async function createJob(ctx: ReconcileContext, job: V1Job): Promise<boolean> {
  try {
    ctx.children.Job.prime(toWire(await ctx.client.create(job)));
    return true;
  } catch (error) {
    // Already there: an earlier pass created it and the cache had not caught up.
    if (statusCode(error) === 409) return false;
    throw new Error(`while creating Job ${job.metadata?.name}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The volume for snapshot files: created once, never rewritten (its size is fixed at creation). */
async function ensureBackupsClaim(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  const desired = desiredBackupsClaim(shop);
  const name = desired.metadata?.name ?? '';
  if (cached<V1PersistentVolumeClaim>(ctx, 'PersistentVolumeClaim', shop.metadata.namespace, name)) return;
  try {
    ctx.children.PersistentVolumeClaim.prime(toWire(await ctx.client.create(desired)));
    await announce(ctx, shop, 'Normal', 'Created', `Created PersistentVolumeClaim ${name} for snapshots`);
  } catch (error) {
    if (statusCode(error) !== 409)
      throw new Error(`while creating PersistentVolumeClaim ${name}: ${errorMessage(error)}`, {
        cause: error,
      });
  }
}

/** Restores spec.database.restore.fromSnapshot into the shop's empty database, once. */
async function ensureRestore(
  ctx: ReconcileContext,
  shop: DhakaCart,
  jobs: BackupJob[],
  databaseReady: boolean,
): Promise<{ restored: boolean; status?: RestoreStatus }> {
  const restore = restoreSpec(shop);
  if (!restore) return { restored: true };
  const previous = restoreStatus(shop);
  const source = restore.fromSnapshot ?? 'point in time';
  if (previous?.phase === 'Succeeded' && previous.source === source)
    return { restored: true, status: previous };
  if (!restore.fromSnapshot) {
    throw new UserFixableError(
      'RestoreNotSupported',
      'spec.database.restore.pointInTime needs platform aws: an inCluster database keeps no write-ahead log archive; restore fromSnapshot instead',
    );
  }
  const current = jobs.find((j) => j.kind === 'restore');
  if (!current) {
    if (!databaseReady)
      return {
        restored: false,
        status: { source, phase: 'Pending', message: 'waiting for the database to be ready' },
      };
    const record = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, restore.fromSnapshot);
    const sourceShop = shopOfSnapshot(restore.fromSnapshot);
    const claim =
      record?.metadata?.annotations?.[CLAIM_ANNOTATION] ?? (sourceShop ? `${sourceShop}-backups` : undefined);
    if (!claim) {
      throw new UserFixableError(
        'SnapshotNotFound',
        `snapshot ${restore.fromSnapshot} not found in namespace ${shop.metadata.namespace}`,
      );
    }
    if (await createJob(ctx, desiredRestoreJob(shop, restore.fromSnapshot, claim)))
      await announce(
        ctx,
        shop,
        'Normal',
        'RestoreStarted',
        `Restoring snapshot ${restore.fromSnapshot} into the database`,
      );
    return {
      restored: false,
      status: { source, phase: 'Running', message: `restoring ${restore.fromSnapshot}` },
    };
  }
  if (current.phase === 'Running')
    return {
      restored: false,
      status: { source, phase: 'Running', message: `restoring ${restore.fromSnapshot}` },
    };
  const message = previous?.phase === current.phase ? previous.message : await jobResult(ctx, current.job);
  const status: RestoreStatus = {
    source,
    phase: current.phase,
    message,
    ...(current.finishedAt ? { completionTime: iso(current.finishedAt) } : {}),
  };
  if (previous?.phase !== current.phase) {
    await announce(
      ctx,
      shop,
      current.phase === 'Succeeded' ? 'Normal' : 'Warning',
      current.phase === 'Succeeded' ? 'RestoreSucceeded' : 'RestoreFailed',
      message,
    );
  }
  return { restored: current.phase === 'Succeeded', status };
}

/** A schedule's decision, plus a run requested by annotation (once per distinct value). */
function decide(
  schedule: string | undefined,
  suspend: boolean,
  lastScheduled: string | undefined,
  shop: DhakaCart,
  now: Date,
  running: boolean,
): ScheduleDecision {
  if (!schedule) return { due: undefined, skipped: 0, next: undefined };
  return scheduleDecision({
    schedule: parseCron(schedule),
    suspend,
    lastScheduled: lastScheduled ? new Date(lastScheduled) : undefined,
    since: new Date(shop.metadata.creationTimestamp ?? now),
    now,
    running,
  });
}

export async function reconcileBackups(
  ctx: ReconcileContext,
  shop: DhakaCart,
  databaseReady: boolean,
): Promise<BackupsOutcome> {
  if (shop.spec.platform === 'aws') return reconcileAwsBackups(ctx, shop);
  const spec = backupSpec(shop);
  const now = ctx.now();
  const previous: BackupsStatus = backupsStatus(shop) ?? { count: 0 };
  let jobs = backupJobs(ctx, shop);
  await ensureFinalSnapshotFinalizer(ctx, shop);
  const restore = await ensureRestore(ctx, shop, jobs, databaseReady);
  if (!spec.snapshots && !spec.verify) {
    return { status: restore.status ? { restore: restore.status } : {}, restored: restore.restored };
  }
  await ensureBackupsClaim(ctx, shop);

  const next: BackupsStatus = { ...previous };
  const snapshots = jobs.filter((j) => j.kind === 'snapshot');
  const drills = jobs.filter((j) => j.kind === 'drill');

  // Outcomes of snapshots that finished since the last status: Events, and the last success / failure.
  for (const s of [...snapshots].reverse()) {
    if (s.phase === 'Running' || !s.finishedAt) continue;
    const field = s.phase === 'Succeeded' ? previous.lastSuccessTime : previous.lastFailureTime;
    if (field && new Date(field).getTime() >= s.finishedAt.getTime()) continue;
    const message = await jobResult(ctx, s.job);
    if (s.phase === 'Succeeded') {
      next.lastSuccessTime = iso(s.finishedAt);
      next.lastSnapshot = s.name;
      await announce(ctx, shop, 'Normal', 'SnapshotSucceeded', message);
    } else {
      next.lastFailureTime = iso(s.finishedAt);
      next.lastFailureMessage = message;
      await announce(ctx, shop, 'Warning', 'SnapshotFailed', message);
    }
  }

  // Pruning: a successful snapshot already deleted the files of those it replaces; their records go now.
  // Failed attempts hold no files; only the newest is kept to explain itself.
  const records: RunRecord[] = snapshots.map((s) => ({ name: s.name, time: s.time, phase: s.phase }));
  const inUse = new Set(drills.filter((d) => d.phase === 'Running').map((d) => d.snapshot));
  const replaced = new Set(
    snapshots
      .filter((s) => s.phase === 'Succeeded')
      .flatMap((s) => s.job.metadata?.annotations?.[REPLACES_ANNOTATION]?.split(',') ?? []),
  );
  // With keep = ∞ only the failed-attempt rule applies.
  const failedExtras = snapshotsToPrune(records, Number.MAX_SAFE_INTEGER);
  const prune = new Set([...replaced, ...failedExtras].filter((n) => !inUse.has(n)));
  for (const s of snapshots) {
    if (!prune.has(s.name) || s.phase === 'Running') continue;
    await ctx.client.delete(s.job);
    if (s.phase === 'Succeeded')
      await announce(
        ctx,
        shop,
        'Normal',
        'SnapshotPruned',
        `Pruned snapshot ${s.name} (keeping ${spec.snapshots?.keep})`,
      );
  }
  const kept = records.filter((r) => !prune.has(r.name));
  next.count = kept.filter((r) => r.phase === 'Succeeded').length;
  jobs = jobs.filter((j) => !prune.has(j.name));
  const busy = jobs.some((j) => j.phase === 'Running');

  // Snapshots on schedule, or now when the request annotation has a new value.
  const snapshot = decide(
    spec.snapshots?.schedule,
    spec.snapshots?.suspend ?? false,
    previous.lastScheduleTime,
    shop,
    now,
    busy,
  );
  const request = shop.metadata.annotations?.[SNAPSHOT_REQUEST_ANNOTATION];
  const requested = spec.snapshots && request && request !== previous.lastRequest && !busy;
  const snapshotAt = snapshot.due ?? (requested ? now : undefined);
  let started = false;
  if (snapshotAt && databaseReady && restore.restored && spec.snapshots) {
    const name = backupName.snapshot(shop, snapshotAt);
    const replaces = replacedBy(kept, spec.snapshots.keep, inUse);
    if (await createJob(ctx, desiredSnapshotJob(shop, name, snapshotAt, replaces))) {
      const why = snapshot.due
        ? `scheduled for ${iso(snapshotAt)}${snapshot.skipped > 0 ? `; ${snapshot.skipped} older missed run(s) skipped` : ''}`
        : `requested (${SNAPSHOT_REQUEST_ANNOTATION}=${request})`;
      await announce(ctx, shop, 'Normal', 'SnapshotStarted', `Taking snapshot ${name}: ${why}`);
    }
    started = true;
    if (snapshot.due) next.lastScheduleTime = iso(snapshot.due);
    if (requested) next.lastRequest = request;
  }
  if (snapshot.next) next.nextTime = iso(snapshot.next);
  else delete next.nextTime;

  // The restore drill: outcomes first, then a new one when due.
  const lastDrill = drills.find((d) => d.phase !== 'Running' && d.finishedAt);
  if (lastDrill?.finishedAt && iso(lastDrill.finishedAt) !== previous.lastVerify?.time) {
    const startedAt = lastDrill.job.status?.startTime
      ? new Date(lastDrill.job.status.startTime)
      : lastDrill.time;
    const verify: LastVerify = {
      time: iso(lastDrill.finishedAt),
      result: lastDrill.phase === 'Succeeded' ? 'Succeeded' : 'Failed',
      snapshot: lastDrill.snapshot,
      durationSeconds: Math.max(0, Math.round((lastDrill.finishedAt.getTime() - startedAt.getTime()) / 1000)),
      message: await jobResult(ctx, lastDrill.job),
    };
    next.lastVerify = verify;
    await announce(
      ctx,
      shop,
      verify.result === 'Succeeded' ? 'Normal' : 'Warning',
      verify.result === 'Succeeded' ? 'RestoreDrillSucceeded' : 'RestoreDrillFailed',
      `${verify.message} (${verify.durationSeconds}s)`,
    );
  }
  for (const old of drills.filter((d) => d.phase !== 'Running').slice(3)) await ctx.client.delete(old.job);

  const drill = decide(
    spec.verify?.schedule,
    false,
    previous.lastVerifyScheduleTime,
    shop,
    now,
    busy || started,
  );
  const verifyRequest = shop.metadata.annotations?.[VERIFY_REQUEST_ANNOTATION];
  const drillRequested =
    spec.verify && verifyRequest && verifyRequest !== previous.lastVerifyRequest && !busy && !started;
  const drillAt = drill.due ?? (drillRequested ? now : undefined);
  const newest = newestSnapshot(kept);
  if (drillAt && databaseReady && newest) {
    if (await createJob(ctx, desiredDrillJob(shop, newest.name, drillAt)))
      await announce(
        ctx,
        shop,
        'Normal',
        'RestoreDrillStarted',
        `Restore drill of snapshot ${newest.name} started`,
      );
    if (drill.due) next.lastVerifyScheduleTime = iso(drill.due);
    if (drillRequested) next.lastVerifyRequest = verifyRequest;
  }
  if (drill.next) next.nextVerifyTime = iso(drill.next);
  else delete next.nextVerifyTime;

  const waits = [untilNext(snapshot.next, now), untilNext(drill.next, now)].filter((n) => n !== undefined);
  return {
    status: { backups: next, ...(restore.status ? { restore: restore.status } : {}) },
    restored: restore.restored,
    ...(waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : {}),
  };
}

/** Held on an inCluster shop with deletionPolicy Snapshot until its final snapshot has been taken. */
export const FINAL_SNAPSHOT_FINALIZER = 'dhakacart.io/final-snapshot';

/** Adds (deletionPolicy Snapshot) or drops (any other policy) the final-snapshot finalizer of an inCluster shop. */
async function ensureFinalSnapshotFinalizer(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  const wanted = deletionPolicy(shop) === 'Snapshot';
  const has = shop.metadata.finalizers?.includes(FINAL_SNAPSHOT_FINALIZER) ?? false;
  if (wanted === has) return;
  await ctx.client.apply({
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: {
      name: shop.metadata.name,
      namespace: shop.metadata.namespace,
      finalizers: wanted ? [FINAL_SNAPSHOT_FINALIZER] : [],
    },
  } as KubernetesObject);
}

/**
 * An inCluster shop with deletionPolicy Snapshot is being deleted: take the final snapshot (a normal snapshot
 * Job, named by the deletion time, so it can be restored by name later from the backups volume, which outlives
 * the shop), then let the shop go. While the snapshot cannot be taken the shop stays, with the reason in an
 * Event: nothing is deleted without a snapshot unless the spec says so (set deletionPolicy to Retain or Delete
 * to let it go without one). Returns true while the deletion must wait.
 */
export async function finalizeBackups(ctx: ReconcileContext, shop: DhakaCart): Promise<boolean> {
  if (!shop.metadata.finalizers?.includes(FINAL_SNAPSHOT_FINALIZER)) return false;
  const release = async () => {
    await ctx.client.apply({
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: shop.metadata.name, namespace: shop.metadata.namespace, finalizers: [] },
    } as KubernetesObject);
    return false;
  };
  if (deletionPolicy(shop) !== 'Snapshot') return release();
  const at = new Date(shop.metadata.deletionTimestamp ?? ctx.now());
  const name = backupName.snapshot(shop, at);
  const job = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, name);
  if (!job) {
    await ensureBackupsClaim(ctx, shop);
    const keep = backupSpec(shop).snapshots?.keep ?? Number.MAX_SAFE_INTEGER;
    const records = backupJobs(ctx, shop)
      .filter((j) => j.kind === 'snapshot')
      .map((j) => ({ name: j.name, time: j.time, phase: j.phase }));
    // The final snapshot replaces nothing beyond keep + 1: it is extra, never a reason to lose another.
    const replaces = replacedBy(records, keep + 1);
    if (await createJob(ctx, desiredSnapshotJob(shop, name, at, replaces)))
      await announce(
        ctx,
        shop,
        'Normal',
        'FinalSnapshotStarted',
        `Taking final snapshot ${name} before the shop is deleted`,
      );
    return true;
  }
  const { phase } = jobPhase(job);
  if (phase === 'Running') return true;
  const message = await jobResult(ctx, job);
  if (phase === 'Failed') {
    await announce(
      ctx,
      shop,
      'Warning',
      'FinalSnapshotFailed',
      `${message}; the shop is kept until a final snapshot succeeds (delete Job ${name} to retry, or set spec.database.deletionPolicy to Retain or Delete)`,
    );
    return true;
  }
  await announce(ctx, shop, 'Normal', 'FinalSnapshotSucceeded', `Final snapshot ${name} taken: ${message}`);
  return release();
}

/** The informers of the provider-aws kinds, when the cluster serves them (see reconcile/aws.ts). */
type WithManaged = ReconcileContext & { managed?: Map<string, Informer<ManagedResource>> };

function managedOf(ctx: WithManaged, shop: DhakaCart, kind: string): ManagedResource[] {
  const type = RDS_BACKUP_KINDS.find((k) => k.kind === kind);
  const informer = type && ctx.managed?.get(`${type.apiVersion}/${type.kind}`);
  if (!informer) return [];
  return [...informer.list()].filter(
    (r) =>
      r.metadata.namespace === shop.metadata.namespace &&
      r.metadata.labels?.[SHOP_LABEL] === shop.metadata.name,
  );
}

/** Ready → Succeeded; Synced=False (AWS refused) → Failed with AWS's message; otherwise still Running. */
function managedPhase(r: ManagedResource): { phase: RunRecord['phase']; message: string; since?: string } {
  const ready = r.status?.conditions?.find((c) => c.type === 'Ready');
  const synced = r.status?.conditions?.find((c) => c.type === 'Synced');
  if (ready?.status === 'True')
    return { phase: 'Succeeded', message: 'available', since: ready.lastTransitionTime };
  if (synced?.status === 'False')
    return {
      phase: 'Failed',
      message: synced.message ?? synced.reason ?? 'AWS refused it',
      since: synced.lastTransitionTime,
    };
  return { phase: 'Running', message: ready?.message ?? 'creating' };
}

async function createManaged(ctx: WithManaged, resource: KubernetesObject): Promise<boolean> {
  try {
    await ctx.client.create(resource);
    return true;
  } catch (error) {
    if (statusCode(error) === 409) return false;
    throw new Error(`while creating ${resource.kind} ${resource.metadata?.name}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/**
 * platform aws: RDS snapshots as rds `Snapshot` managed resources on the schedule (or on request), pruned
 * beyond keep; with crossRegion, a `DBSnapshotCopy` of each in the second region and the replication of the
 * automated backups there. Restores happen in the rds Instance itself (snapshotIdentifier /
 * restoreToPointInTime), so nothing gates the migration here.
 */
async function reconcileAwsBackups(ctx: WithManaged, shop: DhakaCart): Promise<BackupsOutcome> {
  const spec = backupSpec(shop);
  const now = ctx.now();
  const previous: BackupsStatus = backupsStatus(shop) ?? { count: 0 };
  const restore = restoreSpec(shop);
  const restoreStatusNow: RestoreStatus | undefined = restore
    ? {
        source:
          restore.fromSnapshot ??
          `${restore.pointInTime?.sourceDBInstanceIdentifier} at ${restore.pointInTime?.restoreTime ?? 'the latest restorable time'}`,
        phase: 'Succeeded',
        message: 'the RDS instance was created from it (see DatabaseReady)',
      }
    : undefined;
  if (!spec.snapshots || !ctx.managed) {
    return { status: restoreStatusNow ? { restore: restoreStatusNow } : {}, restored: true };
  }
  const settings = awsSpec(shop);
  const target: AwsTarget = {
    region: settings.aws.region,
    instance: awsChildName.postgres(shop),
    providerConfigRef: settings.aws.providerConfigRef,
  };
  const snapshots = managedOf(ctx, shop, 'Snapshot');
  const copies = managedOf(ctx, shop, 'DBSnapshotCopy');
  const records: (RunRecord & { resource: ManagedResource; message: string; since?: string })[] =
    snapshots.map((r) => ({
      name: r.metadata.name,
      time: new Date(
        r.metadata.annotations?.[SCHEDULED_TIME_ANNOTATION] ?? r.metadata.creationTimestamp ?? now,
      ),
      resource: r,
      ...managedPhase(r),
    }));
  const next: BackupsStatus = { ...previous };
  for (const r of [...records].sort((a, b) => a.time.getTime() - b.time.getTime())) {
    if (r.phase === 'Running' || !r.since) continue;
    const field = r.phase === 'Succeeded' ? previous.lastSuccessTime : previous.lastFailureTime;
    if (field && new Date(field).getTime() >= new Date(r.since).getTime()) continue;
    if (r.phase === 'Succeeded') {
      next.lastSuccessTime = r.since;
      next.lastSnapshot = r.name;
      await announce(ctx, shop, 'Normal', 'SnapshotSucceeded', `RDS snapshot ${r.name} is available`);
    } else {
      next.lastFailureTime = r.since;
      next.lastFailureMessage = r.message;
      await announce(ctx, shop, 'Warning', 'SnapshotFailed', `RDS snapshot ${r.name} failed: ${r.message}`);
    }
  }
  const prune = new Set(snapshotsToPrune(records, spec.snapshots.keep));
  for (const r of records) {
    if (!prune.has(r.name)) continue;
    await ctx.client.delete(r.resource);
    for (const copy of copies.filter((c) => c.metadata.name.startsWith(`${r.name}-`)))
      await ctx.client.delete(copy);
    if (r.phase === 'Succeeded')
      await announce(
        ctx,
        shop,
        'Normal',
        'SnapshotPruned',
        `Pruned RDS snapshot ${r.name} (keeping ${spec.snapshots.keep})`,
      );
  }
  const kept = records.filter((r) => !prune.has(r.name));
  next.count = kept.filter((r) => r.phase === 'Succeeded').length;

  const busy = kept.some((r) => r.phase === 'Running');
  const decision = decide(
    spec.snapshots.schedule,
    spec.snapshots.suspend,
    previous.lastScheduleTime,
    shop,
    now,
    busy,
  );
  const request = shop.metadata.annotations?.[SNAPSHOT_REQUEST_ANNOTATION];
  const requested = request && request !== previous.lastRequest && !busy;
  const at = decision.due ?? (requested ? now : undefined);
  if (at) {
    const name = backupName.snapshot(shop, at);
    if (await createManaged(ctx, desiredRdsSnapshot(shop, name, at, target)))
      await announce(ctx, shop, 'Normal', 'SnapshotStarted', `Taking RDS snapshot ${name}`);
    if (decision.due) next.lastScheduleTime = iso(decision.due);
    if (requested) next.lastRequest = request;
  }
  if (decision.next) next.nextTime = iso(decision.next);
  else delete next.nextTime;

  if (spec.crossRegion) {
    for (const r of kept.filter((k) => k.phase === 'Succeeded')) {
      const arn = (r.resource.status?.atProvider as { dbSnapshotArn?: string } | undefined)?.dbSnapshotArn;
      const copy = desiredSnapshotCopy(shop, r.name, arn ?? '', target);
      if (
        arn &&
        !copies.some((c) => c.metadata.name === copy.metadata?.name) &&
        (await createManaged(ctx, copy))
      )
        await announce(
          ctx,
          shop,
          'Normal',
          'SnapshotCopyStarted',
          `Copying RDS snapshot ${r.name} to ${spec.crossRegion.region}`,
        );
    }
    const instance = ctx.managed
      .get(`${RDS_BACKUP_KINDS[0]?.apiVersion}/Instance`)
      ?.get(shop.metadata.namespace, target.instance);
    const instanceArn = (instance?.status?.atProvider as { arn?: string } | undefined)?.arn;
    if (instanceArn && managedOf(ctx, shop, 'DBInstanceAutomatedBackupsReplication').length === 0) {
      const replication = desiredBackupsReplication(
        shop,
        instanceArn,
        settings.database.backup.retentionDays,
        target,
      );
      if (await createManaged(ctx, replication))
        await announce(
          ctx,
          shop,
          'Normal',
          'BackupsReplicationStarted',
          `Replicating automated backups to ${spec.crossRegion.region}`,
        );
    }
  }
  const drillWait = await awsDrill(ctx, shop, settings, kept, previous, next, now);
  const waits = [untilNext(decision.next, now), drillWait].filter((n) => n !== undefined);
  return {
    status: { backups: next, ...(restoreStatusNow ? { restore: restoreStatusNow } : {}) },
    restored: true,
    ...(waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : {}),
  };
}

/** How often an aws drill in progress is looked at (restoring an RDS instance takes minutes). */
const AWS_DRILL_POLL_MS = 30_000;

/**
 * The aws restore drill, one step per reconcile: when due, restore the newest snapshot into a scratch
 * instance; once it is Ready, run the check Job against it; once that finished, record the result and the
 * time the whole drill took, and delete the scratch instance. Returns when to look again.
 */
async function awsDrill(
  ctx: WithManaged,
  shop: DhakaCart,
  settings: ReturnType<typeof awsSpec>,
  snapshots: (RunRecord & { resource: ManagedResource })[],
  previous: BackupsStatus,
  next: BackupsStatus,
  now: Date,
): Promise<number | undefined> {
  const verify = backupSpec(shop).verify;
  if (!verify) return undefined;
  const instances = ctx.managed?.get(`${AwsGroup.rds}/Instance`);
  const scratch = instances?.get(shop.metadata.namespace, drillName.instance(shop));
  const progress = previous.verifying;
  if (progress) {
    const startedAt = new Date(progress.startedAt);
    const job = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, backupName.drill(shop, startedAt));
    if (!job) {
      if (scratch && managedPhase(scratch).phase === 'Succeeded') {
        if (
          await createJob(
            ctx,
            desiredAwsDrillJob(shop, progress.snapshot, startedAt, drillName.connection(shop)),
          )
        )
          await announce(
            ctx,
            shop,
            'Normal',
            'RestoreDrillChecking',
            `Checking the instance restored from ${progress.snapshot}`,
          );
      } else if (scratch && managedPhase(scratch).phase === 'Failed') {
        next.lastVerify = {
          time: iso(now),
          result: 'Failed',
          snapshot: progress.snapshot,
          durationSeconds: Math.round((now.getTime() - startedAt.getTime()) / 1000),
          message: `drill failed: the snapshot could not be restored: ${managedPhase(scratch).message}`,
        };
        delete next.verifying;
        await ctx.client.delete(scratch);
        await announce(ctx, shop, 'Warning', 'RestoreDrillFailed', next.lastVerify.message);
      }
      return AWS_DRILL_POLL_MS;
    }
    const { phase } = jobPhase(job);
    if (phase === 'Running') return AWS_DRILL_POLL_MS;
    const finished = finishedAt(job) ?? now;
    next.lastVerify = {
      time: iso(finished),
      result: phase === 'Succeeded' ? 'Succeeded' : 'Failed',
      snapshot: progress.snapshot,
      durationSeconds: Math.round((finished.getTime() - startedAt.getTime()) / 1000),
      message: await jobResult(ctx, job),
    };
    delete next.verifying;
    if (scratch) await ctx.client.delete(scratch);
    await announce(
      ctx,
      shop,
      phase === 'Succeeded' ? 'Normal' : 'Warning',
      phase === 'Succeeded' ? 'RestoreDrillSucceeded' : 'RestoreDrillFailed',
      `${next.lastVerify.message} (${next.lastVerify.durationSeconds}s)`,
    );
    return undefined;
  }
  const decision = decide(
    verify.schedule,
    false,
    previous.lastVerifyScheduleTime,
    shop,
    now,
    Boolean(scratch),
  );
  const request = shop.metadata.annotations?.[VERIFY_REQUEST_ANNOTATION];
  const requested = request && request !== previous.lastVerifyRequest && !scratch;
  const newest = newestSnapshot(snapshots);
  const at = decision.due ?? (requested ? now : undefined);
  if (at && newest) {
    const identifier = newest.resource.metadata.annotations?.[EXTERNAL_NAME] ?? newest.name;
    if (await createManaged(ctx, desiredDrillInstance(shop, settings, identifier)))
      await announce(
        ctx,
        shop,
        'Normal',
        'RestoreDrillStarted',
        `Restoring RDS snapshot ${newest.name} into a scratch instance`,
      );
    next.verifying = { snapshot: newest.name, startedAt: iso(at) };
    if (decision.due) next.lastVerifyScheduleTime = iso(decision.due);
    if (requested) next.lastVerifyRequest = request;
    return AWS_DRILL_POLL_MS;
  }
  if (decision.next) next.nextVerifyTime = iso(decision.next);
  return untilNext(decision.next, now);
}

/**
 * Backup metrics read from the shops' status at scrape time, so they are right on every replica:
 * the last successful snapshot, and the last restore drill's result and duration.
 */
export function registerBackupMetrics(registry: Registry, shops: Pick<Informer<DhakaCart>, 'list'>): void {
  const labelNames = ['namespace', 'shop'] as const;
  const each = (fn: (shop: DhakaCart, labels: { namespace: string; shop: string }) => void) => {
    for (const shop of shops.list())
      fn(shop, { namespace: shop.metadata.namespace, shop: shop.metadata.name });
  };
  new Gauge({
    name: 'dhakacart_backup_last_success_timestamp_seconds',
    help: 'When the newest successful snapshot of the shop finished (Unix time).',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const t = backupsStatus(shop)?.lastSuccessTime;
        if (t) this.set(labels, Date.parse(t) / 1000);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_backup_snapshots',
    help: 'Snapshots of the shop that exist now.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const b = backupsStatus(shop);
        if (b) this.set(labels, b.count);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_restore_drill_success',
    help: '1 if the last restore drill restored the newest snapshot and its data matched, else 0.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const v = backupsStatus(shop)?.lastVerify;
        if (v) this.set(labels, v.result === 'Succeeded' ? 1 : 0);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_restore_drill_duration_seconds',
    help: 'How long the last restore drill took.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const v = backupsStatus(shop)?.lastVerify;
        if (v?.durationSeconds !== undefined) this.set(labels, v.durationSeconds);
      });
    },
  });
}
