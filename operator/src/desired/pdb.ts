// PodDisruptionBudgets: a node drain takes at most spec.availability.maxUnavailable pods of a component at once.
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { type Component, childMeta, childName, selectorLabels } from './meta.ts';

export function desiredPdb(shop: DhakaCart, component: Component): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMeta(shop, childName.pdb(shop, component), component),
    spec: {
      maxUnavailable: shop.spec.availability.maxUnavailable,
      selector: { matchLabels: selectorLabels(shop, component) },
      // Pods that are not ready yet may be evicted even when the budget is spent, so a drain cannot wedge.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
