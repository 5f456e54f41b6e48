// The API's environment on `platform: aws`. Host and port come from the provider's connection Secrets,
// passwords from the operator's generated Secrets (the same ones RDS and ElastiCache were given), and the
// TLS parts from the endpoints ConfigMap, which records what the provider observed. The kubelet composes
// DATABASE_URL and REDIS_URL from those variables, so no credential is ever written into a spec.
import type { V1ConfigMap, V1EnvVar } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { childMeta, childName } from '../meta.ts';
import { DATABASE_NAME, DATABASE_USER } from './database.ts';
import { awsChildName } from './network.ts';

/** Whether the endpoints speak TLS, as the provider observed them (a stand-in may serve plain TCP). */
export interface EndpointTls {
  database: boolean;
  cache: boolean;
}

/** PostgreSQL over TLS with libpq's `require`: encrypted; verifying RDS's certificate needs its CA bundle. */
export const DATABASE_TLS_QUERY = '?uselibpqcompat=true&sslmode=require';

const fromSecret = (name: string, secret: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});
const fromConfig = (name: string, configMap: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { configMapKeyRef: { name: configMap, key } },
});

/** The ConfigMap with the non-secret, observed parts of the endpoints: TLS or not. */
export function desiredEndpointsConfigMap(shop: DhakaCart, tls: EndpointTls): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(shop, awsChildName.endpoints(shop), 'api'),
    data: {
      DATABASE_URL_QUERY: tls.database ? DATABASE_TLS_QUERY : '',
      REDIS_SCHEME: tls.cache ? 'rediss' : 'redis',
    },
  };
}

/** DATABASE_URL and REDIS_URL (and the admin token) for the API and its migration Job. */
export function awsApiEnv(shop: DhakaCart): V1EnvVar[] {
  const db = awsChildName.postgresConnection(shop);
  const cache = awsChildName.redisConnection(shop);
  const endpoints = awsChildName.endpoints(shop);
  const tokenRef = shop.spec.api.adminTokenSecretRef;
  return [
    fromSecret('DATABASE_HOST', db, 'address'),
    fromSecret('DATABASE_PORT', db, 'port'),
    fromSecret('DATABASE_PASSWORD', childName.postgresCredentials(shop), 'password'),
    fromConfig('DATABASE_URL_QUERY', endpoints, 'DATABASE_URL_QUERY'),
    {
      name: 'DATABASE_URL',
      value: `postgres://${DATABASE_USER}:$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/${DATABASE_NAME}$(DATABASE_URL_QUERY)`,
    },
    fromSecret('REDIS_HOST', cache, 'primary_endpoint_address'),
    fromSecret('REDIS_PORT', cache, 'port'),
    fromSecret('REDIS_PASSWORD', childName.redisCredentials(shop), 'password'),
    fromConfig('REDIS_SCHEME', endpoints, 'REDIS_SCHEME'),
    { name: 'REDIS_URL', value: '$(REDIS_SCHEME)://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)' },
    tokenRef
      ? fromSecret('ADMIN_TOKEN', tokenRef.name, tokenRef.key ?? 'token')
      : fromSecret('ADMIN_TOKEN', childName.adminToken(shop), 'token'),
  ];
}
