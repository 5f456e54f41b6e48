// Prometheus scrapes the shop on the real node through the operator's PodMonitor. The Prometheus Operator's
// CRDs (generated from its Go API module) are served, the operator installed by its chart writes the shop's
// PodMonitor, and a real Prometheus (built from its Go module: Debian's has no Kubernetes discovery) runs the
// PodMonitor translated into a scrape config
// (e2e/src/pod-monitor-scrape-config.ts, since no Prometheus Operator runs here): it discovers the pods
// through the local API server (kubernetes_sd_configs, role pod) and scrapes them at their pod addresses on
// the bridge while a short load runs. Then: exactly the API and storefront pods are targets and up, their
// series carry the shop's labels, and every panel query that reads the shop's pods returns a series.
// NetworkPolicy, enforced by kube-router on the node: the `metrics` port of the API and the storefront admits
// the namespace named in spec.monitoring.prometheusNamespace and refuses a pod elsewhere, and the API's own
// port refuses that monitoring namespace (it admits the storefront, whose pod gets 404 for /metrics there).
// (Prometheus itself runs on the host, which kube-router always lets reach local pods, as kubelet's probes
// need.)
import { dashboards } from '@dhakacart/monitoring/src/dashboards/index.ts';
import { rulesYaml } from '@dhakacart/monitoring/src/generate.ts';
import { buildRules } from '@dhakacart/monitoring/src/rules.ts';
import { type Prometheus, startPrometheus } from '@dhakacart/monitoring/test/support/prometheus.ts';
import { startTraffic, type Traffic } from '@dhakacart/monitoring/test/support/traffic.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PORT, METRICS_PORT } from '../../operator/src/desired/deployment.ts';
import { eventually, type TestNamespace, testCluster } from '../src/harness.ts';
import { type PodMonitorObject, podMonitorScrapeConfigs } from '../src/pod-monitor-scrape-config.ts';
import { prometheusWithKubernetesDiscovery } from '../src/prometheus-build.ts';
import {
  installPrometheusOperatorCrds,
  uninstallPrometheusOperatorCrds,
} from '../src/prometheus-operator-crds.ts';
import {
  applyShop,
  condition,
  exec,
  installOperator,
  podNames,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SHOP = 'mela';
let ns: TestNamespace;
/** The namespace the shop names as its Prometheus's (spec.monitoring.prometheusNamespace). */
let monitoring: TestNamespace;
let other: TestNamespace;
let prometheus: Prometheus | undefined;
let traffic: Traffic | undefined;
let job = '';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

test.before(async () => {
  const { info } = await testCluster();
  await installPrometheusOperatorCrds(info.kubeconfig, info.kubectl);
  ns = await realNamespace('node-mon');
  monitoring = await realNamespace('node-mon-prom');
  other = await realNamespace('node-mon-other');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, {
    version: '1.4.0',
    ...SMALL_SHOP,
    monitoring: { prometheusNamespace: monitoring.name },
  });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
  const shop = await getJson<Parameters<typeof condition>[0]>(['get', 'dhakacart', SHOP, '-n', ns.name]);
  assert.is(condition(shop, 'MonitoringReady')?.status, 'True', JSON.stringify(shop.status?.conditions));
  const monitor = await getJson<PodMonitorObject>(['get', 'podmonitor', SHOP, '-n', ns.name]);
  const scrapeConfigs = podMonitorScrapeConfigs(monitor, info.kubeconfig);
  job = `${ns.name}/${SHOP}`;
  prometheus = await startPrometheus({
    targets: [],
    scrapeConfigs,
    rules: rulesYaml(buildRules()),
    binary: await prometheusWithKubernetesDiscovery(),
  });
  traffic = await startTraffic(await serviceUrl(ns.name, `${SHOP}-storefront`, '/'));
});

test.after(async () => {
  await traffic?.stop();
  await prometheus?.stop();
  await other?.delete();
  await monitoring?.delete();
  await ns?.delete();
  const { info } = await testCluster();
  await uninstallPrometheusOperatorCrds(info.kubeconfig, info.kubectl);
});

test('exactly the api and storefront pods are targets, each up, at its pod address', async () => {
  // The pods are listed on every try: the HPA may add one under the traffic (the test shop's CPU requests are
  // small), and Prometheus discovers it a scrape later.
  const shopPods = async () =>
    [
      ...(await podNames(ns.name, `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`)),
      ...(await podNames(
        ns.name,
        `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=storefront`,
      )),
    ].sort();
  let expected: string[] = [];
  const up = await eventually(
    'every selected pod scraped and up',
    async () => {
      expected = await shopPods();
      const series = (await prometheus?.query(`up{job="${job}"}`)) ?? [];
      const pods = series.filter((s) => s.value[1] === '1').map((s) => s.metric.pod ?? '');
      return JSON.stringify(pods.sort()) === JSON.stringify(expected) && series.length === expected.length
        ? series
        : undefined;
    },
    120_000,
  ).catch(async (error) => {
    throw new Error(`${error}\npods: ${expected.join(' ')}\ntargets:\n${await prometheus?.targets()}`);
  });
  assert.equal(up.map((s) => s.metric.pod).sort(), expected);
  for (const s of up) {
    assert.is(s.metric.namespace, ns.name);
    assert.is(s.metric.shop, SHOP);
    assert.ok(['api', 'storefront'].includes(s.metric.component ?? ''), JSON.stringify(s.metric));
    assert.match(s.metric.instance ?? '', new RegExp(`^10\\.244\\.0\\.\\d+:${METRICS_PORT}$`));
  }
});

