// The API's environment on `platform: aws`. Host and port come from the provider's connection Secrets (the
// API's database host is its route instead: the RDS Proxy's endpoint, or the instance's address until the
// proxy has one), passwords from the Secrets ESO makes from Secrets Manager, and the TLS parts and the route
// from the endpoints ConfigMap, which records what the provider observed. The kubelet composes
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

/** The RDS Proxy as the provider observed it: its endpoint (a host name) and whether it requires TLS. */
export interface ObservedProxy {
  endpoint: string;
  requireTls: boolean;
}

/**
 * Where the API reaches PostgreSQL: the RDS Proxy once the provider reports its endpoint, the instance's
 * address before that. A shop made before the proxy existed (an operator upgrade) thus keeps its API on
 * the instance while the proxy is created, instead of starting pods that wait for an endpoint, and moves to
 * the proxy once it answers (the changed ConfigMap rolls the API's pods: pod-inputs.ts).
 */
export interface DatabaseRoute {
  via: 'proxy' | 'instance';
  host: string;
  /** The URL query (TLS) for that host. */
  query: string;
}

/**
 * The API's database route from what the provider observed: the proxy's endpoint when there is one, else
 * the instance's address (with the instance's TLS), else undefined (nothing to connect to yet).
 */
export function databaseRoute(
  tls: EndpointTls,
  proxy: ObservedProxy | undefined,
  instanceAddress: string | undefined,
): DatabaseRoute | undefined {
  if (proxy) return { via: 'proxy', host: proxy.endpoint, query: proxy.requireTls ? DATABASE_TLS_QUERY : '' };
  if (instanceAddress)
    return { via: 'instance', host: instanceAddress, query: tls.database ? DATABASE_TLS_QUERY : '' };
  return undefined;
}

/**
 * The ConfigMap with the non-secret, observed parts of the endpoints: TLS or not, and the API's database
 * route (`DATABASE_API_HOST`, `DATABASE_API_URL_QUERY`) once there is one (until then the API is not started).
 */
export function desiredEndpointsConfigMap(
  shop: DhakaCart,
  tls: EndpointTls,
  route?: DatabaseRoute,
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(shop, awsChildName.endpoints(shop), 'api'),
    data: {
      DATABASE_URL_QUERY: tls.database ? DATABASE_TLS_QUERY : '',
      ...(route ? { DATABASE_API_HOST: route.host, DATABASE_API_URL_QUERY: route.query } : {}),
      REDIS_SCHEME: tls.cache ? 'rediss' : 'redis',
    },
  };
}

/**
 * DATABASE_URL and REDIS_URL (and the admin token) for the API (`via: 'pooler'`: the endpoints ConfigMap's
 * route, the RDS Proxy once it has an endpoint) and
 * its migration Job (`'direct'`: to the instance, since the migration's advisory lock needs a session of its
 * own). The proxy listens on the engine's port, which is the instance's (RDS's PostgreSQL default, 5432; the
 * instance sets no other), so DATABASE_PORT is the instance's either way.
 */
export function awsApiEnv(shop: DhakaCart, via: 'pooler' | 'direct' = 'pooler'): V1EnvVar[] {
  const db = awsChildName.postgresConnection(shop);
  const cache = awsChildName.redisConnection(shop);
  const endpoints = awsChildName.endpoints(shop);
  const tokenRef = shop.spec.api.adminTokenSecretRef;
  return [
    via === 'pooler'
      ? fromConfig('DATABASE_HOST', endpoints, 'DATABASE_API_HOST')
      : fromSecret('DATABASE_HOST', db, 'address'),
    fromSecret('DATABASE_PORT', db, 'port'),
    fromSecret('DATABASE_PASSWORD', childName.postgresCredentials(shop), 'password'),
    fromConfig(
      'DATABASE_URL_QUERY',
      endpoints,
      via === 'pooler' ? 'DATABASE_API_URL_QUERY' : 'DATABASE_URL_QUERY',
    ),
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
