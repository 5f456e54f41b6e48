// The API's non-secret settings. Credentials never go here: they come from Secrets through env references.
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { API_POOL_PER_POD } from './connections.ts';
import { API_PORT, METRICS_PORT } from './deployment.ts';
import { childMeta, childName } from './meta.ts';

export function desiredConfigMap(shop: DhakaCart): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(shop, childName.config(shop), 'api'),
    data: {
      NODE_ENV: 'production',
      PORT: String(API_PORT),
      METRICS_PORT: String(METRICS_PORT),
      LOG_LEVEL: 'info',
      // The per-pod pool the connection budget (connections.ts) counts on.
      DB_POOL_MAX: String(API_POOL_PER_POD),
      // Behind PgBouncer 1.18 in transaction mode (inCluster) or RDS Proxy (aws), a named prepared statement
      // would be looked up on whichever server connection the next transaction gets, where it does not exist.
      DB_NAMED_STATEMENTS: 'false',
      SHOP_NAME: shop.metadata.name,
      PUBLIC_URL: shop.spec.ingress.host ? `https://${shop.spec.ingress.host}` : '',
    },
  };
}
