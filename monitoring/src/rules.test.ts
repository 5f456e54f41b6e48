// The shipped rules pass `promtool check rules`, and `promtool test rules` shows every alert firing when it
// should (with its exact labels and annotations) and staying silent when it should not. promtool comes
// from Debian's `prometheus` package (scripts/debian-packages.txt).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { rulesFile, rulesYaml } from './generate.ts';
import { type AlertRule, alertNames, buildRules } from './rules.ts';

const dir = mkdtempSync(join(tmpdir(), 'dhakacart-rules-'));
const shop = { namespace: 'eid-ns', shop: 'eid-sale' };

function promtool(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (result.error)
    throw new Error(`promtool could not run (install Debian's prometheus): ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const series = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;

type Series = Array<[string, string]>;

interface Case {
  /** What the case shows, for the failure message. */
  what: string;
  series: Series;
  /** Minutes between samples and between rule evaluations (default 1). */
  interval?: string;
  /** When to look, and the label sets (besides alertname) the alert must fire with; empty: silent. */
  evals: Array<{ at: string; fires: Array<Record<string, string>> }>;
}

const rules = buildRules().groups.flatMap((g) => g.rules.filter((r): r is AlertRule => 'alert' in r));

/** The alert as promtool must report it: labels, and annotations with `{{ $labels.x }}` filled in. */
function expected(alert: string, labels: Record<string, string>) {
  const rule = rules.find((r) => r.alert === alert && r.labels.severity === labels.severity);
  if (!rule) throw new Error(`no rule ${alert} with severity ${labels.severity}`);
  const render = (text: string) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, key) => labels[key] ?? '');
  return {
    exp_labels: labels,
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v)])),
  };
}

// --- series builders -------------------------------------------------------------------------------------

/** API requests for a journey: `ok` good and `bad` 5xx requests a minute (bad starting at `badFrom` minutes). */
function availability(
  journey: 'catalog' | 'checkout',
  bad: number,
  badFrom: number,
  minutes: number,
): Series {
  const route = journey === 'catalog' ? '/api/products/:slug' : '/api/orders';
  const method = journey === 'catalog' ? 'GET' : 'POST';
  const base = { ...shop, component: 'api', route, method };
  return [
    [series('http_request_duration_seconds_count', { ...base, status_code: '200' }), `0+600x${minutes}`],
    [
      series('http_request_duration_seconds_count', { ...base, status_code: '503' }),
      `0x${badFrom} 0+${bad}x${minutes - badFrom}`,
    ],
    [
      series('dhakacart_storefront_proxy_errors_total', {
        ...shop,
        component: 'storefront',
        reason: 'unreachable',
        route: `api_${journey}`,
      }),
      `0x${minutes}`,
    ],
  ];
}

/** API requests for a journey, 600 a minute, of which `slow` a minute exceed the SLO's threshold from `slowFrom`. */
function latency(journey: 'catalog' | 'checkout', slow: number, slowFrom: number, minutes: number): Series {
  const route = journey === 'catalog' ? '/api/products/:slug' : '/api/orders';
  const method = journey === 'catalog' ? 'GET' : 'POST';
  const le = journey === 'catalog' ? '0.25' : '1';
  const base = { ...shop, component: 'api', route, method, status_code: '200' };
  return [
    [series('http_request_duration_seconds_count', base), `0+600x${minutes}`],
    [
      series('http_request_duration_seconds_bucket', { ...base, le }),
      `0+600x${slowFrom} ${600 * slowFrom}+${600 - slow}x${minutes - slowFrom}`,
    ],
  ];
}

const gauge = (name: string, labels: Record<string, string>, values: string): [string, string] => [
  series(name, labels),
  values,
];

// --- the cases, by alert ---------------------------------------------------------------------------------

const sloCases = (
  alert: string,
  build: (bad: number, from: number, minutes: number) => Series,
  burning: number,
): Case[] => [
  {
    what: `${burning} bad requests a minute of 600 from minute 60: a page at 90 minutes, a ticket too at 200`,
    series: build(burning, 60, 200),
    evals: [
      { at: '90m', fires: [{ ...shop, slo: alert, severity: 'page' }] },
      {
        at: '200m',
        fires: [
          { ...shop, slo: alert, severity: 'page' },
          { ...shop, slo: alert, severity: 'ticket' },
        ],
      },
    ],
  },
  {
    what: 'errors well inside the budget (0.05 % for availability, 0.5 % for latency): silent',
    series: build(alert.endsWith('availability') ? 0.3 : 3, 60, 200),
    evals: [{ at: '200m', fires: [] }],
  },
  {
    what: "the same errors against the shop's stricter objective (99.99 %, latency 99.9 %): a ticket by 300 minutes",
    series: [
      ...build(alert.endsWith('availability') ? 0.3 : 3, 60, 300),
      ...objective(alert, alert.endsWith('availability') ? 0.9999 : 0.999, 300),
    ],
    evals: [
      { at: '120m', fires: [] },
      { at: '300m', fires: [{ ...shop, slo: alert, severity: 'ticket' }] },
    ],
  },
  {
    what: `${burning} bad requests a minute against the shop's looser objective (50 %): silent`,
    series: [...build(burning, 60, 200), ...objective(alert, 0.5, 200)],
    evals: [{ at: '200m', fires: [] }],
  },
];

