// Backups of an aws shop: RDS snapshots as managed resources on the schedule, cross-region copies, and the
// restore drill into a scratch instance. Restores happen in the rds Instance itself.
import type { KubernetesObject, V1Job } from '@kubernetes/client-node';
import { AwsGroup, type ManagedResource } from '../../desired/aws/managed.ts';
import { awsChildName } from '../../desired/aws/network.ts';
import { awsSpec } from '../../desired/aws/spec.ts';
import {
  type AwsTarget,
  desiredBackupsReplication,
  desiredDrillInstance,
  desiredRdsSnapshot,
  desiredSnapshotCopy,
  drillName,
  EXTERNAL_NAME,
  RDS_BACKUP_KINDS,
} from '../../desired/backups/aws.ts';
import { backupName, desiredAwsDrillJob, SCHEDULED_TIME_ANNOTATION } from '../../desired/backups/jobs.ts';
import {
  newestSnapshot,
  type RunRecord,
  snapshotsToPrune,
  untilNext,
} from '../../desired/backups/schedule.ts';
import {
  type BackupsStatus,
  backupSpec,
  backupsStatus,
  type RestoreStatus,
  restoreSpec,
  SNAPSHOT_REQUEST_ANNOTATION,
  VERIFY_REQUEST_ANNOTATION,
} from '../../desired/backups/spec.ts';
import { SHOP_LABEL } from '../../desired/meta.ts';
import type { Informer } from '../../informer.ts';
import type { DhakaCart } from '../../types.ts';
import { announce, createOnce } from '../apply.ts';
import { cached, type ReconcileContext } from '../context.ts';
import { jobPhase } from '../migration.ts';
import { createJob, finishedAt, jobResult } from './jobs.ts';
import type { BackupsOutcome } from './outcome.ts';
import { decide, iso } from './schedule.ts';

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

/** Creates a managed resource; false when it was there already. */
async function createManaged(ctx: WithManaged, resource: KubernetesObject): Promise<boolean> {
  return (await createOnce(ctx, resource)) !== undefined;
}

/**
 * platform aws: RDS snapshots as rds `Snapshot` managed resources on the schedule (or on request), pruned
 * beyond keep; with crossRegion, a `DBSnapshotCopy` of each in the second region and the replication of the
 * automated backups there. Restores happen in the rds Instance itself (snapshotIdentifier /
 * restoreToPointInTime), so nothing gates the migration here.
 */
export async function reconcileAwsBackups(ctx: WithManaged, shop: DhakaCart): Promise<BackupsOutcome> {
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
