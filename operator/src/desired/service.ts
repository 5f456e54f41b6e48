// ClusterIP Services in front of the api and storefront pods, and the headless Services of PostgreSQL and Redis.
import type { V1Service } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { API_PORT, STOREFRONT_PORT } from './deployment.ts';
import { childMeta, childName, selectorLabels } from './meta.ts';

export function desiredApiService(shop: DhakaCart): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(shop, childName.api(shop), 'api'),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(shop, 'api'),
      ports: [{ name: 'http', port: API_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

export function desiredStorefrontService(shop: DhakaCart): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(shop, childName.storefront(shop), 'storefront'),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(shop, 'storefront'),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** Headless: the StatefulSet's stable DNS name `<shop>-postgres-0.<shop>-postgres` and the client address. */
export function desiredPostgresService(shop: DhakaCart): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(shop, childName.postgres(shop), 'postgres'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: false,
      selector: selectorLabels(shop, 'postgres'),
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    },
  };
}

export function desiredRedisService(shop: DhakaCart): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(shop, childName.redis(shop), 'redis'),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(shop, 'redis'),
      ports: [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }],
    },
  };
}

export { STOREFRONT_PORT };
