// The connection budget and the PgBouncer children: what a platform engineer would check before a sale.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peakShop, sample } from '../fixtures/shops.ts';
import { makeShop } from '../types.ts';
import { apiReplicaBounds } from './capacity.ts';
import { desiredChildren } from './children.ts';
import { desiredConfigMap } from './config-map.ts';
import {
  API_POOL_PER_POD,
  connectionBudget,
  MAINTENANCE_CONNECTIONS,
  POOLERS,
  SUPERUSER_RESERVED_CONNECTIONS,
} from './connections.ts';
import { apiEnv } from './deployment.ts';
import { desiredMigrationJob } from './migration-job.ts';
import { desiredNetworkPolicies } from './network-policy.ts';
import {
  desiredPgbouncerConfigMap,
  desiredPgbouncerDeployment,
  desiredPgbouncerService,
  PGBOUNCER_PORT,
} from './pgbouncer.ts';
import { desiredPostgresStatefulSet } from './postgres.ts';

const ini = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes(' = '))
      .map((line) => line.split(' = ') as [string, string]),
  );

const shopWithMax = (max: number) =>
  makeShop('eid-sale', 'shop', { version: '1.4.0', api: { replicas: { min: 1, max } } });

test('the budget at the issue’s numbers: 60 pods × 10 connections fit PostgreSQL’s default 100 through the pooler', () => {
  const budget = connectionBudget(sample.spec);
  assert.is(budget.clientConnections, 600);
  assert.ok(budget.maxClientConn >= 60 * API_POOL_PER_POD, 'every API connection is accepted by one pooler');
  assert.ok(budget.maxConnections <= 100, `max_connections ${budget.maxConnections} within the default 100`);
  assert.is(
    budget.maxConnections,
    POOLERS * (budget.defaultPoolSize + budget.reservePoolSize) +
      SUPERUSER_RESERVED_CONNECTIONS +
      MAINTENANCE_CONNECTIONS,
  );
});

test('the budget holds its two inequalities for every HPA maximum from 1 to 500, and follows spec.capacity', () => {
  for (let max = 1; max <= 500; max++) {
    const b = connectionBudget(shopWithMax(max).spec);
    assert.ok(max * API_POOL_PER_POD <= b.maxClientConn, `clients fit max_client_conn at max ${max}`);
    assert.ok(
      POOLERS * b.maxDbConnections + SUPERUSER_RESERVED_CONNECTIONS + MAINTENANCE_CONNECTIONS <=
        b.maxConnections,
      `server connections fit max_connections at max ${max}`,
    );
    assert.ok(b.defaultPoolSize >= 1 && b.reservePoolSize >= 1);
  }
  // spec.capacity raises the HPA maximum; the client side grows with it, the server side stays bounded.
  const peak = connectionBudget(peakShop.spec);
  assert.is(peak.clientConnections, apiReplicaBounds(peakShop.spec).api.max * API_POOL_PER_POD);
  assert.is(peak.maxConnections, connectionBudget(sample.spec).maxConnections);
  // A small shop needs no multiplexing: its pool is no larger than its clients.
  const small = connectionBudget(shopWithMax(1).spec);
  assert.ok(POOLERS * small.defaultPoolSize <= Math.max(POOLERS, small.clientConnections));
});

test('pgbouncer.ini: transaction pooling, SCRAM, the budget’s sizes, the PostgreSQL Service, no password', () => {
  const budget = connectionBudget(sample.spec);
  const text = desiredPgbouncerConfigMap(sample).data?.['pgbouncer.ini'] ?? '';
  const settings = ini(text);
  assert.is(settings.pool_mode, 'transaction');
  assert.is(settings.auth_type, 'scram-sha-256');
  assert.is(settings.max_client_conn, String(budget.maxClientConn));
  assert.is(settings.default_pool_size, String(budget.defaultPoolSize));
  assert.is(settings.reserve_pool_size, String(budget.reservePoolSize));
  assert.is(settings.max_db_connections, String(budget.maxDbConnections));
  assert.is(settings.listen_port, String(PGBOUNCER_PORT));
  assert.match(settings.dhakacart ?? '', 'host=eid-sale-postgres port=5432 dbname=dhakacart');
  assert.match(settings.ignore_startup_parameters ?? '', 'statement_timeout');
  // A stopped PostgreSQL becomes a quick error (503 at the API), and PgBouncer is back a second after it is.
  assert.is(settings.query_wait_timeout, '3');
  assert.is(settings.server_login_retry, '1');
  assert.not.match(text, /password/i);
});