test("the shop's series carry namespace, shop and component", async () => {
  for (const component of ['api', 'storefront']) {
    const series = await eventually(
      `${component} request series`,
      async () => {
        const found = await prometheus?.query(
          `http_request_duration_seconds_count{namespace="${ns.name}", shop="${SHOP}", component="${component}"}`,
        );
        return found && found.length > 0 ? found : undefined;
      },
      60_000,
    );
    assert.ok(series.every((s) => s.metric.job === job));
  }
  // No series of the job lacks the labels the dashboards and alerts select on.
  const unlabelled = await prometheus?.query(`{job="${job}", shop!="${SHOP}"}`);
  assert.equal(unlabelled, []);
});

test("every panel query that reads the shop's pods returns at least one series", async () => {
  // Series from the operator (dhakacart_shop_*, backups, reconciles) and kube-state-metrics are not the pods':
  // those panels are covered against the operator in e2e/tests/monitoring-prometheus.test.ts.
  const notFromPods = /dhakacart_shop_|dhakacart_backup_|dhakacart_restore_|dhakacart_operator_|kube_|up\{/;
  const queries = dashboards.flatMap((d) =>
    d.panels.flatMap((panel) =>
      panel.queries
        .filter((q) => !notFromPods.test(q.expr))
        .map((q) => ({
          name: `${d.title} / ${panel.title}`,
          expr: q.expr
            .replaceAll('$namespace', ns.name)
            .replaceAll('$shop', SHOP)
            .replaceAll('$__rate_interval', '30s')
            .replaceAll('$__range', '5m'),
        })),
    ),
  );
  let empty: string[] = [];
  const deadline = Date.now() + 120_000;
  do {
    empty = [];
    for (const q of queries)
      if (((await prometheus?.query(q.expr)) ?? []).length === 0)
        empty.push(`${q.name}: ${q.expr.replace(/\s+/g, ' ')}`);
    if (empty.length === 0) break;
    await sleep(2_000);
  } while (Date.now() < deadline);
  assert.equal(empty, [], `panels whose query returned no series:\n${empty.join('\n')}`);
  assert.ok(queries.length >= 15, `${queries.length} queries checked`);
  assert.ok((traffic?.counts.sent ?? 0) > 0);
});

/** A pod in `namespace` running the API's image, idle, for connection probes. */
async function probePod(namespace: string): Promise<string> {
  const image = await k([
    'get',
    'deployment',
    `${SHOP}-api`,
    '-n',
    ns.name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe', namespace },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'probe',
            image,
            imagePullPolicy: 'Never',
            command: ['node', '-e', 'setInterval(() => {}, 1 << 30)'],
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    }),
  );
  await k(['wait', '--for=condition=Ready', '--timeout=120s', 'pod/probe', '-n', namespace]);
  return 'probe';
}

/** GET `url` from inside a pod: 'ok <status>', or the connection's failure. */
async function getFrom(namespace: string, pod: string, url: string): Promise<string> {
  const script = `fetch('${url}',{signal:AbortSignal.timeout(3000)}).then(r=>console.log('ok '+r.status),e=>console.log('failed '+(e.cause?.code??e.name)))`;
  return (await exec(namespace, pod, ['node', '-e', script])).trim();
}

/** The pod address (without port) Prometheus scrapes for one pod of `component`. */
async function podAddress(component: 'api' | 'storefront'): Promise<string> {
  const [target] = (await prometheus?.query(`up{job="${job}", component="${component}"}`)) ?? [];
  const instance = target?.metric.instance ?? '';
  assert.match(instance, new RegExp(`:${METRICS_PORT}$`), `${component}: scraped on the metrics port`);
  return instance.replace(/:\d+$/, '');
}

test('the metrics ports of the API and storefront: open to the monitoring namespace, refused from any other', async () => {
  const allowed = await probePod(monitoring.name);
  const refused = await probePod(other.name);
  for (const component of ['api', 'storefront'] as const) {
    const url = `http://${await podAddress(component)}:${METRICS_PORT}/metrics`;
    assert.is(
      await getFrom(monitoring.name, allowed, url),
      'ok 200',
      `${component} from the monitoring namespace`,
    );
    assert.match(await getFrom(other.name, refused, url), /^failed /, `${component} from another namespace`);
  }
});

test("the API's port refuses the monitoring namespace; from the storefront it answers, 404 for /metrics", async () => {
  const api = await podAddress('api');
  const allowed = await probePod(monitoring.name);
  assert.match(
    await getFrom(monitoring.name, allowed, `http://${api}:${API_PORT}/healthz`),
    /^failed /,
    'the monitoring namespace reaches nothing of the API but its metrics port',
  );
  const [storefront] = await podNames(
    ns.name,
    `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=storefront`,
  );
  assert.is(await getFrom(ns.name, storefront ?? '', `http://${api}:${API_PORT}/healthz`), 'ok 200');
  assert.is(await getFrom(ns.name, storefront ?? '', `http://${api}:${API_PORT}/metrics`), 'ok 404');
});

test.run();
