// The per-shop gauges read the caches at scrape time: conditions, release, replicas against the
// autoscaler's bounds and disruptions allowed, labelled with the shop's namespace and name.
import type { KubernetesObject } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Informer } from './informer.ts';
import { registerShopMetrics } from './shop-metrics.ts';
import type { DhakaCart } from './types.ts';

/** A cache holding `objects` (only `list()` is read at scrape time). */
function cache<T extends KubernetesObject = KubernetesObject>(objects: object[]): Informer<T> {
  return { list: () => objects.values() } as unknown as Informer<T>;
}
const labels = (component: string) => ({
  'dhakacart.io/shop': 'eid-sale',
  'app.kubernetes.io/component': component,
});

const shop = {
  apiVersion: 'dhakacart.io/v1alpha1',
  kind: 'DhakaCart',
  metadata: { name: 'eid-sale', namespace: 'shops' },
  spec: {
    monitoring: {
      slo: { catalog: { availability: 99.95, latency: 99 }, checkout: { availability: 99.9, latency: 95 } },
    },
  },
  status: {
    version: '1.4.0',
    lastGoodVersion: '1.3.2',
    conditions: [
      { type: 'Ready', status: 'True', reason: 'AllComponentsReady' },
      { type: 'Degraded', status: 'True', reason: 'RolledBack' },
    ],
  },
} as unknown as DhakaCart;

function metricsText(): Promise<string> {
  const registry = new Registry();
  registerShopMetrics(registry, () => ({
    shops: cache<DhakaCart>([shop]),
    children: {
      Deployment: cache([
        {
          metadata: { name: 'eid-sale-api', namespace: 'shops', labels: labels('api') },
          spec: { replicas: 5 },
          status: { availableReplicas: 4 },
        },
        // A data store's Deployment-like child is not a scaled component: left out.
        {
          metadata: { name: 'eid-sale-redis', namespace: 'shops', labels: labels('redis') },
          spec: { replicas: 1 },
        },
      ]),
      HorizontalPodAutoscaler: cache([
        {
          metadata: { name: 'eid-sale-api', namespace: 'shops', labels: labels('api') },
          spec: { minReplicas: 3, maxReplicas: 60 },
        },
      ]),
      PodDisruptionBudget: cache([
        {
          metadata: { name: 'eid-sale-api', namespace: 'shops', labels: labels('api') },
          status: { disruptionsAllowed: 2 },
        },
      ]),
    },
  }));
  return registry.metrics();
}

test('conditions and the release, one series each, labelled by namespace and shop', async () => {
  const text = await metricsText();
  assert.match(
    text,
    'dhakacart_shop_condition{namespace="shops",shop="eid-sale",type="Degraded",status="True",reason="RolledBack"} 1',
  );
  assert.match(text, 'dhakacart_shop_condition{namespace="shops",shop="eid-sale",type="Ready",status="True"');
  assert.match(
    text,
    'dhakacart_shop_release_info{namespace="shops",shop="eid-sale",version="1.4.0",last_good_version="1.3.2"} 1',
  );
});

test('replicas desired and available against the autoscaler bounds, and disruptions allowed', async () => {
  const text = await metricsText();
  for (const [state, value] of [
    ['desired', 5],
    ['available', 4],
    ['min', 3],
    ['max', 60],
  ])
    assert.match(
      text,
      `dhakacart_shop_replicas{namespace="shops",shop="eid-sale",component="api",state="${state}"} ${value}`,
    );
  assert.not.match(text, 'component="redis"');
  assert.match(
    text,
    'dhakacart_shop_disruptions_allowed{namespace="shops",shop="eid-sale",component="api"} 2',
  );
});

test("each shop's SLO objectives, as fractions the burn-rate alerts compare against", async () => {
  const text = await metricsText();
  for (const [slo, ratio] of [
    ['catalog-availability', '0.9995'],
    ['catalog-latency', '0.99'],
    ['checkout-availability', '0.999'],
    ['checkout-latency', '0.95'],
  ])
    assert.match(
      text,
      `dhakacart_shop_slo_objective_ratio{namespace="shops",shop="eid-sale",slo="${slo}"} ${ratio}\n`,
    );
});

test.run();
