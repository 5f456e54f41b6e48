// The shop's finalizers, in one place. Each one holds a deletion until its part of the shop is carried out:
//   dhakacart.io/aws-data        the deletion policy for RDS (deletion protection lifted only under Snapshot
//                                or Delete), reconcile/aws.ts
//   dhakacart.io/final-snapshot  the final inCluster snapshot of a deletionPolicy Snapshot shop,
//                                reconcile/backups/deletion.ts
// They are written with server-side apply under the operator's field manager, which owns the whole set it
// sends: so every change sends all of the operator's finalizers that should remain, never just one.
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_VERSION, type DhakaCart, KIND } from '../types.ts';
import type { ReconcileContext } from './context.ts';

export const AWS_FINALIZER = 'dhakacart.io/aws-data';
export const FINAL_SNAPSHOT_FINALIZER = 'dhakacart.io/final-snapshot';
const OURS = new Set([AWS_FINALIZER, FINAL_SNAPSHOT_FINALIZER]);

export function hasFinalizer(shop: DhakaCart, finalizer: string): boolean {
  return shop.metadata.finalizers?.includes(finalizer) ?? false;
}

/**
 * Adds (`wanted`) or removes one of the operator's finalizers on the shop, keeping its others; writes
 * nothing when the shop already has it so. Other controllers' finalizers are theirs and never sent.
 */
export async function setFinalizer(
  ctx: ReconcileContext,
  shop: DhakaCart,
  finalizer: string,
  wanted: boolean,
): Promise<void> {
  if (hasFinalizer(shop, finalizer) === wanted) return;
  const kept = (shop.metadata.finalizers ?? []).filter((f) => OURS.has(f) && f !== finalizer);
  await ctx.client.apply({
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: {
      name: shop.metadata.name,
      namespace: shop.metadata.namespace,
      finalizers: wanted ? [...kept, finalizer] : kept,
    },
  } as KubernetesObject);
}
