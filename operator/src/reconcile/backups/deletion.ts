// What backups need while an inCluster shop is deleted: under deletionPolicy Snapshot a finalizer holds the
// shop until its final snapshot has been taken.
import type { V1Job } from '@kubernetes/client-node';
import { ConditionType, Reason, withKstatusConditions } from '../../conditions.ts';
import { backupName, desiredSnapshotJob } from '../../desired/backups/jobs.ts';
import { offsiteSpec } from '../../desired/backups/offsite.ts';
import { replacedBy } from '../../desired/backups/schedule.ts';
import { backupSpec, deletionPolicy, finalSnapshotTimeoutSeconds } from '../../desired/backups/spec.ts';
import { postgresClaimName } from '../../desired/postgres.ts';
import { errorMessage, statusCode } from '../../kube/client.ts';
import type { DhakaCart } from '../../types.ts';
import { announce } from '../apply.ts';
import { cached, type ReconcileContext } from '../context.ts';
import { FINAL_SNAPSHOT_FINALIZER, hasFinalizer, setFinalizer } from '../finalizers.ts';
import { jobPhase } from '../migration.ts';
import { nextStatus, writeStatus } from '../status.ts';
import { ensureBackupsClaim } from './claim.ts';
import { backupJobs, createJob, jobResult } from './jobs.ts';

/** Held on an inCluster shop with deletionPolicy Snapshot until its final snapshot has been taken. */

/** Adds (deletionPolicy Snapshot) or drops (any other policy) the final-snapshot finalizer of an inCluster shop. */
export async function ensureFinalSnapshotFinalizer(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  await setFinalizer(ctx, shop, FINAL_SNAPSHOT_FINALIZER, deletionPolicy(shop) === 'Snapshot');
}

/** How often a deletion that waits for its final snapshot is looked at. */
export const FINAL_SNAPSHOT_POLL_MS = 5_000;

/** The Kubernetes API refuses new objects in a namespace that is being deleted (NamespaceLifecycle). */
function namespaceTerminating(error: unknown): boolean {
  // The create helpers wrap the API's error with context; the status code is on the cause.
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
    if (statusCode(e) === 403 && /being terminated/.test(errorMessage(e))) return true;
  return false;
}

/**
 * An inCluster shop with deletionPolicy Snapshot is being deleted: take the final snapshot (a normal snapshot
 * Job, named by the deletion time, so it can be restored by name later from the backups volume, which outlives
 * the shop, or from the off-site bucket), then let the shop go. While it waits, status says why (Ready=False,
 * reason FinalSnapshotRunning or FinalSnapshotFailed, with the time it gives up). The wait is bounded: after
 * spec.database.finalSnapshotTimeoutSeconds the shop goes without a final snapshot (the database volume is
 * kept), and at once when its namespace is being deleted, where no Job can be created any more. Setting
 * deletionPolicy to Retain lets it go at once. Returns how long to wait before looking again, or undefined
 * once the shop may go.
 */
export async function finalizeBackups(ctx: ReconcileContext, shop: DhakaCart): Promise<number | undefined> {
  if (!hasFinalizer(shop, FINAL_SNAPSHOT_FINALIZER)) return undefined;
  const release = async () => {
    await setFinalizer(ctx, shop, FINAL_SNAPSHOT_FINALIZER, false);
    return undefined;
  };
  if (deletionPolicy(shop) !== 'Snapshot') return release();
  const now = ctx.now();
  const at = new Date(shop.metadata.deletionTimestamp ?? now);
  const timeoutSeconds = finalSnapshotTimeoutSeconds(shop);
  const deadline = new Date(at.getTime() + timeoutSeconds * 1000);
  const name = backupName.snapshot(shop, at);
  const keptVolume = `the database volume ${postgresClaimName(shop)} is kept`;
  const giveUp = async (why: string) => {
    await announce(
      ctx,
      shop,
      'Warning',
      Reason.FinalSnapshotAbandoned,
      `No final snapshot: ${why}; the shop is deleted without one (${keptVolume}${offsiteSpec(shop) ? ', earlier snapshots stay in the off-site bucket' : ''})`,
    );
    return release();
  };
  if (now.getTime() >= deadline.getTime())
    return giveUp(
      `snapshot ${name} did not succeed within ${timeoutSeconds}s (spec.database.finalSnapshotTimeoutSeconds)`,
    );
  const wait = async (reason: string, message: string) => {
    await showDeletionWait(
      ctx,
      shop,
      reason,
      `${message}; the shop goes without a final snapshot at ${deadline.toISOString()} (spec.database.finalSnapshotTimeoutSeconds), or now if spec.database.deletionPolicy is set to Retain`,
    );
    return Math.min(FINAL_SNAPSHOT_POLL_MS, deadline.getTime() - now.getTime());
  };
  const job = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, name);
  if (!job) {
    try {
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
    } catch (error) {
      if (namespaceTerminating(error))
        return giveUp(
          `namespace ${shop.metadata.namespace} is being deleted, so no snapshot Job can run in it`,
        );
      throw error;
    }
    return wait(Reason.FinalSnapshotRunning, `Waiting for the final snapshot ${name}`);
  }
  const { phase } = jobPhase(job);
  if (phase === 'Running') return wait(Reason.FinalSnapshotRunning, `Waiting for the final snapshot ${name}`);
  const message = await jobResult(ctx, job);
  if (phase === 'Failed') {
    const why = `${message}; delete Job ${name} to retry`;
    await announce(ctx, shop, 'Warning', Reason.FinalSnapshotFailed, why);
    return wait(Reason.FinalSnapshotFailed, `The final snapshot failed: ${why}`);
  }
  await announce(ctx, shop, 'Normal', 'FinalSnapshotSucceeded', `Final snapshot ${name} taken: ${message}`);
  return release();
}

/** Ready=False with why the deletion waits, so `kubectl get dc` never shows a held shop as Ready. */
async function showDeletionWait(ctx: ReconcileContext, shop: DhakaCart, reason: string, message: string) {
  const { conditions: _c, observedGeneration: _g, ...rest } = shop.status ?? {};
  const conditions = [{ type: ConditionType.Ready, status: 'False' as const, reason, message }];
  try {
    await writeStatus(ctx, shop, nextStatus(shop, withKstatusConditions(conditions), rest, ctx.now()));
  } catch (error) {
    // The status is for people; a failed write must not stop the deletion's progress.
    ctx.log('warn', 'could not write the status of a shop being deleted', { error: errorMessage(error) });
  }
}
