// A database blip does not close the shop, on the real node: PostgreSQL is stopped (its StatefulSet scaled to
// zero) while shoppers browse and check out through the storefront. Catalog reads keep answering 200 from the
// cache, every API pod stays ready, checkouts answer 503 with Retry-After, and when PostgreSQL is back orders
// are taken again without any API pod restarting; every order acknowledged with 201, before, during or after,
// is in the database.
//
// The operator would put the StatefulSet back at once (a changed child is drift); it is scaled to zero for the
// outage so the test, not the operator's reaction time, decides how long PostgreSQL stays down.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import { byStatus, checkoutLoad } from './node-checkout-load.ts';
import {
  applyShop,
  installOperator,
  psql,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  steadyClient,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SHOP = 'blip';
let ns: TestNamespace;
let operator: string;

test.before(async () => {
  ns = await realNamespace('node-blip');
  operator = await installOperator(ns.name);
  await applyShop(ns.name, SHOP, { version: '1.4.0', ...SMALL_SHOP });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
  // Enough stock that no checkout in the run is refused for stock.
  await psql(ns.name, SHOP, 'update products set stock = 1000000');
});

test.after(async () => {
  await ns?.delete();
});

interface Pod {
  metadata: { name: string };
  status: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount: number }[];
  };
}

const apiPods = async () =>
  (
    await getJson<{ items: Pod[] }>([
      'get',
      'pods',
      '-n',
      ns.name,
      '-l',
      `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`,
    ])
  ).items;

const restarts = (pods: Pod[]) =>
  Object.fromEntries(
    pods.map((p) => [
      p.metadata.name,
      (p.status.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0),
    ]),
  );

const scale = (kind: string, name: string, replicas: number) =>
  k(['scale', '-n', ns.name, kind, name, `--replicas=${replicas}`]);

test('PostgreSQL stopped under mixed traffic: the catalog answers, checkout says 503 + Retry-After, no acknowledged order is lost, no API pod restarts', async () => {
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
  const products = (await (await fetch(`${storefront}/api/products?limit=24`)).json()) as {
    items: { id: number }[];
  };
  const productIds = products.items.map((p) => p.id);
  // Warm the cache the way shoppers would: the pages they are about to read have been read before.
  for (const path of ['/api/products', '/api/categories'])
    assert.is((await fetch(`${storefront}${path}`)).status, 200);
  const before = restarts(await apiPods());

  const catalog = steadyClient(`${storefront}/api/products`, 100);
  const categories = steadyClient(`${storefront}/api/categories`, 250);
  const checkouts = checkoutLoad(storefront, productIds, 3, 100);
  await eventually(
    'orders taken before the outage',
    async () => checkouts.answers.some((a) => a.status === 201),
    60_000,
  );

  // The outage: the operator paused so it does not put PostgreSQL back, then PostgreSQL's pod gone.
  await scale('deployment', operator, 0);
  await scale('statefulset', `${SHOP}-postgres`, 0);
  await eventually(
    'PostgreSQL stopped',
    async () =>
      (
        await k(['get', 'pods', '-n', ns.name, `${SHOP}-postgres-0`, '--ignore-not-found', '-o', 'name'])
      ).trim() === '',
    120_000,
  );
  const outageStart = Date.now();
  await eventually(
    'ten checkouts answered 503 during the outage',
    async () => checkouts.answers.filter((a) => a.at > outageStart && a.status === 503).length >= 10,
    180_000,
  );
  // Every API pod still in the Service: readiness reflects what a pod can serve (the catalog from the cache).
  for (const pod of await apiPods())
    assert.is(
      pod.status.conditions?.find((c) => c.type === 'Ready')?.status,
      'True',
      `${pod.metadata.name} ready during the outage`,
    );

  // PostgreSQL back, the operator back.
  const outageEnd = Date.now();
  await scale('statefulset', `${SHOP}-postgres`, 1);
  await scale('deployment', operator, 2);
  await eventually(
    'orders taken again after the outage',
    async () => checkouts.answers.filter((a) => a.at > outageEnd && a.status === 201).length >= 10,
    300_000,
  );

  const answers = await checkouts.stop();
  const reads = await catalog.stop();
  const categoryReads = await categories.stop();

  assert.equal(
    reads.failed,
    [],
    `catalog reads that failed: ${reads.failed.length} of ${reads.ok + reads.failed.length}`,
  );
  assert.equal(categoryReads.failed, [], 'category reads that failed');
  const during = answers.filter((a) => a.at > outageStart && a.at < outageEnd);
  assert.ok(during.length > 0, 'checkouts were tried during the outage');
  for (const a of answers) {
    assert.ok(
      a.status === 201 || a.status === 503,
      `a checkout answered ${a.status} ${a.code ?? ''} (${JSON.stringify(byStatus(answers))})`,
    );
    if (a.status === 503) {
      assert.ok(Number(a.retryAfter) > 0, `503 without Retry-After: ${JSON.stringify(a)}`);
      assert.is(a.code, 'service_unavailable');
    }
  }

  const acknowledged = answers.flatMap((a) => (a.orderId ? [a.orderId] : []));
  assert.is(acknowledged.length, answers.filter((a) => a.status === 201).length, 'every 201 names its order');
  const stored = new Set(
    (await psql(ns.name, SHOP, `select id from orders where customer_name = 'Load Shopper'`))
      .split('\n')
      .filter(Boolean),
  );
  const lost = acknowledged.filter((id) => !stored.has(id));
  assert.equal(
    lost,
    [],
    `acknowledged orders missing from the database (${acknowledged.length} acknowledged)`,
  );

  // The HPA may add an API pod under this load (its CPU request is small): a pod it adds is not a restart.
  // Every pod from before the outage is still there with the same restart count, and no pod has restarted.
  const after = restarts(await apiPods());
  assert.equal(
    Object.fromEntries(Object.keys(before).map((name) => [name, after[name]])),
    before,
    'API pods from before the outage, with their restart counts',
  );
  assert.ok(
    Object.values(after).every((count) => count === 0),
    `API pods restarted: ${JSON.stringify(after)}`,
  );
  console.log(
    `database blip: ${reads.ok + categoryReads.ok} catalog reads all 200; checkouts ${JSON.stringify(byStatus(answers))}; ` +
      `${during.length} during ${Math.round((outageEnd - outageStart) / 1000)} s of outage; ${acknowledged.length} orders acknowledged, all stored`,
  );
  await waitShopReady(ns.name, SHOP, 300_000);
});

test.run();
