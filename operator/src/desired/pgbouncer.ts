// PgBouncer in front of the inCluster PostgreSQL, in transaction mode: the API's pods may together open
// HPA max × 10 connections, far more than PostgreSQL should serve; PgBouncer multiplexes them onto a few server
// connections (sizes from connections.ts). Two replicas behind a ClusterIP Service, so a rollout or a drain never
// leaves the API without a pooler.
//
// Authentication: the API logs in to PgBouncer with SCRAM-SHA-256, and PgBouncer logs in to PostgreSQL with
// SCRAM-SHA-256 using the same user and password. The image's entrypoint writes the userlist into a memory
// volume from the credentials Secret (an env reference), so no password is in the ConfigMap or the spec.
//
// PgBouncer from Debian bookworm is 1.18, which does not support named (protocol-level) prepared statements in
// transaction mode (1.21 added max_prepared_statements); the API is told to use unnamed statements only
// (DB_NAMED_STATEMENTS=false in config-map.ts).
import { createHash } from 'node:crypto';
import type { V1ConfigMap, V1Deployment, V1Service } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { type ConnectionBudget, connectionBudget, POOLERS } from './connections.ts';
import { pgbouncerImage, pullPolicy } from './images.ts';
import { childMeta, childName, selectorLabels } from './meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from './pod-security.ts';

/** The port PgBouncer listens on (its customary port, so a reader of a URL knows it is the pooler). */
export const PGBOUNCER_PORT = 6432;
/** The user of operator/images/pgbouncer (Debian's postgres user, adopted at uid 70). */
export const PGBOUNCER_UID = 70;
/** Where the image's entrypoint writes the userlist (an emptyDir in memory). */
export const PGBOUNCER_RUN_DIR = '/run/pgbouncer';
/**
 * Seconds a client's query waits for a server connection before PgBouncer answers with an error (SQLSTATE
 * 08P01). Short, so that while PostgreSQL is down the API answers checkout with 503 and Retry-After within
 * seconds instead of holding the shopper for PgBouncer's default of 120 s.
 */
export const QUERY_WAIT_TIMEOUT_SECONDS = 3;

/**
 * pgbouncer.ini for the shop: one database entry pointing at the PostgreSQL Service, transaction pooling, SCRAM.
 * Option names and meanings: https://www.pgbouncer.org/config.html (1.18).
 */
export function pgbouncerIni(
  shop: DhakaCart,
  budget: ConnectionBudget = connectionBudget(shop.spec),
): string {
  const lines = [
    '[databases]',
    // The API's statement_timeout startup parameter is not forwarded by PgBouncer (ignored below), so every
    // server connection sets it instead.
    `dhakacart = host=${childName.postgres(shop)} port=5432 dbname=dhakacart connect_query='SET statement_timeout = 15000'`,
    '',
    '[pgbouncer]',
    'listen_addr = 0.0.0.0',
    `listen_port = ${PGBOUNCER_PORT}`,
    // No Unix socket: the root filesystem is read-only and nothing in the pod needs one.
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${PGBOUNCER_RUN_DIR}/userlist.txt`,
    'pool_mode = transaction',
    `max_client_conn = ${budget.maxClientConn}`,
    `default_pool_size = ${budget.defaultPoolSize}`,
    `reserve_pool_size = ${budget.reservePoolSize}`,
    'reserve_pool_timeout = 1',
    `max_db_connections = ${budget.maxDbConnections}`,
    `query_wait_timeout = ${QUERY_WAIT_TIMEOUT_SECONDS}`,
    // Reconnect to PostgreSQL quickly after it comes back (default 15 s).
    'server_login_retry = 1',
    'server_connect_timeout = 5',
    // PostgreSQL's Service is headless: a restarted pod has a new address. Look it up again after a few seconds
    // (PgBouncer's default keeps an address, or a "no such host", for 15 s).
    'dns_max_ttl = 5',
    'dns_nxdomain_ttl = 1',
    // node-postgres sends statement_timeout at connect; PgBouncer 1.18 refuses unknown startup parameters.
    'ignore_startup_parameters = extra_float_digits,statement_timeout',
    'log_connections = 0',
    'log_disconnections = 0',
    'stats_period = 60',
    '',
  ];
  return lines.join('\n');
}

export function desiredPgbouncerConfigMap(shop: DhakaCart): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(shop, childName.pgbouncer(shop), 'pgbouncer'),
    data: { 'pgbouncer.ini': pgbouncerIni(shop) },
  };
}

export function desiredPgbouncerDeployment(shop: DhakaCart): V1Deployment {
  const selector = selectorLabels(shop, 'pgbouncer');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMeta(shop, childName.pgbouncer(shop), 'pgbouncer'),
    spec: {
      replicas: POOLERS,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: selector,
          // A changed pool size reaches the pods through a rollout (the ini is read at start).
          annotations: { 'dhakacart.io/pgbouncer-ini': iniDigest(pgbouncerIni(shop)) },
        },
        spec: {
          serviceAccountName: childName.pgbouncer(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          securityContext: restrictedPodSecurity(PGBOUNCER_UID),
          // The two poolers on different nodes where there are several, so one node's loss leaves one serving.
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: selector },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: 'pgbouncer',
              image: pgbouncerImage(),
              imagePullPolicy: pullPolicy(shop),
              ports: [{ name: 'pgbouncer', containerPort: PGBOUNCER_PORT, protocol: 'TCP' }],
              env: [
                { name: 'PGBOUNCER_USER', value: 'dhakacart' },
                {
                  name: 'PGBOUNCER_PASSWORD',
                  valueFrom: { secretKeyRef: { name: childName.postgresCredentials(shop), key: 'password' } },
                },
              ],
              resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '1', memory: '128Mi' } },
              // Both probes look at PgBouncer alone, never at PostgreSQL: a database outage must not restart or
              // unroute the poolers (clients then get a quick error and the API answers 503).
              readinessProbe: { tcpSocket: { port: 'pgbouncer' }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { tcpSocket: { port: 'pgbouncer' }, periodSeconds: 10, failureThreshold: 3 },
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [
                { name: 'config', mountPath: '/etc/pgbouncer', readOnly: true },
                { name: 'run', mountPath: PGBOUNCER_RUN_DIR },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: childName.pgbouncer(shop) } },
            { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
          ],
        },
      },
    },
  };
}

/** The ClusterIP Service the API connects to (DATABASE_URL's host on inCluster). */
export function desiredPgbouncerService(shop: DhakaCart): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(shop, childName.pgbouncer(shop), 'pgbouncer'),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(shop, 'pgbouncer'),
      ports: [{ name: 'pgbouncer', port: PGBOUNCER_PORT, targetPort: 'pgbouncer', protocol: 'TCP' }],
    },
  };
}

/** A short, stable digest of the ini, to roll the pods when it changes. */
function iniDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
