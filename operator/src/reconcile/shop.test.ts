// reconcileShop top to bottom against a fake cluster (fake-cluster.ts): what a new shop gets first, the
// migration gate in front of the API, Ready only when every part serves, and a converged shop that costs no
// writes; then the repairs an on-call engineer relies on (a deleted child restored, an edited one repaired, a
// Deployment scaled below its floor scaled back).
import type { KubernetesObject, V1Deployment, V1Job } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../fixtures/shops.ts';
import type { Kind } from '../kube/resources.ts';
import { type FakeCluster, fakeCluster } from './fake-cluster.ts';
import { NOT_READY_REQUEUE_MS, reconcileShop } from './shop.ts';

const KEY = `${sample.metadata.namespace}/${sample.metadata.name}`;

const condition = (c: FakeCluster, type: string) => c.shop().status?.conditions?.find((x) => x.type === type);

/** What the StatefulSet controller and the kubelet do for PostgreSQL: the claim bound, the pod ready. */
function databaseComesUp(c: FakeCluster) {
  c.ctx.children.PersistentVolumeClaim.prime({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-eid-sale-postgres-0', namespace: 'shop' },
    status: { phase: 'Bound' },
  } as KubernetesObject);
  c.setStatus('StatefulSet', 'eid-sale-postgres', {
    replicas: 1,
    readyReplicas: 1,
    currentReplicas: 1,
    updatedReplicas: 1,
    observedGeneration: 1,
  });
}

/** What the Deployment controller and the kubelet do: every wanted pod of `name` updated and ready. */
function podsReady(c: FakeCluster, name: string) {
  const replicas = c.live<V1Deployment>('Deployment', name)?.spec?.replicas ?? 1;
  c.setStatus('Deployment', name, {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
  });
}

