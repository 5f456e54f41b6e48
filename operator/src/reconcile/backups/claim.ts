// The inCluster volume that holds snapshot files. Its size is fixed at creation; its owner follows
// spec.database.deletionPolicy: owned by the shop (and so deleted with it) only under Delete.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { desiredBackupsClaim } from '../../desired/backups/jobs.ts';
import { SHOP_LABEL } from '../../desired/meta.ts';
import { errorMessage, statusCode } from '../../kube/client.ts';
import type { DhakaCart } from '../../types.ts';
import { announce, createOnce } from '../apply.ts';
import { cached, type ReconcileContext } from '../context.ts';

/**
 * Creates the backups volume once; on an existing one, sets or removes the shop's owner reference when
 * the deletion policy changed (a volume of the same name that this shop did not create is left alone).
 */
export async function ensureBackupsClaim(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  const desired = desiredBackupsClaim(shop);
  const name = desired.metadata?.name ?? '';
  const current = cached<V1PersistentVolumeClaim>(
    ctx,
    'PersistentVolumeClaim',
    shop.metadata.namespace,
    name,
  );
  if (current) return followPolicy(ctx, shop, current, desired);
  await createOnce(ctx, desired, {
    shop,
    reason: 'Created',
    message: `Created PersistentVolumeClaim ${name} for snapshots`,
  });
}

async function followPolicy(
  ctx: ReconcileContext,
  shop: DhakaCart,
  current: V1PersistentVolumeClaim,
  desired: V1PersistentVolumeClaim,
): Promise<void> {
  if (current.metadata?.labels?.[SHOP_LABEL] !== shop.metadata.name) return;
  const owned = (current.metadata?.ownerReferences ?? []).some((o) => o.uid === shop.metadata.uid);
  const wanted = desired.metadata?.ownerReferences ?? [];
  if (owned === wanted.length > 0) return;
  const name = current.metadata?.name;
  try {
    // The server's answer goes into the cache, so the next pass sees the owner as it is.
    ctx.children.PersistentVolumeClaim.prime(
      await ctx.client.setOwnerReferences(current, wanted),
      current.metadata?.resourceVersion,
    );
  } catch (error) {
    if (statusCode(error) === 404) return;
    throw new Error(`while setting the owner of PersistentVolumeClaim ${name}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  await announce(
    ctx,
    shop,
    'Normal',
    'Updated',
    wanted.length > 0
      ? `PersistentVolumeClaim ${name} is now owned by the shop: deletionPolicy Delete deletes it with the shop`
      : `PersistentVolumeClaim ${name} is no longer owned by the shop: it outlives the shop (deletionPolicy ${shop.spec.database.deletionPolicy ?? 'Retain'})`,
  );
}
