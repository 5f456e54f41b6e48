// The api and storefront Deployments. Neither sets spec.replicas: the HorizontalPodAutoscaler owns the count,
// and the reconciler seeds it with the minimum only when it creates the Deployment.
import type { V1Container, V1Deployment, V1EnvVar, V1ResourceRequirements } from '@kubernetes/client-node';
import type { DhakaCart, Resources } from '../types.ts';
import { awsApiEnv } from './aws/env.ts';
import { apiImage, pullPolicy, storefrontImage } from './images.ts';
import { childMeta, childName, selectorLabels, VERSION_ANNOTATION } from './meta.ts';
import { PGBOUNCER_PORT } from './pgbouncer.ts';
import { restrictedContainerSecurity, restrictedPodSecurity, zoneSpread } from './pod-security.ts';

export const API_PORT = 3000;
export const STOREFRONT_PORT = 8080;
/**
 * Where the API and the storefront serve /metrics (their METRICS_PORT), in a container port named `metrics`:
 * apart from the public port, so the NetworkPolicy opens it to Prometheus's namespace alone.
 */
export const METRICS_PORT = 9464;
/** Non-root uid the API and storefront images run as. */
export const APP_UID = 1000;
/**
 * Seconds a terminating pod keeps serving before it stops accepting requests, so load balancers (kube-proxy,
 * an ALB with its deregistration delay) stop sending new requests first.
 */
export const PRESTOP_DRAIN_SECONDS = 15;

const DEFAULT_API_RESOURCES: Resources = {
  requests: { cpu: '500m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const DEFAULT_STOREFRONT_RESOURCES: Resources = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};

/** Quantities as strings (the API's form), the spec's values over the defaults. */
function resources(given: Resources | undefined, fallback: Resources): V1ResourceRequirements {
  const strings = (q: Record<string, string | number | undefined>) =>
    Object.fromEntries(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
  return {
    requests: strings({ ...fallback.requests, ...given?.requests }),
    limits: strings({ ...fallback.limits, ...given?.limits }),
  };
}

function scrapeAnnotations(shop: DhakaCart, port: number): Record<string, string> {
  return shop.spec.monitoring.scrape
    ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' }
    : {};
}

/**
/**
 * `SHOP_NAME`: the shop's name, which the API and the storefront server put in every log line's `shop` field
 * (api/src/shared/logger.ts, storefront/src/server/observe.ts). Their metrics get `shop` as a target label
 * from the scrape (desired/pod-monitor.ts), not from the process.
 */
function shopNameEnv(shop: DhakaCart): V1EnvVar {
  return { name: 'SHOP_NAME', value: shop.metadata.name };
}

/**
 * The environment the API reads: non-secret settings from the ConfigMap, credentials from Secrets. The API
 * reaches PostgreSQL through the pooler (`via: 'pooler'`: PgBouncer on inCluster, the RDS Proxy on aws); the
 * migration Job connects `direct`ly, since its advisory lock needs a session of its own.
 */
export function apiEnv(shop: DhakaCart, via: 'pooler' | 'direct' = 'pooler'): V1EnvVar[] {
  if (shop.spec.platform === 'aws') return [shopNameEnv(shop), ...awsApiEnv(shop, via)];
  const database =
    via === 'pooler' ? `${childName.pgbouncer(shop)}:${PGBOUNCER_PORT}` : `${childName.postgres(shop)}:5432`;
  const tokenRef = shop.spec.api.adminTokenSecretRef;
  return [
    shopNameEnv(shop),
    {
      name: 'DATABASE_PASSWORD',
      valueFrom: { secretKeyRef: { name: childName.postgresCredentials(shop), key: 'password' } },
    },
    {
      name: 'DATABASE_URL',
      value: `postgres://dhakacart:$(DATABASE_PASSWORD)@${database}/dhakacart`,
    },
    {
      name: 'REDIS_PASSWORD',
      valueFrom: { secretKeyRef: { name: childName.redisCredentials(shop), key: 'password' } },
    },
    { name: 'REDIS_URL', value: `redis://:$(REDIS_PASSWORD)@${childName.redis(shop)}:6379` },
    {
      name: 'ADMIN_TOKEN',
      valueFrom: {
        secretKeyRef: tokenRef
          ? { name: tokenRef.name, key: tokenRef.key ?? 'token' }
          : { name: childName.adminToken(shop), key: 'token' },
      },
    },
  ];
}

function apiContainer(shop: DhakaCart, version: string): V1Container {
  return {
    name: 'api',
    image: apiImage(shop, version),
    imagePullPolicy: pullPolicy(shop),
    ports: [
      { name: 'http', containerPort: API_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
    ],
    envFrom: [{ configMapRef: { name: childName.config(shop) } }],
    env: apiEnv(shop),
    resources: resources(shop.spec.api.resources, DEFAULT_API_RESOURCES),
    readinessProbe: {
      httpGet: { path: '/readyz', port: 'http' },
      periodSeconds: 5,
      failureThreshold: 2,
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 3,
    },
    startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, failureThreshold: 30 },
    lifecycle: { preStop: { sleep: { seconds: PRESTOP_DRAIN_SECONDS } } },
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The API Deployment running `version` (the newest version whose migration succeeded). */
export function desiredApiDeployment(shop: DhakaCart, version: string): V1Deployment {
  const selector = selectorLabels(shop, 'api');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMeta(shop, childName.api(shop), 'api', { [VERSION_ANNOTATION]: version }),
    spec: {
      selector: { matchLabels: selector },
      progressDeadlineSeconds: shop.spec.rollout.progressDeadlineSeconds,
      revisionHistoryLimit: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: {
          labels: { ...selector, 'dhakacart.io/version': version },
          annotations: scrapeAnnotations(shop, METRICS_PORT),
        },
        spec: {
          serviceAccountName: childName.api(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: PRESTOP_DRAIN_SECONDS + 30,
          securityContext: restrictedPodSecurity(APP_UID),
          topologySpreadConstraints: zoneSpread(shop, selector),
          containers: [apiContainer(shop, version)],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

/** The storefront Deployment: static files behind a small web server on 8080; it calls the API through /api. */
export function desiredStorefrontDeployment(shop: DhakaCart, version: string): V1Deployment {
  const selector = selectorLabels(shop, 'storefront');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMeta(shop, childName.storefront(shop), 'storefront', { [VERSION_ANNOTATION]: version }),
    spec: {
      selector: { matchLabels: selector },
      progressDeadlineSeconds: shop.spec.rollout.progressDeadlineSeconds,
      revisionHistoryLimit: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: {
          labels: { ...selector, 'dhakacart.io/version': version },
          annotations: {},
        },
        spec: {
          serviceAccountName: childName.storefront(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: PRESTOP_DRAIN_SECONDS + 15,
          securityContext: restrictedPodSecurity(APP_UID),
          topologySpreadConstraints: zoneSpread(shop, selector),
          containers: [
            {
              name: 'storefront',
              image: storefrontImage(shop, version),
              imagePullPolicy: pullPolicy(shop),
              ports: [
                { name: 'http', containerPort: STOREFRONT_PORT, protocol: 'TCP' },
                { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
              ],
              env: [
                shopNameEnv(shop),
                { name: 'METRICS_PORT', value: String(METRICS_PORT) },
                { name: 'API_URL', value: `http://${childName.api(shop)}:${API_PORT}` },
              ],
              resources: resources(shop.spec.storefront.resources, DEFAULT_STOREFRONT_RESOURCES),
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
              lifecycle: { preStop: { sleep: { seconds: PRESTOP_DRAIN_SECONDS } } },
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '32Mi' } }],
        },
      },
    },
  };
}