/** What the EndpointSlice controller does for a Service whose pods are ready: one ready endpoint per pod. */
function endpointsReady(c: FakeCluster, service: string, ready = true) {
  c.ctx.children.EndpointSlice.prime({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-abcde`,
      namespace: 'shop',
      labels: { 'kubernetes.io/service-name': service },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.9'], conditions: { ready } }],
  } as KubernetesObject);
}

/** Brings the sample shop to Ready through the steps a cluster would take, checking each gate on the way. */
async function readyShop(): Promise<FakeCluster> {
  const c = fakeCluster(sample);
  await reconcileShop(c.ctx, KEY);
  databaseComesUp(c);
  await reconcileShop(c.ctx, KEY);
  c.setStatus('Job', 'eid-sale-migrate-1-4-0', {
    succeeded: 1,
    conditions: [{ type: 'Complete', status: 'True' }],
  });
  await reconcileShop(c.ctx, KEY);
  for (const name of ['eid-sale-api', 'eid-sale-storefront', 'eid-sale-redis']) podsReady(c, name);
  for (const name of ['eid-sale-api', 'eid-sale-storefront']) endpointsReady(c, name);
  await reconcileShop(c.ctx, KEY);
  c.takeWrites();
  return c;
}

test('a new shop: the first pass makes what pods need, PostgreSQL and the storefront, but no API yet', async () => {
  const c = fakeCluster(sample);
  assert.equal(await reconcileShop(c.ctx, KEY), { requeueAfterMs: NOT_READY_REQUEUE_MS });
  const created = c
    .takeWrites()
    .filter((w) => w.startsWith('create '))
    .map((w) => w.split(' ').slice(1, 2)[0]);
  for (const kind of ['Secret', 'ServiceAccount', 'NetworkPolicy', 'ConfigMap', 'Service', 'StatefulSet'])
    assert.ok(created.includes(kind), `a ${kind} is created`);
  assert.ok(c.live('Deployment', 'eid-sale-storefront'), 'the storefront does not wait for the database');
  assert.not.ok(c.live('Deployment', 'eid-sale-api'), 'no API before its migration');
  assert.not.ok(c.live('Job', 'eid-sale-migrate-1-4-0'), 'no migration before the database is ready');
  assert.is(condition(c, 'Ready')?.status, 'False');
  assert.is(condition(c, 'MigrationSucceeded')?.reason, 'WaitingForDatabase');
  assert.match(condition(c, 'DatabaseReady')?.message ?? '', 'data-eid-sale-postgres-0');
});

test('nothing changed, nothing written: a second pass over a half-built shop sends no request', async () => {
  const c = fakeCluster(sample);
  await reconcileShop(c.ctx, KEY);
  c.takeWrites();
  await reconcileShop(c.ctx, KEY);
  assert.equal(c.takeWrites(), []);
});

test('a spec edit that lands while a pass writes the status is what the next pass acts on', async () => {
  const c = fakeCluster(sample);
  // The user raises the storefront's floor while the first pass is writing the shop's status.
  c.duringNextStatusWrite(() =>
    c.editShop((shop) => {
      shop.spec.storefront = { ...shop.spec.storefront, replicas: { min: 4, max: 20 } };
    }),
  );
  await reconcileShop(c.ctx, KEY);
  assert.is(c.shop().spec.storefront?.replicas?.min, 4, 'the status write did not put the old spec back');
  await reconcileShop(c.ctx, KEY);
  const hpa = c.live<KubernetesObject & { spec: { minReplicas: number } }>(
    'HorizontalPodAutoscaler',
    'eid-sale-storefront',
  );
  assert.is(hpa?.spec.minReplicas, 4);
});

test('the migration gate: database ready → migration Job; Job complete → the API runs that version', async () => {
  const c = fakeCluster(sample);
  await reconcileShop(c.ctx, KEY);
  databaseComesUp(c);
  await reconcileShop(c.ctx, KEY);
  const job = c.live<V1Job>('Job', 'eid-sale-migrate-1-4-0');
  assert.ok(job, 'the migration Job for 1.4.0 is created once PostgreSQL is ready');
  assert.not.ok(c.live('Deployment', 'eid-sale-api'), 'the API waits while the migration runs');
  assert.is(condition(c, 'MigrationSucceeded')?.reason, 'MigrationRunning');
  c.setStatus('Job', 'eid-sale-migrate-1-4-0', {
    succeeded: 1,
    conditions: [{ type: 'Complete', status: 'True' }],
  });
  await reconcileShop(c.ctx, KEY);
  const api = c.live<V1Deployment>('Deployment', 'eid-sale-api');
  assert.ok(api, 'the API Deployment exists after the migration');
  assert.is(api?.spec?.replicas, 3, "it starts at the spec's minimum");
  assert.match(api?.spec?.template?.spec?.containers?.[0]?.image ?? '', ':1.4.0');
  assert.ok(c.live('HorizontalPodAutoscaler', 'eid-sale-api'), 'and its autoscaler');
  assert.is(condition(c, 'MigrationSucceeded')?.status, 'True');
});

test('Ready only when every part serves; then a resync writes nothing and comes back only for what is due', async () => {
  const c = await readyShop();
  assert.is(condition(c, 'Ready')?.status, 'True', condition(c, 'Ready')?.message);
  assert.is(c.shop().status?.version, '1.4.0');
  await reconcileShop(c.ctx, KEY);
  assert.equal(c.takeWrites(), [], 'a converged shop costs no writes');
});

test('a child deleted by hand is restored, and the Event says so', async () => {
  const c = await readyShop();
  c.deleteByHand('Service', 'eid-sale-api');
  await reconcileShop(c.ctx, KEY);
  assert.equal(c.takeWrites(), ['create Service eid-sale-api']);
  assert.ok(
    c.events.some((e) => e.reason === 'Restored' && e.message.includes('Service eid-sale-api')),
    'a Restored Event names the Service',
  );
});

test('a child edited by hand is put back (Repaired), with the changed field named', async () => {
  const c = await readyShop();
  const policy = c.live<KubernetesObject & { spec: { podSelector: object } }>(
    'NetworkPolicy' as Kind,
    'eid-sale-postgres',
  );
  assert.ok(policy);
  if (policy) policy.spec.podSelector = {}; // someone opened PostgreSQL's policy to every pod
  await reconcileShop(c.ctx, KEY);
  assert.equal(c.takeWrites(), ['apply NetworkPolicy eid-sale-postgres']);
  const repaired = c.events.find((e) => e.reason === 'Repaired');
  assert.match(repaired?.message ?? '', /NetworkPolicy eid-sale-postgres: .*podSelector/);
});

test("a Deployment scaled below the spec's minimum is scaled back to it", async () => {
  const c = await readyShop();
  const storefront = c.live<V1Deployment>('Deployment', 'eid-sale-storefront');
  if (storefront?.spec) storefront.spec.replicas = 0; // kubectl scale --replicas=0
  await reconcileShop(c.ctx, KEY);
  assert.ok(c.takeWrites().includes('scale Deployment eid-sale-storefront'));
  assert.is(c.live<V1Deployment>('Deployment', 'eid-sale-storefront')?.spec?.replicas, 2);
});

test('ready pods behind a Service with no ready endpoint: not Ready, the Service named', async () => {
  const c = await readyShop();
  endpointsReady(c, 'eid-sale-storefront', false);
  await reconcileShop(c.ctx, KEY);
  assert.is(condition(c, 'Ready')?.status, 'False');
  assert.is(condition(c, 'StorefrontReady')?.reason, 'NoEndpoints');
  assert.match(
    condition(c, 'StorefrontReady')?.message ?? '',
    'Service eid-sale-storefront has no ready endpoint',
  );
  endpointsReady(c, 'eid-sale-storefront');
  await reconcileShop(c.ctx, KEY);
  assert.is(condition(c, 'Ready')?.status, 'True');
});

test('the database credentials deleted over its bound volume: reported, not generated again, the API left as it is', async () => {
  const c = await readyShop();
  const api = JSON.stringify(c.live('Deployment', 'eid-sale-api'));
  c.deleteByHand('Secret', 'eid-sale-postgres-credentials');
  await reconcileShop(c.ctx, KEY).catch(() => undefined);
  const writes = c.takeWrites();
  assert.not.ok(
    writes.some((w) => w.includes('eid-sale-postgres-credentials')),
    `no new credentials: ${writes}`,
  );
  assert.not.ok(c.live('Secret', 'eid-sale-postgres-credentials'));
  assert.is(condition(c, 'Ready')?.reason, 'CredentialsMissing');
  assert.is(condition(c, 'Degraded')?.reason, 'CredentialsMissing');
  assert.ok(c.events.some((e) => e.type === 'Warning' && e.reason === 'CredentialsMissing'));
  assert.is(JSON.stringify(c.live('Deployment', 'eid-sale-api')), api, 'the API Deployment is not written');
});

test('a deleted Redis password is generated again, and the pods that read it roll', async () => {
  const c = await readyShop();
  const hash = (name: string) =>
    c.live<V1Deployment>('Deployment', name)?.spec?.template?.metadata?.annotations?.[
      'dhakacart.io/secrets-hash'
    ];
  const before = { api: hash('eid-sale-api'), redis: hash('eid-sale-redis') };
  c.deleteByHand('Secret', 'eid-sale-redis-credentials');
  c.ctx.randomHex = (bytes: number) => 'cd'.repeat(bytes);
  await reconcileShop(c.ctx, KEY);
  assert.ok(c.live('Secret', 'eid-sale-redis-credentials'));
  assert.is.not(hash('eid-sale-api'), before.api);
  assert.is.not(hash('eid-sale-redis'), before.redis);
  assert.is(hash('eid-sale-storefront'), undefined);
});

test.run();
