// Zero failed requests on the real node, counted by a client sending steady traffic through the storefront's
// Service (storefront → API → PostgreSQL and Redis) while: an API pod is deleted; a version bump rolls out;
// a version whose image does not exist is rolled back by the operator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import {
  applyShop,
  condition,
  installOperator,
  podNames,
  realNamespace,
  SMALL_SHOP,
  type SteadyClient,
  seedCatalog,
  serviceUrl,
  steadyClient,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SHOP = 'mela';
const API_PODS = `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`;
let ns: TestNamespace;
let client: SteadyClient | undefined;

const spec = (version: string) => ({ version, ...SMALL_SHOP, rollout: { progressDeadlineSeconds: 90 } });

test.before(async () => {
  ns = await realNamespace('node-rel');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, spec('1.4.0'));
  await waitShopReady(ns.name, SHOP, 420_000, '1.4.0');
  await seedCatalog(ns.name, SHOP);
});

test.after(async () => {
  await client?.stop();
  await ns?.delete();
});

/** The images the API pods run now (ready or not). */
async function apiImages(): Promise<string[]> {
  const pods = await getJson<{ items: { spec: { containers: { image: string }[] } }[] }>([
    'get',
    'pods',
    '-n',
    ns.name,
    '-l',
    API_PODS,
  ]);
  return pods.items.map((p) => p.spec.containers[0]?.image ?? '');
}

async function readyApiPods(): Promise<number> {
  const d = await getJson<{ status: { readyReplicas?: number } }>([
    'get',
    'deploy',
    `${SHOP}-api`,
    '-n',
    ns.name,
  ]);
  return d.status.readyReplicas ?? 0;
}

test('no request fails while an API pod is deleted, a release rolls out, and a broken release is rolled back', async () => {
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
  client = steadyClient(`${storefront}/api/products`);

  // 1. An API pod is deleted: the others serve while a replacement starts.
  const [victim] = await podNames(ns.name, API_PODS);
  await k(['delete', 'pod', '-n', ns.name, victim ?? '', '--wait=false']);
  await eventually(
    'a replacement API pod ready',
    async () => {
      const names = await podNames(ns.name, API_PODS);
      return !names.includes(victim ?? '') && (await readyApiPods()) >= 2;
    },
    180_000,
  );

  // 2. A version bump rolls out to every API pod.
  await applyShop(ns.name, SHOP, spec('1.4.1'));
  await waitShopReady(ns.name, SHOP, 420_000, '1.4.1');
  await eventually(
    'every API pod on 1.4.1',
    async () => {
      const images = await apiImages();
      return images.length >= 2 && images.every((i) => i.endsWith(':1.4.1'));
    },
    180_000,
  );

  // 3. A release whose image cannot be had never becomes ready: rolled back, 1.4.1 keeps serving.
  await applyShop(ns.name, SHOP, spec('1.9.9'));
  const shop = await eventually(
    'the operator to roll 1.9.9 back',
    async () => {
      const s = await getJson<Parameters<typeof condition>[0]>(['get', 'dhakacart', SHOP, '-n', ns.name]);
      return condition(s, 'Degraded')?.reason === 'RolledBack' ? s : undefined;
    },
    420_000,
  );
  assert.is(shop.status?.version, '1.4.1');
  assert.is(shop.status?.lastGoodVersion, '1.4.1');
  await eventually(
    'the API pods back on 1.4.1 only',
    async () => {
      const images = await apiImages();
      return images.every((i) => i.endsWith(':1.4.1')) && (await readyApiPods()) >= 2;
    },
    180_000,
  );

  const { ok, failed } = await client.stop();
  client = undefined;
  assert.equal(failed, [], `${failed.length} of ${ok + failed.length} requests failed`);
  assert.ok(ok > 200, `the client kept sending (${ok} answered)`);
});

test.run();
