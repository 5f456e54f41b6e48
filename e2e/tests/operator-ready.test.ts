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
  // Ready means shoppers get an answer: the moment it says so, both Services have ready endpoints.
  for (const service of ['eid-sale-api', 'eid-sale-storefront']) {
    const slices = await getJson<{
      items: { endpoints?: { conditions?: { ready?: boolean } }[] }[];
    }>(['get', 'endpointslices', '-n', ns.name, '-l', `kubernetes.io/service-name=${service}`]);
    const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
    assert.ok(ready.length > 0, `${service} has a ready endpoint`);
  }
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
      // Under deletionPolicy Retain the database's password outlives the shop with its volume
      // (docs/credentials.md).
      if (item.metadata.name === 'eid-sale-postgres-credentials') {
        assert.is(owner, undefined, 'the database credentials have no owner under Retain');
        continue;
      }
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

/** `Kind/name=resourceVersion …` with each HorizontalPodAutoscaler's version replaced by its generation. */
async function withoutHpaVersions(listing: string): Promise<string> {
  const hpas = await getJson<{ items: { metadata: { name: string; generation: number } }[] }>([
    'get',
    'hpa',
    '-n',
    ns.name,
  ]);
  const generation = new Map(hpas.items.map((h) => [h.metadata.name, h.metadata.generation]));
  return listing.replace(
    /HorizontalPodAutoscaler\/([^=]+)=\d+/g,
    (_m, name: string) => `HorizontalPodAutoscaler/${name}=generation-${generation.get(name)}`,
  );
}

test('a no-op resync of a converged shop makes zero writes', async () => {
  const reconciles = () => operator.metric('dhakacart_operator_reconciles_total');
  const before = await operator.writes();
  const versions = await k([
    'get',
    'deploy,sts,svc,hpa,pdb,ing,netpol,cm,secret,sa,dc',
    '-n',
    ns.name,
    '-o',
    // An autoscaler's status is the HPA controller's to write (its message changes as pods' metrics come
    // and go), so for HPAs the spec's generation is compared, for everything else the resourceVersion.
    'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}',
  ]).then(withoutHpaVersions);
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
    // An autoscaler's status is the HPA controller's to write (its message changes as pods' metrics come
    // and go), so for HPAs the spec's generation is compared, for everything else the resourceVersion.
    'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}',
  ]).then(withoutHpaVersions);
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

test('a change to the referenced Secret rolls the API pods at the next reconcile (the operator does not watch it)', async () => {
  const hash = async () =>
    (await getJson(['get', 'deployment', 'eid-sale-api', '-n', ns.name])).spec.template.metadata
      .annotations?.['dhakacart.io/secrets-hash'];
  const before = await hash();
  assert.ok(before, 'the API pod template carries the hash of the Secrets it reads');
  await k([
    'patch',
    'secret',
    'shop-admin',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"stringData":{"token":"a-new-token-for-test"}}',
  ]);
  // This operator resyncs every 2 s (RESYNC_SECONDS), so the next reconcile comes without any other change.
  await eventually(
    'the API pod template to follow the Secret',
    async () => (await hash()) !== before,
    30_000,
  );
  await waitReady(ns.name, SHOP, 90_000);
});

test.run();
