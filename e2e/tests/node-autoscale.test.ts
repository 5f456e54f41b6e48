// The API's HorizontalPodAutoscaler acts on real CPU on the real node (metrics-server reads the kubelet):
// under load it adds pods, never beyond spec.api.replicas.max, and when the load stops it goes back to the
// minimum after spec.autoscaling.scaleDownStabilizationSeconds.
import { get } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import {
  applyShop,
  installOperator,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson } from './operator-support.ts';

const SHOP = 'chawk';
const MAX = 3;
let ns: TestNamespace;
let loading = false;

test.before(async () => {
  ns = await realNamespace('node-hpa');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, {
    version: '1.4.0',
    ...SMALL_SHOP,
    api: { ...SMALL_SHOP.api, replicas: { min: 1, max: MAX } },
    autoscaling: { scaleDownStabilizationSeconds: 15 },
  });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
});

test.after(async () => {
  loading = false;
  await ns?.delete();
});

/** `concurrency` loops of back-to-back catalog searches until `loading` is false. */
function load(url: string, concurrency: number): Promise<unknown> {
  const loop = async () => {
    while (loading)
      await new Promise<void>((resolve) => {
        const req = get(url, { timeout: 5000 }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', () => resolve());
        req.on('timeout', () => req.destroy());
      });
  };
  return Promise.all(Array.from({ length: concurrency }, loop));
}

const apiHpa = () =>
  getJson<{
    spec: { minReplicas: number; maxReplicas: number };
    status: { currentReplicas?: number; desiredReplicas?: number };
  }>(['get', 'hpa', `${SHOP}-api`, '-n', ns.name]);

test('under load the API scales up within its bounds, and back down when the load stops', async () => {
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
  const before = await apiHpa();
  assert.is(before.spec.minReplicas, 1);
  assert.is(before.spec.maxReplicas, MAX);
  await eventually(
    'the HPA to read CPU from metrics-server',
    async () => {
      const hpa = await getJson<{
        status: { currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[] };
      }>(['get', 'hpa', `${SHOP}-api`, '-n', ns.name]);
      return hpa.status.currentMetrics?.[0]?.resource?.current?.averageUtilization !== undefined;
    },
    120_000,
  );

  loading = true;
  const running = load(`${storefront}/api/products?q=rice`, 16);
  let peak = 0;
  await eventually(
    'the API to scale up under load',
    async () => {
      const hpa = await apiHpa();
      peak = Math.max(peak, hpa.status.desiredReplicas ?? 0);
      const deploy = await getJson<{ status: { readyReplicas?: number } }>([
        'get',
        'deploy',
        `${SHOP}-api`,
        '-n',
        ns.name,
      ]);
      return (deploy.status.readyReplicas ?? 0) > 1;
    },
    240_000,
  );
  loading = false;
  await running;
  assert.ok(peak > 1 && peak <= MAX, `desired replicas under load: ${peak} (bounds 1..${MAX})`);

  await eventually(
    'the API back at its minimum',
    async () => {
      const hpa = await apiHpa();
      peak = Math.max(peak, hpa.status.desiredReplicas ?? 0);
      return hpa.status.currentReplicas === 1 && hpa.status.desiredReplicas === 1;
    },
    300_000,
  );
  assert.ok(peak <= MAX, `never above the maximum (${peak})`);
});

test.run();
