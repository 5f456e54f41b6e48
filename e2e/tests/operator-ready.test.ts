// The sample becomes Ready with every child in place, owned and as specified; a spec change reaches the
// children; a no-op resync writes nothing; a missing referenced Secret shows as Ready=False until it exists.
// The operator runs as the Helm chart's ServiceAccount, so a missing RBAC rule fails here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  condition,
  ensureCrd,
  eventsAbout,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  sampleShop,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;
const SHOP = 'eid-sale';

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-ready');
  await providePostgresVolume(ns.name, SHOP);
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '2' });
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

test('the sample becomes Ready and every child exists, owned by the DhakaCart', async () => {
  await k(['apply', '-f', '-'], sampleShop(SHOP, ns.name));
  const shop = await waitReady(ns.name, SHOP);
  assert.is(shop.status?.version, '1.4.0');
  assert.is(shop.status?.api?.replicas, '3/3');
  const expected: Record<string, string[]> = {
    deployment: ['eid-sale-api', 'eid-sale-pgbouncer', 'eid-sale-redis', 'eid-sale-storefront'],
    statefulset: ['eid-sale-postgres'],
    service: [
      'eid-sale-api',
      'eid-sale-pgbouncer',
      'eid-sale-postgres',
      'eid-sale-redis',
      'eid-sale-storefront',
    ],
    serviceaccount: [
      'eid-sale-api',
      'eid-sale-pgbouncer',
      'eid-sale-postgres',
      'eid-sale-redis',
      'eid-sale-storefront',
    ],
    horizontalpodautoscaler: ['eid-sale-api', 'eid-sale-storefront'],
    poddisruptionbudget: ['eid-sale-api', 'eid-sale-pgbouncer', 'eid-sale-storefront'],
    ingress: ['eid-sale'],
    networkpolicy: [
      'eid-sale-allow-dns',
      'eid-sale-api',
      'eid-sale-default-deny',
      'eid-sale-migration',
      'eid-sale-pgbouncer',
      'eid-sale-postgres',
      'eid-sale-redis',
      'eid-sale-storefront',
    ],
    configmap: ['eid-sale-config', 'eid-sale-pgbouncer'],
    secret: ['eid-sale-admin-token', 'eid-sale-postgres-credentials', 'eid-sale-redis-credentials'],
    job: ['eid-sale-migrate-1-4-0'],
  };
  for (const [kind, names] of Object.entries(expected)) {
    const list = await getJson<{
      items: {
        metadata: { name: string; ownerReferences?: { kind: string; uid: string; controller?: boolean }[] };
      }[];
    }>(['get', kind, '-n', ns.name, '-l', 'app.kubernetes.io/managed-by=dhakacart-operator']);
    assert.equal(list.items.map((i) => i.metadata.name).sort(), names, kind);
    for (const item of list.items) {
      const owner = item.metadata.ownerReferences?.find((o) => o.controller);
      assert.is(owner?.kind, 'DhakaCart', `${kind}/${item.metadata.name} owner`);
      assert.is(owner?.uid, shop.metadata.uid);
    }
  }
});

test('children are as specified: images, probes, security, autoscaling bounds, database volume', async () => {
  const api = await getJson(['get', 'deployment', 'eid-sale-api', '-n', ns.name]);
  const container = api.spec.template.spec.containers[0];
  assert.is(container.image, 'ghcr.io/dhakacart/api:1.4.0');
  assert.is(container.readinessProbe.httpGet.path, '/readyz');
  assert.is(container.securityContext.readOnlyRootFilesystem, true);
  assert.is(api.spec.strategy.rollingUpdate.maxUnavailable, 0);
  const hpa = await getJson(['get', 'hpa', 'eid-sale-api', '-n', ns.name]);
  // The sample's capacity (20,000 visitors × 12/min = 4,000 req/s) needs 15 pods, less than max 60.
  assert.is(hpa.spec.minReplicas, 3);
  assert.is(hpa.spec.maxReplicas, 60);
  const pvc = await getJson(['get', 'pvc', 'data-eid-sale-postgres-0', '-n', ns.name]);
  assert.is(pvc.status.phase, 'Bound');
  const ready = await getShop(ns.name, SHOP);
  for (const type of ['ApiReady', 'StorefrontReady', 'DatabaseReady', 'CacheReady', 'MigrationSucceeded']) {
    assert.is(condition(ready, type)?.status, 'True', type);
  }
  assert.is(condition(ready, 'Degraded')?.status, 'False');
  assert.is(condition(ready, 'Progressing')?.status, 'False');
  const line = await k(['get', 'dc', SHOP, '-n', ns.name]);
  assert.match(line, /eid-sale\s+True\s+1\.4\.0\s+3\/3\s+2\/2/);
  const events = await eventsAbout(ns.name, SHOP);
  assert.match(events, 'Created');
});

