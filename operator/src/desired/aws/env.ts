// The API's environment on `platform: aws`. Host and port come from the provider's connection Secrets,
// passwords from the operator's generated Secrets (the same ones RDS and ElastiCache were given), and the
// URLs are composed by the kubelet from those variables, so no credential is ever written into a spec.
import type { V1EnvVar } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { childName } from '../meta.ts';
import { DATABASE_NAME, DATABASE_USER } from './database.ts';
import { awsChildName } from './network.ts';

/** Whether the endpoints speak TLS, as the provider observed them (a stand-in may serve plain TCP). */
export interface EndpointTls {
  database: boolean;
  cache: boolean;
}

const fromSecret = (name: string, secret: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

/**
 * DATABASE_URL and REDIS_URL for the API and its migration Job. With TLS, PostgreSQL uses libpq's `require`
 * (encrypted; verifying the RDS certificate needs the RDS CA bundle in the image) and Redis uses `rediss://`
 * (ElastiCache certificates chain to a public root Node already trusts).
 */
export function awsApiEnv(shop: DhakaCart, tls: EndpointTls): V1EnvVar[] {
  const db = awsChildName.postgresConnection(shop);
  const cache = awsChildName.redisConnection(shop);
  const sslmode = tls.database ? '?uselibpqcompat=true&sslmode=require' : '';
  const tokenRef = shop.spec.api.adminTokenSecretRef;
  return [
    fromSecret('DATABASE_HOST', db, 'address'),
    fromSecret('DATABASE_PORT', db, 'port'),
    fromSecret('DATABASE_PASSWORD', childName.postgresCredentials(shop), 'password'),
    {
      name: 'DATABASE_URL',
      value: `postgres://${DATABASE_USER}:$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/${DATABASE_NAME}${sslmode}`,
    },
    fromSecret('REDIS_HOST', cache, 'primary_endpoint_address'),
    fromSecret('REDIS_PORT', cache, 'port'),
    fromSecret('REDIS_PASSWORD', childName.redisCredentials(shop), 'password'),
    {
      name: 'REDIS_URL',
      value: `${tls.cache ? 'rediss' : 'redis'}://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)`,
    },
    tokenRef
      ? fromSecret('ADMIN_TOKEN', tokenRef.name, tokenRef.key ?? 'token')
      : fromSecret('ADMIN_TOKEN', childName.adminToken(shop), 'token'),
  ];
}
