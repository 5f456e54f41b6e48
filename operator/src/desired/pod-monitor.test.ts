// The shop's PodMonitor selects exactly its api and storefront pods, on the port their containers name
// `http`, and labels the series with the shop and component the dashboards and alerts select on.
import type { V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../fixtures/shops.ts';
import { desiredChildren } from './children.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from './deployment.ts';
import { desiredMigrationJob } from './migration-job.ts';
import { desiredPodMonitor, podLabelMeta } from './pod-monitor.ts';

/** Label selector semantics (matchLabels and the In operator), enough for the selector built here. */
function selects(
  selector: ReturnType<typeof desiredPodMonitor>['spec']['selector'],
  labels: Record<string, string>,
) {
  const equal = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const within = (selector.matchExpressions ?? []).every(
    (e) => e.operator === 'In' && e.values?.includes(labels[e.key] ?? '\u0000'),
  );
  return equal && within;
}

test('selects the api and storefront pods of this shop only, never the data stores or the migration', () => {
  const monitor = desiredPodMonitor(sample);
  const pods = desiredChildren(sample, { apiVersion: '1.4.0' })
    .filter((c): c is V1Deployment => c.kind === 'Deployment' || c.kind === 'StatefulSet')
    .map((d) => ({ name: d.metadata?.name, labels: d.spec?.template.metadata?.labels ?? {} }));
  const selected = pods.filter((p) => selects(monitor.spec.selector, p.labels)).map((p) => p.name);
  assert.equal(selected.sort(), ['eid-sale-api', 'eid-sale-storefront']);
  const migration = desiredMigrationJob(sample, '1.4.0').spec?.template.metadata?.labels ?? {};
  assert.not.ok(selects(monitor.spec.selector, migration));
  const otherShop = { ...sample, metadata: { ...sample.metadata, name: 'winter-sale' } };
  const theirs = desiredApiDeployment(otherShop, '1.4.0').spec?.template.metadata?.labels ?? {};
  assert.not.ok(selects(monitor.spec.selector, theirs));
});

test('scrapes /metrics on the port both containers call http, with shop and component as target labels', () => {
  const monitor = desiredPodMonitor(sample);
  assert.is(monitor.apiVersion, 'monitoring.coreos.com/v1');
  assert.is(monitor.metadata?.name, 'eid-sale');
  assert.is(monitor.metadata?.ownerReferences?.[0]?.uid, sample.metadata.uid);
  const [endpoint] = monitor.spec.podMetricsEndpoints;
  assert.is(endpoint?.port, 'http');
  assert.is(endpoint?.path, '/metrics');
  for (const deployment of [
    desiredApiDeployment(sample, '1.4.0'),
    desiredStorefrontDeployment(sample, '1.4.0'),
  ])
    assert.ok(deployment.spec?.template.spec?.containers[0]?.ports?.some((p) => p.name === 'http'));
  assert.equal(endpoint?.relabelings, [
    { sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_instance'], targetLabel: 'shop' },
    { sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'], targetLabel: 'component' },
  ]);
  assert.is(podLabelMeta('dhakacart.io/shop'), '__meta_kubernetes_pod_label_dhakacart_io_shop');
});

test('both pods carry SHOP_NAME, the shop their log lines name', () => {
  for (const deployment of [
    desiredApiDeployment(sample, '1.4.0'),
    desiredStorefrontDeployment(sample, '1.4.0'),
  ]) {
    const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
    assert.equal(
      env.find((e) => e.name === 'SHOP_NAME'),
      { name: 'SHOP_NAME', value: 'eid-sale' },
    );
  }
});

test.run();
