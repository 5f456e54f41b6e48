// The shop's scrape object and SLO targets, against the local control plane and the operator running as the
// chart's ServiceAccount (namespaced Role): without the Prometheus Operator's CRDs the shop says so in
// status; once they are installed (generated from the Prometheus Operator's Go API module) the operator
// writes a PodMonitor the API server validates, puts it back when edited and removes it when scraping is
// switched off. Invalid SLO targets are refused at admission with a message naming the field.

import { startPrometheus } from '@dhakacart/monitoring/test/support/prometheus.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { METRICS_PORT } from '../../operator/src/desired/deployment.ts';
import { createTestNamespace, eventually, kubectl, type TestNamespace, testCluster } from '../src/harness.ts';
import { type PodMonitorObject, podMonitorScrapeConfigs } from '../src/pod-monitor-scrape-config.ts';
import { prometheusWithKubernetesDiscovery } from '../src/prometheus-build.ts';
import {
  installPrometheusOperatorCrds,
  uninstallPrometheusOperatorCrds,
} from '../src/prometheus-operator-crds.ts';
import {
  condition,
  ensureCrd,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  sampleShop,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator | undefined;

async function admin(): Promise<[string, string]> {
  const { info } = await testCluster();
  return [info.kubeconfig, info.kubectl];
}

test.before(async () => {
  await ensureCrd();
  // A cluster without the Prometheus Operator, as most start.
  await uninstallPrometheusOperatorCrds(...(await admin()));
  ns = await createTestNamespace('op-monitoring');
  await providePostgresVolume(ns.name, 'eid-sale');
  // A short resync: CRDs installed later are noticed without any change to the shop.
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '2' });
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
  await uninstallPrometheusOperatorCrds(...(await admin()));
});

const monitoringReady = (name: string) =>
  getShop(ns.name, name).then((shop) => condition(shop, 'MonitoringReady'));

test('without the Prometheus Operator the shop says there is no PodMonitor and why', async () => {
  await k(['apply', '-f', '-'], sampleShop('eid-sale', ns.name));
  const ready = await eventually('MonitoringReady', () => monitoringReady('eid-sale'), 30_000);
  assert.is(ready.status, 'False');
  assert.is(ready.reason, 'PrometheusOperatorNotInstalled');
  assert.match(ready.message, 'monitoring.coreos.com/v1 PodMonitor');
});

test('once the CRDs are served, a PodMonitor for the api and storefront pods, validated by the API server', async () => {
  await installPrometheusOperatorCrds(...(await admin()));
  const ready = await eventually(
    'MonitoringReady=True after the CRDs appear',
    async () => {
      const c = await monitoringReady('eid-sale');
      return c?.status === 'True' ? c : undefined;
    },
    30_000,
  );
  assert.is(ready.reason, 'PodMonitorApplied');
  const monitor = await getJson(['get', 'podmonitor', 'eid-sale', '-n', ns.name, '-o', 'json']);
  assert.equal(monitor.spec.selector.matchLabels, {
    'app.kubernetes.io/name': 'dhakacart',
    'app.kubernetes.io/instance': 'eid-sale',
  });
  assert.equal(monitor.spec.selector.matchExpressions, [
    { key: 'app.kubernetes.io/component', operator: 'In', values: ['api', 'storefront'] },
  ]);
  assert.is(monitor.spec.podMetricsEndpoints[0].port, 'metrics');
  assert.is(monitor.spec.podMetricsEndpoints[0].path, '/metrics');
  assert.is(monitor.metadata.ownerReferences[0].kind, 'DhakaCart');
  // The server checks the schema: a PodMonitor with a field the Prometheus Operator does not know is refused.
  const bad = await kubectl(
    ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
    JSON.stringify({ ...monitor, spec: { ...monitor.spec, scrapeEvery: '5s' } }),
  );
  assert.is.not(bad.code, 0);
  assert.match(bad.stderr, 'scrapeEvery');
});