test('PgBouncer Deployment: two restricted replicas, probes on itself only, credentials by Secret reference', () => {
  const d = desiredPgbouncerDeployment(sample);
  const pod = d.spec?.template.spec;
  const c = pod?.containers[0];
  assert.is(d.spec?.replicas, POOLERS);
  assert.is(c?.image, 'ghcr.io/dhakacart/pgbouncer:1.18');
  assert.is(pod?.securityContext?.runAsNonRoot, true);
  assert.is(pod?.securityContext?.seccompProfile?.type, 'RuntimeDefault');
  assert.is(c?.securityContext?.readOnlyRootFilesystem, true);
  assert.is(c?.securityContext?.allowPrivilegeEscalation, false);
  assert.equal(c?.securityContext?.capabilities?.drop, ['ALL']);
  assert.is(pod?.automountServiceAccountToken, false);
  assert.is(c?.readinessProbe?.tcpSocket?.port, 'pgbouncer');
  assert.is(c?.livenessProbe?.tcpSocket?.port, 'pgbouncer');
  const password = c?.env?.find((e) => e.name === 'PGBOUNCER_PASSWORD');
  assert.is(password?.value, undefined);
  assert.is(password?.valueFrom?.secretKeyRef?.name, 'eid-sale-postgres-credentials');
  // A new pool size rolls the pods: the ini's digest is in the pod template.
  const bigger = desiredPgbouncerDeployment(shopWithMax(1));
  assert.is.not(
    bigger.spec?.template.metadata?.annotations?.['dhakacart.io/pgbouncer-ini'],
    d.spec?.template.metadata?.annotations?.['dhakacart.io/pgbouncer-ini'],
  );
  assert.is(desiredPgbouncerService(sample).spec?.ports?.[0]?.port, PGBOUNCER_PORT);
});

test('inCluster children include the pooler and its budget; aws has none', () => {
  const names = desiredChildren(sample, { apiVersion: '1.4.0' }).map((o) => `${o.kind}/${o.metadata?.name}`);
  for (const want of [
    'Deployment/eid-sale-pgbouncer',
    'Service/eid-sale-pgbouncer',
    'ConfigMap/eid-sale-pgbouncer',
    'PodDisruptionBudget/eid-sale-pgbouncer',
    'ServiceAccount/eid-sale-pgbouncer',
    'NetworkPolicy/eid-sale-pgbouncer',
  ])
    assert.ok(names.includes(want), `${want} missing`);
  const aws = makeShop('eid-sale', 'shop', { version: '1.4.0', platform: 'aws' });
  assert.not.ok(desiredNetworkPolicies(aws).some((p) => p.metadata?.name === 'eid-sale-pgbouncer'));
});

test('the API goes through PgBouncer with unnamed statements and its budgeted pool; the migration goes direct', () => {
  const url = (env: ReturnType<typeof apiEnv>) => env.find((e) => e.name === 'DATABASE_URL')?.value ?? '';
  assert.match(url(apiEnv(sample)), `@eid-sale-pgbouncer:${PGBOUNCER_PORT}/dhakacart`);
  const migrate = desiredMigrationJob(sample, '1.4.0').spec?.template.spec?.containers[0]?.env ?? [];
  assert.match(url(migrate), '@eid-sale-postgres:5432/dhakacart');
  const config = desiredConfigMap(sample).data ?? {};
  assert.is(config.DB_POOL_MAX, String(API_POOL_PER_POD));
  assert.is(config.DB_NAMED_STATEMENTS, 'false');
});

test('NetworkPolicies: API → PgBouncer → PostgreSQL; PostgreSQL admits PgBouncer and the jobs, not the API', () => {
  const policies = desiredNetworkPolicies(sample) as unknown as {
    metadata: { name: string };
    spec: {
      ingress?: {
        _from?: { podSelector?: { matchLabels: Record<string, string> } }[];
        ports?: { port: number }[];
      }[];
      egress?: {
        to?: { podSelector?: { matchLabels: Record<string, string> } }[];
        ports?: { port: number }[];
      }[];
    };
  }[];
  const named = (name: string) => policies.find((p) => p.metadata.name === name);
  const component = (peer: { podSelector?: { matchLabels: Record<string, string> } }) =>
    peer.podSelector?.matchLabels['app.kubernetes.io/component'];
  const api = named('eid-sale-api');
  assert.equal(api?.spec.egress?.[0]?.to?.map(component), ['pgbouncer']);
  assert.equal(
    api?.spec.egress?.[0]?.ports?.map((p) => p.port),
    [PGBOUNCER_PORT],
  );
  const pooler = named('eid-sale-pgbouncer');
  assert.equal(pooler?.spec.ingress?.[0]?._from?.map(component), ['api']);
  assert.equal(pooler?.spec.egress?.[0]?.to?.map(component), ['postgres']);
  assert.equal(named('eid-sale-postgres')?.spec.ingress?.[0]?._from?.map(component), [
    'pgbouncer',
    'migration',
  ]);
});

test('PostgreSQL: max_connections from the budget; a startup probe that outlasts a long recovery; liveness on the postmaster only', () => {
  const c = desiredPostgresStatefulSet(sample).spec?.template.spec?.containers[0];
  assert.equal(c?.args, ['-c', `max_connections=${connectionBudget(sample.spec).maxConnections}`]);
  const startup = c?.startupProbe;
  assert.ok((startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0) >= 1800, 'waits 30 minutes');
  // Exit 1 of pg_isready (rejecting connections: recovering) counts as alive; only no answer fails.
  assert.match(c?.livenessProbe?.exec?.command?.join(' ') ?? '', 'test $? -le 1');
  assert.equal(startup?.exec?.command, c?.livenessProbe?.exec?.command);
  assert.match(c?.readinessProbe?.exec?.command?.join(' ') ?? '', 'pg_isready');
});

test.run();
