// Removing what the spec no longer asks for (an Ingress after ingress.enabled: false). Only kinds the
// operator applies are considered, only objects this shop controls, and never Secrets or volumes.
import type { KubernetesObject } from '@kubernetes/client-node';
import { SHOP_LABEL } from '../desired/meta.ts';
import type { DhakaCart } from '../types.ts';
import { announce } from './apply.ts';
import type { ReconcileContext } from './context.ts';

const PRUNABLE = ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'] as const;

export async function cleanupChildren(
  ctx: ReconcileContext,
  shop: DhakaCart,
  desired: KubernetesObject[],
): Promise<void> {
  const wanted = new Set(desired.map((o) => `${o.kind}/${o.metadata?.name}`));
  for (const kind of PRUNABLE) {
    for (const object of ctx.children[kind].list()) {
      const meta = object.metadata;
      if (meta?.namespace !== shop.metadata.namespace || meta.labels?.[SHOP_LABEL] !== shop.metadata.name)
        continue;
      if (!meta.ownerReferences?.some((o) => o.controller && o.uid === shop.metadata.uid)) continue;
      if (wanted.has(`${kind}/${meta.name}`)) continue;
      await ctx.client.delete({
        apiVersion: object.apiVersion,
        kind,
        metadata: { name: meta.name, namespace: meta.namespace },
      });
      await announce(
        ctx,
        shop,
        'Normal',
        'Deleted',
        `Deleted ${kind} ${meta.name}: the spec no longer asks for it`,
      );
    }
  }
}
