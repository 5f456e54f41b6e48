// The Job that changes the database password during a deliberate rotation (reconcile/rotation.ts). It runs
// psql from the PostgreSQL image against the shop's database Service, with the pod labels of the migration
// Job so the same NetworkPolicies let it reach PostgreSQL and nothing else.
import { createHash } from 'node:crypto';
import type { V1Job } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { postgresImage, pullPolicy } from './images.ts';
import { childMeta, childName, selectorLabels } from './meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from './pod-security.ts';
import { POSTGRES_UID } from './postgres.ts';

/** The shop annotation whose new value asks for a new database password (any value not used before). */
export const ROTATE_ANNOTATION = 'dhakacart.io/rotate-database-password';
/** On the credentials Secret: the ROTATE_ANNOTATION value whose rotation has completed. */
export const ROTATED_ANNOTATION = 'dhakacart.io/rotated-for';
/** The credentials Secret's key holding the password being rotated to, until the database has it. */
export const NEXT_PASSWORD_KEY = 'next-password';
/** Label on rotation Jobs (their component label stays off, so the migration pruning never sees them). */
export const PURPOSE_LABEL = 'dhakacart.io/purpose';

/** Seconds the rotation Job waits for PostgreSQL to answer on its port before it gives up (exit 1). */
export const DATABASE_WAIT_SECONDS = 60;

/**
 * First waits until PostgreSQL answers (pg_isready, no login): a NetworkPolicy admits a new pod's address
 * only a moment after the pod starts (on the real node, kube-router refused a new pod's connections for about
 * a second), and psql starts in milliseconds, so without the wait every attempt, each a new pod with a new
 * address, was refused. Then idempotent: when the new password already works (a retry after the change) it
 * does nothing; otherwise it logs in with the current one and sets the new one. The passwords are hex
 * (desired/secrets.ts), so they need no quoting; they reach the script only through the environment, never
 * the command line.
 */
export const ROTATION_SCRIPT = [
  'set -eu',
  `waited=0; until pg_isready -q; do waited=$((waited + 1)); if [ "$waited" -ge ${DATABASE_WAIT_SECONDS} ]; then echo "PostgreSQL at $PGHOST did not answer within ${DATABASE_WAIT_SECONDS} s" >&2; exit 1; fi; sleep 1; done`,
  'if PGPASSWORD="$NEW_PASSWORD" psql -tAc "SELECT 1" >/dev/null 2>&1; then echo "the new password is already set"; exit 0; fi',
  `printf "ALTER ROLE \\"%s\\" PASSWORD '%s';\\n" "$PGUSER" "$NEW_PASSWORD" | PGPASSWORD="$OLD_PASSWORD" psql -v ON_ERROR_STOP=1 -q`,
  'PGPASSWORD="$NEW_PASSWORD" psql -tAc "SELECT 1" >/dev/null',
  'echo "the database password was changed"',
].join('\n');

/** `<shop>-rotate-<8 hex digits of the rotation request>`: one Job per request, so a retry is a new value. */
export function rotationJobName(shop: DhakaCart, request: string): string {
  return `${shop.metadata.name}-rotate-${createHash('sha256').update(request).digest('hex').slice(0, 8)}`;
}

export function desiredRotationJob(shop: DhakaCart, request: string): V1Job {
  const credentials = childName.postgresCredentials(shop);
  const fromSecret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: credentials, key } },
  });
  const meta = childMeta(shop, rotationJobName(shop, request));
  meta.labels = { ...meta.labels, [PURPOSE_LABEL]: 'credentials-rotation' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 300,
      template: {
        metadata: { labels: selectorLabels(shop, 'migration') },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: childName.postgres(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(POSTGRES_UID),
          containers: [
            {
              name: 'rotate',
              image: postgresImage(shop),
              imagePullPolicy: pullPolicy(shop),
              command: ['/bin/sh', '-c', ROTATION_SCRIPT],
              env: [
                { name: 'PGHOST', value: childName.postgres(shop) },
                { name: 'PGDATABASE', value: 'dhakacart' },
                { name: 'PGCONNECT_TIMEOUT', value: '5' },
                fromSecret('PGUSER', 'username'),
                fromSecret('OLD_PASSWORD', 'password'),
                fromSecret('NEW_PASSWORD', NEXT_PASSWORD_KEY),
              ],
              resources: {
                requests: { cpu: '50m', memory: '32Mi' },
                limits: { cpu: '200m', memory: '64Mi' },
              },
              securityContext: restrictedContainerSecurity(),
            },
          ],
        },
      },
    },
  };
}
