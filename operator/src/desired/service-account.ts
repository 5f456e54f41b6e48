// One ServiceAccount per workload, none with a token mounted: no shop pod talks to the Kubernetes API.
import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { type Component, childMeta } from './meta.ts';

export function desiredServiceAccount(shop: DhakaCart, component: Component, name: string): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: childMeta(shop, name, component),
    automountServiceAccountToken: false,
  };
}
