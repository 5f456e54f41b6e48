// The inCluster volume that holds snapshot files.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { desiredBackupsClaim } from '../../desired/backups/jobs.ts';
import { errorMessage, statusCode } from '../../kube/client.ts';
import { toWire } from '../../kube/wire.ts';
import type { DhakaCart } from '../../types.ts';
import { announce } from '../apply.ts';
import { cached, type ReconcileContext } from '../context.ts';

/** The volume for snapshot files: created once, never rewritten (its size is fixed at creation). */
export async function ensureBackupsClaim(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
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
