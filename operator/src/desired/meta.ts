// Names, labels and owner references shared by every child of a DhakaCart. One place decides what a child is
// called so builders, reconcilers and tests agree.
import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';
import { API_VERSION, type DhakaCart, KIND } from '../types.ts';

export const MANAGED_BY = 'dhakacart-operator';
export const SHOP_LABEL = 'dhakacart.io/shop';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const VERSION_ANNOTATION = 'dhakacart.io/version';

export type Component = 'api' | 'storefront' | 'postgres' | 'pgbouncer' | 'redis' | 'migration';

/** Child object names: `<shop>-<suffix>`. The CRD caps shop names at 40 characters so these fit in 63. */
export const childName = {
  api: (shop: DhakaCart) => `${shop.metadata.name}-api`,
  storefront: (shop: DhakaCart) => `${shop.metadata.name}-storefront`,
  postgres: (shop: DhakaCart) => `${shop.metadata.name}-postgres`,
  redis: (shop: DhakaCart) => `${shop.metadata.name}-redis`,
  pgbouncer: (shop: DhakaCart) => `${shop.metadata.name}-pgbouncer`,
  config: (shop: DhakaCart) => `${shop.metadata.name}-config`,
  postgresCredentials: (shop: DhakaCart) => `${shop.metadata.name}-postgres-credentials`,
  redisCredentials: (shop: DhakaCart) => `${shop.metadata.name}-redis-credentials`,
  adminToken: (shop: DhakaCart) => `${shop.metadata.name}-admin-token`,
  migrationJob: (shop: DhakaCart, version: string) =>
    `${shop.metadata.name}-migrate-${version.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
      .slice(0, 63)
      .replace(/-+$/, ''),
  pdb: (shop: DhakaCart, component: Component) => `${shop.metadata.name}-${component}`,
  networkPolicy: (shop: DhakaCart, purpose: string) => `${shop.metadata.name}-${purpose}`,
  podMonitor: (shop: DhakaCart) => shop.metadata.name,
};

/** Labels that select a component's pods; stable for the life of the shop (selectors are immutable). */
export function selectorLabels(shop: DhakaCart, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'dhakacart',
    'app.kubernetes.io/instance': shop.metadata.name,
    [COMPONENT_LABEL]: component,
  };
}

/** Every label a child carries: the selector labels plus ownership markers the informers filter on. */
export function childLabels(shop: DhakaCart, component?: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'dhakacart',
    'app.kubernetes.io/instance': shop.metadata.name,
    ...(component ? { [COMPONENT_LABEL]: component } : {}),
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': 'dhakacart',
    [SHOP_LABEL]: shop.metadata.name,
  };
}

/** The controller owner reference that makes the garbage collector delete children with their shop. */
export function ownerReference(shop: DhakaCart): V1OwnerReference {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    name: shop.metadata.name,
    uid: shop.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Metadata of a child: name, namespace, labels, owner reference. */
export function childMeta(
  shop: DhakaCart,
  name: string,
  component?: Component,
  annotations?: Record<string, string>,
): V1ObjectMeta {
  return {
    name,
    namespace: shop.metadata.namespace,
    labels: childLabels(shop, component),
    ...(annotations ? { annotations } : {}),
    ownerReferences: [ownerReference(shop)],
  };
}
