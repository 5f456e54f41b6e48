// Redis for platform inCluster: a cache (carts and catalog pages), so one pod with no volume; a restart
// costs warm-up, never an order (orders live in PostgreSQL).
import type { V1Deployment } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { pullPolicy, redisImage } from './images.ts';
import { childMeta, childName, selectorLabels } from './meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from './pod-security.ts';

/** The redis user of operator/images/redis. */
export const REDIS_UID = 999;

export function desiredRedisDeployment(shop: DhakaCart): V1Deployment {
  const selector = selectorLabels(shop, 'redis');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMeta(shop, childName.redis(shop), 'redis'),
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      strategy: { type: 'Recreate' },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: childName.redis(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(REDIS_UID),
          containers: [
            {
              name: 'redis',
              image: redisImage(shop),
              imagePullPolicy: pullPolicy(shop),
              // The password comes from the environment so it never appears in the pod spec.
              command: [
                'sh',
                '-c',
                'exec redis-server --requirepass "$REDIS_PASSWORD" --maxmemory 200mb --maxmemory-policy allkeys-lru --save ""',
              ],
              env: [
                {
                  name: 'REDIS_PASSWORD',
                  valueFrom: { secretKeyRef: { name: childName.redisCredentials(shop), key: 'password' } },
                },
              ],
              ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { cpu: '1', memory: '256Mi' },
              },
              readinessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 15 },
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };
}