/** The shop's objective as the operator exports it, from both replicas (the rules must not double it). */
const objective = (slo: string, ratio: number, minutes: number): Series =>
  ['operator-0', 'operator-1'].map((pod) =>
    gauge(
      'dhakacart_shop_slo_objective_ratio',
      { ...shop, slo, pod, job: 'operator' },
      `${ratio}x${minutes}`,
    ),
  );

const cases: Record<string, Case[]> = {
  DhakaCartCatalogAvailabilityBudgetBurn: sloCases(
    'catalog-availability',
    (bad, from, minutes) => availability('catalog', bad, from, minutes),
    60,
  ),
  DhakaCartCatalogLatencyBudgetBurn: sloCases(
    'catalog-latency',
    (slow, from, minutes) => latency('catalog', slow, from, minutes),
    120,
  ),
  DhakaCartCheckoutAvailabilityBudgetBurn: sloCases(
    'checkout-availability',
    (bad, from, minutes) => availability('checkout', bad, from, minutes),
    60,
  ),
  DhakaCartCheckoutLatencyBudgetBurn: sloCases(
    'checkout-latency',
    (slow, from, minutes) => latency('checkout', slow, from, minutes),
    120,
  ),
  DhakaCartAPIDown: [
    {
      what: 'the only API target stops answering at minute 10',
      series: [gauge('up', { ...shop, component: 'api', instance: 'a', job: 'api' }, '1x10 0x20')],
      evals: [{ at: '20m', fires: [{ ...shop, severity: 'page' }] }],
    },
    {
      what: 'the API Deployment has no available pod',
      series: [
        gauge('dhakacart_shop_replicas', { ...shop, component: 'api', state: 'available' }, '3x5 0x20'),
      ],
      evals: [{ at: '20m', fires: [{ ...shop, severity: 'page' }] }],
    },
    {
      what: 'one of two API targets down: silent',
      series: [
        gauge('up', { ...shop, component: 'api', instance: 'a', job: 'api' }, '1x30'),
        gauge('up', { ...shop, component: 'api', instance: 'b', job: 'api' }, '1x10 0x20'),
      ],
      evals: [{ at: '20m', fires: [] }],
    },
  ],
  DhakaCartStorefrontDown: [
    {
      what: 'the only storefront target stops answering',
      series: [gauge('up', { ...shop, component: 'storefront', instance: 'a', job: 'sf' }, '1x10 0x20')],
      evals: [{ at: '20m', fires: [{ ...shop, severity: 'page' }] }],
    },
    {
      what: 'a storefront target that answers: silent',
      series: [gauge('up', { ...shop, component: 'storefront', instance: 'a', job: 'sf' }, '1x30')],
      evals: [{ at: '20m', fires: [] }],
    },
  ],
  DhakaCartSnapshotsStale: [
    {
      what: 'the last snapshot at time 0, evaluated 13 hours later',
      interval: '10m',
      series: [gauge('dhakacart_backup_last_success_timestamp_seconds', shop, '0x80')],
      evals: [{ at: '13h', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'a snapshot every 10 minutes: silent',
      interval: '10m',
      series: [gauge('dhakacart_backup_last_success_timestamp_seconds', shop, '0+600x80')],
      evals: [{ at: '13h', fires: [] }],
    },
  ],
  DhakaCartRestoreDrillFailed: [
    {
      what: 'the last drill failed',
      series: [gauge('dhakacart_restore_drill_success', shop, '0x10')],
      evals: [{ at: '5m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'the last drill passed: silent',
      series: [gauge('dhakacart_restore_drill_success', shop, '1x10')],
      evals: [{ at: '5m', fires: [] }],
    },
  ],
  DhakaCartReleaseRolledBack: [
    {
      what: 'Degraded=True with reason RolledBack',
      series: [
        gauge(
          'dhakacart_shop_condition',
          { ...shop, type: 'Degraded', status: 'True', reason: 'RolledBack' },
          '1x10',
        ),
      ],
      evals: [{ at: '5m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'Degraded=False: silent',
      series: [
        gauge(
          'dhakacart_shop_condition',
          { ...shop, type: 'Degraded', status: 'False', reason: 'AsExpected' },
          '1x10',
        ),
      ],
      evals: [{ at: '5m', fires: [] }],
    },
  ],
  DhakaCartRolloutStuck: [
    {
      what: 'Progressing=True for an hour',
      series: [
        gauge(
          'dhakacart_shop_condition',
          { ...shop, type: 'Progressing', status: 'True', reason: 'RollingOut' },
          '1x60',
        ),
      ],
      evals: [{ at: '45m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'a rollout that finished after 20 minutes: silent',
      series: [
        gauge(
          'dhakacart_shop_condition',
          { ...shop, type: 'Progressing', status: 'True', reason: 'RollingOut' },
          '1x20 _x40',
        ),
        gauge(
          'dhakacart_shop_condition',
          { ...shop, type: 'Progressing', status: 'False', reason: 'Complete' },
          '_x20 1x40',
        ),
      ],
      evals: [{ at: '45m', fires: [] }],
    },
  ],
  DhakaCartOperatorNotLeading: [
    {
      what: 'two replicas, neither leading',
      series: [
        gauge('dhakacart_operator_leader', { instance: 'a' }, '0x20'),
        gauge('dhakacart_operator_leader', { instance: 'b' }, '0x20'),
      ],
      evals: [{ at: '10m', fires: [{ severity: 'page' }] }],
    },
    {
      what: 'no operator scraped at all',
      series: [gauge('up', { job: 'other' }, '1x20')],
      evals: [{ at: '10m', fires: [{ severity: 'page' }] }],
    },
    {
      what: 'one replica leading: silent',
      series: [
        gauge('dhakacart_operator_leader', { instance: 'a' }, '1x20'),
        gauge('dhakacart_operator_leader', { instance: 'b' }, '0x20'),
      ],
      evals: [{ at: '10m', fires: [] }],
    },
  ],
  DhakaCartReconcileErrors: [
    {
      what: 'a failing reconcile every minute',
      series: [gauge('dhakacart_operator_reconciles_total', { result: 'error' }, '0+1x60')],
      evals: [{ at: '40m', fires: [{ severity: 'ticket' }] }],
    },
    {
      what: 'one error in 40 minutes among successes: silent',
      series: [
        gauge('dhakacart_operator_reconciles_total', { result: 'error' }, '0x10 1x50'),
        gauge('dhakacart_operator_reconciles_total', { result: 'success' }, '0+5x60'),
      ],
      evals: [{ at: '40m', fires: [] }],
    },
  ],
  DhakaCartDatabaseConnectionsNearLimit: [
    {
      what: 'an API pod with all 10 pool connections busy',
      series: [
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'total' }, '10x30'),
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'idle' }, '0x30'),
        gauge('dhakacart_db_pool_max_connections', { ...shop, instance: 'p1' }, '10x30'),
        gauge('dhakacart_db_pool_waiting_requests', { ...shop, instance: 'p1' }, '0x30'),
      ],
      evals: [{ at: '20m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'queries waiting for a connection',
      series: [
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'total' }, '5x30'),
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'idle' }, '3x30'),
        gauge('dhakacart_db_pool_max_connections', { ...shop, instance: 'p1' }, '10x30'),
        gauge('dhakacart_db_pool_waiting_requests', { ...shop, instance: 'p1' }, '4x30'),
      ],
      evals: [{ at: '20m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: '2 of 10 connections busy, nobody waiting: silent',
      series: [
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'total' }, '10x30'),
        gauge('dhakacart_db_pool_connections', { ...shop, instance: 'p1', state: 'idle' }, '8x30'),
        gauge('dhakacart_db_pool_max_connections', { ...shop, instance: 'p1' }, '10x30'),
        gauge('dhakacart_db_pool_waiting_requests', { ...shop, instance: 'p1' }, '0x30'),
      ],
      evals: [{ at: '20m', fires: [] }],
    },
  ],
  DhakaCartCacheDown: [
    {
      what: 'an API pod without Redis for 20 minutes',
      series: [
        gauge('dhakacart_redis_up', { ...shop, instance: 'p1' }, '0x20'),
        gauge('dhakacart_redis_up', { ...shop, instance: 'p2' }, '1x20'),
      ],
      evals: [{ at: '10m', fires: [{ ...shop, severity: 'ticket' }] }],
    },
    {
      what: 'a Redis blip of 2 minutes: silent',
      series: [gauge('dhakacart_redis_up', { ...shop, instance: 'p1' }, '1x5 0x2 1x13')],
      evals: [{ at: '10m', fires: [] }],
    },
  ],
  DhakaCartPodsCrashLooping: [
    {
      what: 'an API container in CrashLoopBackOff for 20 minutes',
      series: [
        gauge(
          'kube_pod_container_status_waiting_reason',
          { namespace: shop.namespace, pod: 'eid-sale-api-1', container: 'api', reason: 'CrashLoopBackOff' },
          '1x20',
        ),
        gauge(
          'kube_pod_labels',
          { namespace: shop.namespace, pod: 'eid-sale-api-1', label_dhakacart_io_shop: shop.shop },
          '1x20',
        ),
      ],
      evals: [{ at: '10m', fires: [{ ...shop, pod: 'eid-sale-api-1', severity: 'page' }] }],
    },
    {
      what: 'a container that is running: silent',
      series: [
        gauge(
          'kube_pod_container_status_waiting_reason',
          { namespace: shop.namespace, pod: 'eid-sale-api-1', container: 'api', reason: 'CrashLoopBackOff' },
          '0x20',
        ),
        gauge(
          'kube_pod_labels',
          { namespace: shop.namespace, pod: 'eid-sale-api-1', label_dhakacart_io_shop: shop.shop },
          '1x20',
        ),
      ],
      evals: [{ at: '10m', fires: [] }],
    },
  ],
};

writeFileSync(join(dir, 'dhakacart.rules.yaml'), rulesYaml(buildRules()));

test('promtool check rules passes on the shipped rules and on the scaled test rules', () => {
  const shipped = promtool('check', 'rules', rulesFile);
  assert.ok(shipped.ok, shipped.output);
  writeFileSync(join(dir, 'scaled.rules.yaml'), rulesYaml(buildRules({ scale: 1 / 60, interval: '1s' })));
  const scaled = promtool('check', 'rules', join(dir, 'scaled.rules.yaml'));
  assert.ok(scaled.ok, scaled.output);
});

test('every alert has cases that make it fire and cases that keep it silent', () => {
  for (const alert of alertNames()) {
    const list = cases[alert] ?? [];
    assert.ok(
      list.some((c) => c.evals.some((e) => e.fires.length > 0)),
      `${alert}: no case where it fires`,
    );
    assert.ok(
      list.some((c) => c.evals.some((e) => e.fires.length === 0)),
      `${alert}: no case where it stays silent`,
    );
  }
});

for (const [alert, list] of Object.entries(cases)) {
  test(`promtool test rules: ${alert}`, () => {
    const unitTests = {
      rule_files: ['dhakacart.rules.yaml'],
      evaluation_interval: list[0]?.interval ?? '1m',
      tests: list.map((c) => ({
        name: c.what,
        interval: c.interval ?? '1m',
        input_series: c.series.map(([s, values]) => ({ series: s, values })),
        alert_rule_test: c.evals.map((e) => ({
          eval_time: e.at,
          alertname: alert,
          exp_alerts: e.fires.map((labels) => expected(alert, labels)),
        })),
      })),
    };
    const file = join(dir, `${alert}.test.yaml`);
    writeFileSync(file, stringify(unitTests));
    const result = promtool('test', 'rules', file);
    assert.ok(result.ok, `${alert}:\n${result.output}`);
  });
}

test.run();
