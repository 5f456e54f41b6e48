// autoscaling/v2 HorizontalPodAutoscalers: bounds from spec.*.replicas, the API's raised by spec.capacity.
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { DhakaCart, ReplicaBounds } from '../types.ts';
import { apiReplicaBounds, TARGET_UTILISATION } from './capacity.ts';
import { type Component, childMeta, childName } from './meta.ts';

function hpa(
  shop: DhakaCart,
  component: Component,
  name: string,
  bounds: ReplicaBounds,
): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: childMeta(shop, name, component),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: bounds.min,
      maxReplicas: bounds.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: Math.round(TARGET_UTILISATION * 100) },
          },
        },
      ],
      behavior: {
        // Scale up fast when the sale opens; scale down slowly so a lull does not strand the next wave.
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 15 },
            { type: 'Pods', value: 10, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: shop.spec.autoscaling.scaleDownStabilizationSeconds,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
        },
      },
    },
  };
}

export function desiredApiHpa(shop: DhakaCart): V2HorizontalPodAutoscaler {
  return hpa(shop, 'api', childName.api(shop), apiReplicaBounds(shop.spec).api);
}

export function desiredStorefrontHpa(shop: DhakaCart): V2HorizontalPodAutoscaler {
  return hpa(shop, 'storefront', childName.storefront(shop), shop.spec.storefront.replicas);
}
