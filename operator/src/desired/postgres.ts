// PostgreSQL for platform inCluster: a one-pod StatefulSet with a PersistentVolumeClaim. Whether the claim
// outlives the shop follows spec.database.deletionPolicy through the StatefulSet's PVC retention policy.
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { connectionBudget } from './connections.ts';
import { postgresImage, pullPolicy } from './images.ts';
import { childLabels, childMeta, childName, selectorLabels } from './meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from './pod-security.ts';

/** The postgres user of operator/images/postgres. */
export const POSTGRES_UID = 70;
export const POSTGRES_DATA_VOLUME = 'data';
/**
 * Longest crash recovery (WAL replay) the startup probe waits for before the kubelet may restart PostgreSQL:
 * 30 minutes. Until the startup probe has passed, liveness is not checked, so a long replay is not killed and
 * started over in a loop.
 */
export const POSTGRES_STARTUP_SECONDS = 1800;

/** Name of the claim the StatefulSet creates for its single pod. */
export function postgresClaimName(shop: DhakaCart): string {
  return `${POSTGRES_DATA_VOLUME}-${childName.postgres(shop)}-0`;
}

export function desiredPostgresStatefulSet(shop: DhakaCart): V1StatefulSet {
  const selector = selectorLabels(shop, 'postgres');
  const secret = childName.postgresCredentials(shop);
  const db = shop.spec.database;
  const ready = ['pg_isready', '-U', 'dhakacart', '-d', 'dhakacart', '-h', '127.0.0.1'];
  // Alive is "the postmaster answers", even while it rejects connections during recovery (pg_isready exits 1);
  // only no answer at all (2) or a bad invocation (3) fails.
  const alive = ['sh', '-c', `${ready.join(' ')} -q; test $? -le 1`];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: childMeta(shop, childName.postgres(shop), 'postgres'),
    spec: {
      serviceName: childName.postgres(shop),
      replicas: 1,
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: db.deletionPolicy === 'Delete' ? 'Delete' : 'Retain',
        whenScaled: 'Retain',
      },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: childName.postgres(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 60,
          securityContext: restrictedPodSecurity(POSTGRES_UID),
          containers: [
            {
              name: 'postgres',
              image: postgresImage(shop),
              imagePullPolicy: pullPolicy(shop),
              // The entrypoint passes these to postgres: max_connections from the connection budget (the
              // poolers' server connections, the superuser's reserve and the maintenance jobs).
              args: ['-c', `max_connections=${connectionBudget(shop.spec).maxConnections}`],
              ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
              env: [
                { name: 'POSTGRES_USER', value: 'dhakacart' },
                { name: 'POSTGRES_DB', value: 'dhakacart' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
              startupProbe: {
                exec: { command: alive },
                periodSeconds: 5,
                failureThreshold: POSTGRES_STARTUP_SECONDS / 5,
              },
              readinessProbe: { exec: { command: ready }, periodSeconds: 5, failureThreshold: 3 },
              livenessProbe: {
                exec: { command: alive },
                periodSeconds: 15,
                failureThreshold: 4,
                timeoutSeconds: 5,
              },
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [
                { name: POSTGRES_DATA_VOLUME, mountPath: '/var/lib/postgresql/data' },
                { name: 'run', mountPath: '/var/run/postgresql' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'run', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: POSTGRES_DATA_VOLUME, labels: childLabels(shop, 'postgres') },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(db.storageClassName ? { storageClassName: db.storageClassName } : {}),
            resources: { requests: { storage: String(db.storage) } },
          },
        },
      ],
    },
  };
}