test("Prometheus discovers exactly the shop's api and storefront pods through the PodMonitor", async () => {
  // kwok's pods have no real addresses, so the targets are down here; that they are scraped is shown on the
  // real node (e2e/tests/node-monitoring.test.ts). This shows the selection and the target labels.
  const [kubeconfig] = await admin();
  const monitor = await getJson<PodMonitorObject>(['get', 'podmonitor', 'eid-sale', '-n', ns.name]);
  const prometheus = await startPrometheus({
    targets: [],
    scrapeConfigs: podMonitorScrapeConfigs(monitor, kubeconfig),
    binary: await prometheusWithKubernetesDiscovery(),
  });
  try {
    const pods = async (component: string) =>
      (
        await k([
          'get',
          'pods',
          '-n',
          ns.name,
          '-l',
          `app.kubernetes.io/instance=eid-sale,app.kubernetes.io/component=${component}`,
          '-o',
          'jsonpath={.items[*].metadata.name}',
        ])
      )
        .split(' ')
        .filter(Boolean);
    // The API runs once its migration Job has completed (kwok completes Jobs).
    const api = await eventually(
      'the API pods',
      async () => ((await pods('api')).length > 0 ? pods('api') : undefined),
      90_000,
    );
    const expected = [...api, ...(await pods('storefront'))].sort();
    const targets = await eventually(
      'the PodMonitor job to discover the pods',
      async () => {
        const response = await fetch(`${prometheus.url}/api/v1/targets?state=active`);
        const body = (await response.json()) as {
          data: { activeTargets: Array<{ labels: Record<string, string> }> };
        };
        const found = body.data.activeTargets.map((t) => t.labels);
        return found.length === expected.length ? found : undefined;
      },
      30_000,
    );
    assert.equal(targets.map((t) => t.pod).sort(), expected);
    for (const t of targets) {
      assert.is(t.namespace, ns.name);
      assert.is(t.shop, 'eid-sale');
      assert.is(t.job, `${ns.name}/eid-sale`);
      assert.is(t.component, t.pod?.includes('-storefront-') ? 'storefront' : 'api');
      // Both on their metrics port, never the public one.
      assert.match(t.instance ?? '', new RegExp(`:${METRICS_PORT}$`));
    }
  } finally {
    await prometheus.stop();
  }
});

test('an edited PodMonitor is put back', async () => {
  await k([
    'patch',
    'podmonitor',
    'eid-sale',
    '-n',
    ns.name,
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/podMetricsEndpoints/0/path","value":"/elsewhere"}]',
  ]);
  await eventually(
    'the PodMonitor path back at /metrics',
    async () => {
      const monitor = await getJson(['get', 'podmonitor', 'eid-sale', '-n', ns.name, '-o', 'json']);
      return monitor.spec.podMetricsEndpoints[0].path === '/metrics' ? true : undefined;
    },
    30_000,
  );
});

test("the shop's SLO targets reach the operator's metrics the alerts read", async () => {
  await k([
    'patch',
    'dc',
    'eid-sale',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"monitoring":{"slo":{"checkout":{"availability":99.95}}}}}',
  ]);
  const labels = (slo: string) => `namespace="${ns.name}",shop="eid-sale",slo="${slo}"`;
  await eventually(
    'dhakacart_shop_slo_objective_ratio for checkout availability at 0.9995',
    async () =>
      (await operator?.metric('dhakacart_shop_slo_objective_ratio', labels('checkout-availability'))) ===
      0.9995
        ? true
        : undefined,
    30_000,
  );
  assert.is(
    await operator?.metric('dhakacart_shop_slo_objective_ratio', labels('catalog-availability')),
    0.999,
  );
  assert.is(await operator?.metric('dhakacart_shop_slo_objective_ratio', labels('catalog-latency')), 0.99);
});

test('scrape switched off: the PodMonitor goes and the shop says why', async () => {
  await k([
    'patch',
    'dc',
    'eid-sale',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"monitoring":{"scrape":false}}}',
  ]);
  const ready = await eventually(
    'MonitoringReady reason ScrapeDisabled',
    async () => {
      const c = await monitoringReady('eid-sale');
      return c?.reason === 'ScrapeDisabled' ? c : undefined;
    },
    30_000,
  );
  assert.is(ready.status, 'False');
  const gone = await kubectl(['get', 'podmonitor', 'eid-sale', '-n', ns.name]);
  assert.is.not(gone.code, 0);
  assert.match(gone.stderr, 'NotFound');
});

test('SLO targets: defaults filled at admission; out-of-range values refused naming the field', async () => {
  const shop = await getShop(ns.name, 'eid-sale');
  assert.equal(shop.spec.monitoring.slo.catalog, { availability: 99.9, latency: 99 });
  for (const [journey, kind, value] of [
    ['catalog', 'availability', 100],
    ['checkout', 'latency', 12],
    ['checkout', 'availability', 100.5],
  ] as const) {
    const result = await kubectl(
      ['apply', '--dry-run=server', '-f', '-'],
      JSON.stringify({
        apiVersion: 'dhakacart.io/v1alpha1',
        kind: 'DhakaCart',
        metadata: { name: 'bad-slo', namespace: ns.name },
        spec: { version: '1.4.0', monitoring: { slo: { [journey]: { [kind]: value } } } },
      }),
    );
    assert.is.not(result.code, 0, `${journey}.${kind}=${value} accepted`);
    assert.match(result.stderr, `spec.monitoring.slo.${journey}.${kind} must be a percentage from 50`);
  }
});

test.run();
