// The Helm chart ships the monitoring: one ConfigMap per generated dashboard, labelled for the Grafana
// sidecar (grafana_dashboard: "1"), and a PrometheusRule holding the generated rules, rendered only where
// the cluster serves monitoring.coreos.com/v1 PrometheusRule; both can be turned off and configured.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesFile } from '@dhakacart/monitoring/src/generate.ts';
import { RUNBOOK_BASE_URL } from '@dhakacart/monitoring/src/rules.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { chartDir, helm } from './operator-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects of many kinds, read field by field
type Doc = Record<string, any>;

async function render(...args: string[]): Promise<Doc[]> {
  const result = await helm(['template', 'op', chartDir, '--namespace', 'ops', ...args]);
  assert.is(result.code, 0, result.stderr);
  return parseAllDocuments(result.stdout)
    .map((d) => d.toJS())
    .filter(Boolean);
}

const withPrometheusOperator = ['--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'];

test('every dashboard is a ConfigMap with the Grafana sidecar label, holding the committed JSON', async () => {
  const docs = await render();
  const configMaps = docs.filter(
    (d) => d.kind === 'ConfigMap' && d.metadata.labels?.grafana_dashboard === '1',
  );
  const files = readdirSync(join(chartDir, 'dashboards')).sort();
  assert.is(configMaps.length, files.length);
  for (const file of files) {
    const map = configMaps.find((m) => m.data?.[file] !== undefined);
    assert.ok(map, `a ConfigMap holds ${file}`);
    assert.is(map?.metadata.namespace, 'ops');
    assert.equal(
      JSON.parse(map?.data[file]),
      JSON.parse(readFileSync(join(chartDir, 'dashboards', file), 'utf8')),
      file,
    );
    assert.is(map?.metadata.annotations?.grafana_folder, 'DhakaCart');
  }
});

test('the dashboards follow the sidecar label and namespace settings, and can be left out', async () => {
  const moved = await render(
    '--set',
    'monitoring.dashboards.label=my_dashboards',
    '--set',
    'monitoring.dashboards.labelValue=yes',
    '--set',
    'monitoring.dashboards.namespace=grafana',
  );
  const maps = moved.filter((d) => d.kind === 'ConfigMap' && d.metadata.labels?.my_dashboards === 'yes');
  assert.is(maps.length, 4);
  assert.ok(maps.every((m) => m.metadata.namespace === 'grafana'));
  const none = await render('--set', 'monitoring.dashboards.enabled=false');
  assert.not.ok(none.some((d) => d.kind === 'ConfigMap' && d.metadata.labels?.grafana_dashboard));
});

test('a PrometheusRule with the generated rules, only where the Prometheus Operator serves the kind', async () => {
  assert.not.ok(
    (await render()).some((d) => d.kind === 'PrometheusRule'),
    'not without the CRD',
  );
  const docs = await render(
    ...withPrometheusOperator,
    '--set',
    'monitoring.prometheusRule.labels.release=prom',
  );
  const rule = docs.find((d) => d.kind === 'PrometheusRule');
  assert.ok(rule);
  assert.is(rule?.apiVersion, 'monitoring.coreos.com/v1');
  assert.is(rule?.metadata.labels.release, 'prom');
  assert.equal(rule?.spec, parse(readFileSync(rulesFile, 'utf8')));
  const off = await render(...withPrometheusOperator, '--set', 'monitoring.prometheusRule.enabled=false');
  assert.not.ok(off.some((d) => d.kind === 'PrometheusRule'));
});

test('runbook links follow monitoring.runbookBaseUrl', async () => {
  const docs = await render(
    ...withPrometheusOperator,
    '--set',
    'monitoring.runbookBaseUrl=https://wiki.example/runbooks/',
  );
  const rule = docs.find((d) => d.kind === 'PrometheusRule') as Doc;
  const urls = (rule.spec.groups as Array<{ rules: Array<{ annotations?: { runbook_url: string } }> }>)
    .flatMap((g) => g.rules)
    .flatMap((r) => (r.annotations ? [r.annotations.runbook_url] : []));
  assert.ok(urls.length >= 15);
  for (const url of urls) {
    assert.match(url, /^https:\/\/wiki\.example\/runbooks\/[a-z-]+\.md$/);
    assert.not.match(url, RUNBOOK_BASE_URL);
  }
});

test('helm lint passes with the monitoring values', async () => {
  const result = await helm(['lint', chartDir, '--set', 'monitoring.prometheusRule.labels.release=prom']);
  assert.is(result.code, 0, result.stdout + result.stderr);
});

test.run();

test("a ServiceMonitor for the operator's metrics Service, only where the Prometheus Operator serves the kind", async () => {
  assert.not.ok(
    (await render()).some((d) => d.kind === 'ServiceMonitor'),
    'not without the CRD',
  );
  const docs = await render(
    '--api-versions',
    'monitoring.coreos.com/v1/ServiceMonitor',
    '--set',
    'metrics.serviceMonitor.labels.release=prom',
  );
  const monitor = docs.find((d) => d.kind === 'ServiceMonitor');
  const service = docs.find((d) => d.kind === 'Service' && d.metadata.name.endsWith('-metrics'));
  assert.ok(monitor && service);
  assert.is(monitor?.metadata.namespace, 'ops');
  assert.is(monitor?.metadata.labels.release, 'prom');
  // Its selector picks the metrics Service, on the Service's named port, keeping the per-shop labels.
  for (const [key, value] of Object.entries(monitor?.spec.selector.matchLabels))
    assert.is(service?.metadata.labels[key], value, key);
  assert.equal(monitor?.spec.endpoints, [{ port: 'metrics', path: '/metrics', honorLabels: true }]);
  assert.ok(service?.spec.ports.some((p: Doc) => p.name === 'metrics'));
  const off = await render(
    '--api-versions',
    'monitoring.coreos.com/v1/ServiceMonitor',
    '--set',
    'metrics.serviceMonitor.enabled=false',
  );
  assert.not.ok(off.some((d) => d.kind === 'ServiceMonitor'));
});

test('the operator may read, apply and delete PodMonitors and nothing more of monitoring.coreos.com', async () => {
  for (const args of [[], ['--set', 'watchNamespace=shop']]) {
    const docs = await render(...args);
    const rules = docs
      .filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role')
      .flatMap((d) => d.rules as Doc[])
      .filter((r) => r.apiGroups.includes('monitoring.coreos.com'));
    assert.equal(rules, [
      {
        apiGroups: ['monitoring.coreos.com'],
        resources: ['podmonitors'],
        verbs: ['get', 'create', 'patch', 'delete'],
      },
    ]);
  }
});