test('a no-op resync of a converged shop makes zero writes', async () => {
  const reconciles = () => operator.metric('dhakacart_operator_reconciles_total');
  const before = await operator.writes();
  const versions = await k([
    'get',
    'deploy,sts,svc,hpa,pdb,ing,netpol,cm,secret,sa,dc',
    '-n',
    ns.name,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}',
  ]);
  const reconcilesBefore = await reconciles();
  // RESYNC_SECONDS=2: wait for at least three full resyncs.
  await eventually('three resyncs', async () => (await reconciles()) >= reconcilesBefore + 3, 30_000);
  assert.is(await operator.writes(), before, 'writes during no-op resyncs');
  const after = await k([
    'get',
    'deploy,sts,svc,hpa,pdb,ing,netpol,cm,secret,sa,dc',
    '-n',
    ns.name,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}',
  ]);
  assert.is(after, versions, 'no object changed');
});

test('a spec change reaches the children and observedGeneration follows', async () => {
  await k([
    'patch',
    'dc',
    SHOP,
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"api":{"replicas":{"max":80}},"storefront":{"replicas":{"min":3}}}}',
  ]);
  await eventually(
    'the API HPA max to follow',
    async () => (await getJson(['get', 'hpa', 'eid-sale-api', '-n', ns.name])).spec.maxReplicas === 80,
  );
  await eventually(
    'the storefront HPA min to follow',
    async () => (await getJson(['get', 'hpa', 'eid-sale-storefront', '-n', ns.name])).spec.minReplicas === 3,
  );
  const shop = await waitReady(ns.name, SHOP);
  assert.is(shop.metadata.generation, 2);
  assert.is(shop.status?.observedGeneration, 2);
});

test('a missing referenced Secret shows as Ready=False SecretNotFound, and recovers once it exists', async () => {
  await k([
    'patch',
    'dc',
    SHOP,
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"api":{"adminTokenSecretRef":{"name":"shop-admin","key":"token"}}}}',
  ]);
  const failing = await eventually('SecretNotFound', async () => {
    const shop = await getShop(ns.name, SHOP);
    const ready = condition(shop, 'Ready');
    return ready?.reason === 'SecretNotFound' ? shop : undefined;
  });
  assert.is(condition(failing, 'Ready')?.status, 'False');
  assert.match(condition(failing, 'Ready')?.message ?? '', 'shop-admin');
  assert.is(condition(failing, 'Degraded')?.status, 'True');
  assert.ok(operator.process.exitCode === null, 'the operator keeps running');
  await k([
    'create',
    'secret',
    'generic',
    'shop-admin',
    '-n',
    ns.name,
    '--from-literal=token=s3cret-for-test',
  ]);
  await waitReady(ns.name, SHOP, 90_000);
  const api = await getJson(['get', 'deployment', 'eid-sale-api', '-n', ns.name]);
  const env = api.spec.template.spec.containers[0].env.find(
    (e: { name: string }) => e.name === 'ADMIN_TOKEN',
  );
  assert.equal(env.valueFrom.secretKeyRef, { name: 'shop-admin', key: 'token' });
});

test.run();
