// A real Prometheus (Debian's) scrapes the real processes of a shop while a short load runs: the API and
// the storefront server on PostgreSQL and Redis, and the operator managing the same shop on the local
// control plane (kwok completes its snapshot and drill Jobs, so the backups panels have data). Then:
//  - the operator's /metrics passes `promtool check metrics`;
//  - every query of every panel of every generated dashboard returns at least one series (a panel that
//    returns nothing fails the test, named), with the SLO recording rules loaded (some panels read them).
// The alerts' end-to-end path (API down → Prometheus → Alertmanager → webhook) is
// monitoring/test/alerts-end-to-end.test.ts, which needs no cluster.
// The processes run on this machine, not in pods: the scrape objects for pods on the real node are future
// work (see monitoring/README.md for the labels they must give the targets).
import { spawnSync } from 'node:child_process';
import { dashboards } from '@dhakacart/monitoring/src/dashboards/index.ts';
import { rulesYaml } from '@dhakacart/monitoring/src/generate.ts';
import { buildRules } from '@dhakacart/monitoring/src/rules.ts';
import { type Shop, startShop } from '@dhakacart/monitoring/test/support/processes.ts';
import { type Prometheus, startPrometheus } from '@dhakacart/monitoring/test/support/prometheus.ts';
import { startTraffic, type Traffic } from '@dhakacart/monitoring/test/support/traffic.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  ensureCrd,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  provideVolume,
  type RunningOperator,
  waitReady,
} from './operator-support.ts';

const SHOP = 'eid-sale';
let ns: TestNamespace;
let operator: RunningOperator;
let shop: Shop;
let prometheus: Prometheus;
let traffic: Traffic | undefined;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('monitoring');
  await providePostgresVolume(ns.name, SHOP);
  await provideVolume(ns.name, `${SHOP}-backups`);
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '10' });
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name: SHOP, namespace: ns.name },
      spec: {
        version: '1.4.0',
        api: { replicas: { min: 2, max: 4 } },
        storefront: { replicas: { min: 1, max: 2 } },
        ingress: { enabled: false },
        database: {
          backup: { snapshots: { schedule: '* * * * *', keep: 2 }, verify: { schedule: '* * * * *' } },
        },
      },
    }),
  );
  shop = await startShop(SHOP);
  const target = (url: string) => new URL(url).host;
  prometheus = await startPrometheus({
    targets: [
      {
        job: 'api',
        address: target(shop.api.metricsUrl),
        labels: { namespace: ns.name, shop: SHOP, component: 'api' },
      },
      {
        job: 'storefront',
        address: target(shop.storefront.metricsUrl),
        labels: { namespace: ns.name, shop: SHOP, component: 'storefront' },
      },
      { job: 'operator', address: `127.0.0.1:${operator.port}`, labels: {}, honorLabels: true },
    ],
    // The shipped rules, unscaled: some panels read their recording rules by name (ratio_rate5m, _rate1h).
    rules: rulesYaml(buildRules()),
  });
  await waitReady(ns.name, SHOP, 120_000);
  traffic = await startTraffic(shop.storefront.url);
});

test.after(async () => {
  await traffic?.stop();
  await prometheus?.stop();
  await shop?.close();
  await operator?.stop();
  await ns?.delete();
});

test("promtool check metrics is clean on the operator's /metrics", async () => {
  const text = await (await fetch(`http://127.0.0.1:${operator.port}/metrics`)).text();
  assert.match(text, /dhakacart_shop_condition\{/);
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.is(result.status, 0, result.stdout + result.stderr);
  assert.is((result.stdout + result.stderr).trim(), '', 'no lint findings');
});

test('every query of every panel of every dashboard returns at least one series', async () => {
  // The backups panels need a snapshot and a restore drill: both run every minute in this shop.
  await eventually(
    'a snapshot and a restore drill in the shop status',
    async () => {
      const backups = ((await getShop(ns.name, SHOP)).status as { backups?: Record<string, unknown> })
        .backups;
      return backups?.lastSuccessTime && backups?.lastVerify ? backups : undefined;
    },
    240_000,
  );
  const queries = dashboards.flatMap((d) =>
    d.panels.flatMap((panel) =>
      panel.queries.map((q) => ({
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
  const deadline = Date.now() + 90_000;
  do {
    empty = [];
    for (const q of queries)
      if ((await prometheus.query(q.expr)).length === 0)
        empty.push(`${q.name}: ${q.expr.replace(/\s+/g, ' ')}`);
    if (empty.length === 0) break;
    await sleep(2_000);
  } while (Date.now() < deadline);
  assert.equal(
    empty,
    [],
    `panels whose query returned no series:\n${empty.join('\n')}\n\ntargets:\n${await prometheus.targets()}`,
  );
  assert.ok(queries.length >= 40, `${queries.length} queries checked`);
});

test('every operator log line has the one shape, and no token is logged', () => {
  const lines = operator.logs().trim().split('\n');
  assert.ok(lines.length > 3);
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
    assert.ok(['debug', 'info', 'warn', 'error'].includes(String(entry.level)), line);
    assert.is(entry.service, 'dhakacart-operator', line);
    assert.is(typeof entry.msg, 'string', line);
    assert.not.match(line, /eyJ[\w-]{20,}/, 'no bearer token (a JWT) in the operator log');
  }
});

test.run();
