// Backups of an inCluster shop: restore the database a new shop was asked to start from, take snapshots on
// the schedule (or on request), prune beyond `keep`, run the restore drill, and report all of it in
// status.backups / status.restore and as Events. The decisions are pure (desired/backups/schedule.ts); this
// file observes Jobs and creates or deletes them. Every backup Job of a shop uses the same volume, so at most
// one runs at a time.
import type { V1Job } from '@kubernetes/client-node';
import {
  backupName,
  CLAIM_ANNOTATION,
  desiredDrillJob,
  desiredRestoreJob,
  desiredSnapshotJob,
  REPLACES_ANNOTATION,
  type RestoreSource,
  shopOfSnapshot,
} from '../../desired/backups/jobs.ts';
import { offsiteSpec } from '../../desired/backups/offsite.ts';
import {
  newestSnapshot,
  type RunRecord,
  replacedBy,
  snapshotsToPrune,
  untilNext,
} from '../../desired/backups/schedule.ts';
import {
  type BackupsStatus,
  backupSpec,
  backupsStatus,
  type LastVerify,
  type RestoreStatus,
  restoreSpec,
  restoreStatus,
  SNAPSHOT_REQUEST_ANNOTATION,
  VERIFY_REQUEST_ANNOTATION,
} from '../../desired/backups/spec.ts';
import type { DhakaCart } from '../../types.ts';
import { announce } from '../apply.ts';
import { cached, type ReconcileContext, UserFixableError } from '../context.ts';
import { ensureBackupsClaim } from './claim.ts';
import { type BackupJob, backupJobs, createJob, jobResult } from './jobs.ts';
import type { BackupsOutcome } from './outcome.ts';
import { decide, iso } from './schedule.ts';

/**
 * Where snapshot `name` is read from: the volume its record (a snapshot Job in this namespace) names, else its
 * shop's backups volume when that still exists here, else the off-site bucket when the shop has one, else
 * the backups volume its name implies (the Job then reports that it is missing).
 */
function restoreSource(ctx: ReconcileContext, shop: DhakaCart, name: string): RestoreSource | undefined {
  const namespace = shop.metadata.namespace;
  const recorded = cached<V1Job>(ctx, 'Job', namespace, name)?.metadata?.annotations?.[CLAIM_ANNOTATION];
  if (recorded) return { claim: recorded };
  const sourceShop = shopOfSnapshot(name);
  const implied = sourceShop ? `${sourceShop}-backups` : undefined;
  if (implied && cached(ctx, 'PersistentVolumeClaim', namespace, implied)) return { claim: implied };
  if (offsiteSpec(shop)) return { offsite: true };
  return implied ? { claim: implied } : undefined;
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
    const from = restoreSource(ctx, shop, restore.fromSnapshot);
    if (!from) {
      throw new UserFixableError(
        'SnapshotNotFound',
        `snapshot ${restore.fromSnapshot} not found in namespace ${shop.metadata.namespace}`,
      );
    }
    if (await createJob(ctx, desiredRestoreJob(shop, restore.fromSnapshot, from)))
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

/**
 * platform inCluster: restore first (a new shop's database from spec.database.restore), then snapshots on the
 * schedule or on request with pruning beyond keep, then the restore drill. Returns the status to write, whether
 * migrations may run, and when the next run is due.
 */
export async function reconcileInClusterBackups(
  ctx: ReconcileContext,
  shop: DhakaCart,
  databaseReady: boolean,
): Promise<BackupsOutcome> {
  const spec = backupSpec(shop);
  const now = ctx.now();
  const previous: BackupsStatus = backupsStatus(shop) ?? { count: 0 };
  let jobs = backupJobs(ctx, shop);
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
