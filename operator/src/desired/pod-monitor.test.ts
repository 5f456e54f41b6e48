// The shop's PodMonitor selects exactly its api and storefront pods, on the port their containers name
// `metrics` (not the public `http`), and labels the series with the shop and component the dashboards and alerts select on.
import type { V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../fixtures/shops.ts';
import { desiredChildren } from './children.ts';
import { desiredConfigMap } from './config-map.ts';
import { desiredApiDeployment, desiredStorefrontDeployment, METRICS_PORT } from './deployment.ts';
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

test('scrapes /metrics on the port both containers call metrics, with shop and component as target labels', () => {
  const monitor = desiredPodMonitor(sample);
  assert.is(monitor.apiVersion, 'monitoring.coreos.com/v1');
  assert.is(monitor.metadata?.name, 'eid-sale');
  assert.is(monitor.metadata?.ownerReferences?.[0]?.uid, sample.metadata.uid);
  assert.is(monitor.spec.podMetricsEndpoints.length, 1);
  const [endpoint] = monitor.spec.podMetricsEndpoints;
  assert.is(endpoint?.port, 'metrics');
  assert.is(endpoint?.path, '/metrics');
  for (const deployment of [
    desiredApiDeployment(sample, '1.4.0'),
    desiredStorefrontDeployment(sample, '1.4.0'),
  ]) {
    const ports = deployment.spec?.template.spec?.containers[0]?.ports ?? [];
    const name = deployment.metadata?.name;
    assert.equal(
      ports.find((p) => p.name === 'metrics'),
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
      `${name}: a metrics port`,
    );
    assert.ok(
      ports.some((p) => p.name === 'http' && p.containerPort !== METRICS_PORT),
      `${name}: the public port is another one`,
    );
  }
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

test('each process is told the metrics port its container declares, and scrape annotations name it', () => {
  const api = desiredApiDeployment(sample, '1.4.0');
  assert.is(desiredConfigMap(sample).data?.METRICS_PORT, String(METRICS_PORT), 'the API reads its ConfigMap');
  const storefront = desiredStorefrontDeployment(sample, '1.4.0').spec?.template.spec?.containers[0]?.env;
  assert.equal(
    storefront?.find((e) => e.name === 'METRICS_PORT'),
    { name: 'METRICS_PORT', value: String(METRICS_PORT) },
  );
  assert.is(api.spec?.template.metadata?.annotations?.['prometheus.io/port'], String(METRICS_PORT));
});

test('the probes stay on the public port', () => {
  const container = desiredApiDeployment(sample, '1.4.0').spec?.template.spec?.containers[0];
  for (const probe of [container?.readinessProbe, container?.livenessProbe, container?.startupProbe])
    assert.is(probe?.httpGet?.port, 'http');
});

test.run();
