// What backups need while an inCluster shop is deleted: under deletionPolicy Snapshot a finalizer holds the
// shop until its final snapshot has been taken.
import type { KubernetesObject, V1Job } from '@kubernetes/client-node';
import { backupName, desiredSnapshotJob } from '../../desired/backups/jobs.ts';
import { replacedBy } from '../../desired/backups/schedule.ts';
import { backupSpec, deletionPolicy } from '../../desired/backups/spec.ts';
import { API_VERSION, type DhakaCart, KIND } from '../../types.ts';
import { announce } from '../apply.ts';
import { cached, type ReconcileContext } from '../context.ts';
import { jobPhase } from '../migration.ts';
import { ensureBackupsClaim } from './claim.ts';
import { backupJobs, createJob, jobResult } from './jobs.ts';

/** Held on an inCluster shop with deletionPolicy Snapshot until its final snapshot has been taken. */
export const FINAL_SNAPSHOT_FINALIZER = 'dhakacart.io/final-snapshot';

/** Adds (deletionPolicy Snapshot) or drops (any other policy) the final-snapshot finalizer of an inCluster shop. */
export async function ensureFinalSnapshotFinalizer(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
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
