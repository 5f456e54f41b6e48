// The backups part of a shop's reconcile, by platform: inCluster (pg_dump Jobs, incluster.ts) or aws (RDS
// snapshots, aws.ts). Deletion is in deletion.ts, the metrics in metrics.ts.
import type { DhakaCart } from '../../types.ts';
import type { ReconcileContext } from '../context.ts';
import { reconcileAwsBackups } from './aws.ts';
import { ensureFinalSnapshotFinalizer } from './deletion.ts';
import { reconcileInClusterBackups } from './incluster.ts';
import type { BackupsOutcome } from './outcome.ts';

/**
 * Restores, snapshots, pruning and drills of one shop, on its platform. `databaseReady`: the shop's database
 * accepts connections (restore and snapshot Jobs wait for it). Throws UserFixableError for what the user
 * must fix (a snapshot that does not exist), other errors for what a retry may fix.
 */
export async function reconcileBackups(
  ctx: ReconcileContext,
  shop: DhakaCart,
  databaseReady: boolean,
): Promise<BackupsOutcome> {
  if (shop.spec.platform === 'aws') return reconcileAwsBackups(ctx, shop);
  await ensureFinalSnapshotFinalizer(ctx, shop);
  return reconcileInClusterBackups(ctx, shop, databaseReady);
}
