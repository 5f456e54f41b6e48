// The Prometheus rules of a DhakaCart installation, as data: recording rules for the SLOs' error ratios,
// the burn-rate alerts that guard them (slo.ts), and the cause alerts that say what broke. One definition
// feeds the chart's PrometheusRule, the promtool unit tests and the end-to-end test's rule file, which is
// the same rules with every window and `for:` scaled down (`scale`), so a test sees an alert fire and
// resolve in seconds rather than hours.
//
// Labels the rules rely on (see monitoring/README.md): every series from a shop's pods carries `namespace`,
// `shop` (the DhakaCart's name) and `component` (api, storefront) as target labels; the operator's per-shop
// series carry `namespace` and `shop` themselves (scrape it with honor_labels). Kubernetes' own state
// (crash-looping pods) comes from kube-state-metrics.
import {
  type BurnRateAlert,
  burnRateAlerts,
  type Duration,
  type Slo,
  scaled,
  seconds,
  slos,
  windows,
} from './slo.ts';

/** Where the runbooks are published; each alert links `<base>/<runbook>.md` (docs/runbooks/ in this repo). */
export const RUNBOOK_BASE_URL = 'https://github.com/dhakacart/dhakacart/blob/main/docs/runbooks';

/**
 * Annotations use only `{{ $labels.<name> }}` templates (no `$value`), so promtool unit tests can state
 * the exact annotations an alert fires with.
 */
export interface AlertRule {
  alert: string;
  expr: string;
  for: Duration;
  labels: { severity: 'page' | 'ticket' };
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: Duration;
  rules: Array<AlertRule | RecordingRule>;
}

/** The YAML document of a Prometheus rule file (and of a PrometheusRule's spec). */
export interface RuleFile {
  groups: RuleGroup[];
}

export interface RuleOptions {
  /** Multiplies every range window and `for:` (1 = production). */
  scale?: number;
  /** Evaluation interval of every group (Prometheus's global one when unset). */
  interval?: Duration;
}

/** The runbook file of an alert: its name without the prefix, in kebab case (DhakaCartAPIDown → api-down). */
export function runbookName(alert: string): string {
  return alert
    .replace(/^DhakaCart/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The SLO's error ratio over `window`, as recorded. */
export function ratioRecord(window: Duration): string {
  return `namespace_shop:dhakacart_slo_errors_per_request:ratio_rate${window}`;
}

function sliExpr(slo: Slo, window: Duration): string {
  const api = `http_request_duration_seconds_count{${slo.apiRequests}}`;
  const unreached = `dhakacart_storefront_proxy_errors_total{route="${slo.proxyRoute}"}`;
  const total = `sum by (namespace, shop) (rate(${api}[${window}]) or rate(${unreached}[${window}]))`;
  if (slo.kind === 'availability') {
    const errors = `http_request_duration_seconds_count{${slo.apiRequests}, status_code=~"5.."}`;
    return `sum by (namespace, shop) (rate(${errors}[${window}]) or rate(${unreached}[${window}]))\n/\n${total}`;
  }
  const fast = `http_request_duration_seconds_bucket{${slo.apiRequests}, le="${slo.thresholdSeconds}"}`;
  // With no API series at all in the window, nothing was fast: subtract zero rather than nothing.
  return `(\n  ${total}\n  -\n  (sum by (namespace, shop) (rate(${fast}[${window}])) or 0 * ${total})\n)\n/\n${total}`;
}

function sloAlertName(slo: Slo): string {
  const words = slo.name.split('-').map((w) => w[0]?.toUpperCase() + w.slice(1));
  return `DhakaCart${words.join('')}BudgetBurn`;
}

/**
 * The error budget each shop set itself: 1 − its objective (spec.monitoring.slo, exported by the operator as
 * dhakacart_shop_slo_objective_ratio). `max by` because every operator replica exports the same series.
 */
export const BUDGET_RECORD = 'namespace_shop_slo:dhakacart_slo_error_budget:ratio';

/**
 * The error ratio over `window` burns faster than `burnRate` times the budget: the shop's own budget where
 * the operator exports one, else the default objective of slos.ts (a shop whose operator is not scraped).
 */
function burnsFaster(slo: Slo, window: Duration, burnRate: number): string {
  const ratio = `${ratioRecord(window)}{slo="${slo.name}"}`;
  const fallback = Number((burnRate * Number((1 - slo.objective).toPrecision(6))).toPrecision(6));
  const own = `${BUDGET_RECORD}{slo="${slo.name}"}`;
  return `(\n    ${ratio} > on (namespace, shop, slo) group_left () (${burnRate} * ${own})\n    or\n    ${ratio} > ${fallback} unless on (namespace, shop, slo) ${own}\n  )`;
}

function burnCondition(slo: Slo, alert: BurnRateAlert, scale: number): string {
  const at = (window: Duration) => burnsFaster(slo, scaled(window, scale), alert.burnRate);
  return `(\n  ${at(alert.longWindow)}\n  and\n  ${at(alert.shortWindow)}\n)`;
}

function sloAlerts(slo: Slo, scale: number): AlertRule[] {
  const name = sloAlertName(slo);
  return (['page', 'ticket'] as const).map((severity) => {
    const levels = burnRateAlerts.filter((a) => a.severity === severity);
    const first = levels[0] as BurnRateAlert;
    const spent = levels
      .map(
        (a) =>
          `${Math.round((a.burnRate * seconds(a.longWindow) * 100) / (30 * 86_400))} % in ${a.longWindow}`,
      )
      .join(' or ');
    return {
      alert: name,
      expr: levels.map((a) => burnCondition(slo, a, scale)).join('\nor\n'),
      for: scaled(first.for, scale),
      labels: { severity },
      annotations: {
        summary: `{{ $labels.namespace }}/{{ $labels.shop }}: ${slo.journey} ${slo.kind} error budget burning ${severity === 'page' ? 'fast' : 'steadily'}`,
        description: `The SLO "${slo.promise}" (the objective is the shop's spec.monitoring.slo.${slo.journey}.${slo.kind}; by default a 30-day budget of ${Number(((1 - slo.objective) * 100).toPrecision(3))} %) is burning at this rate: ${spent} of the month's budget.`,
        runbook_url: `${RUNBOOK_BASE_URL}/${runbookName(name)}.md`,
      },
    };
  });
}

/** A cause alert; `window` is substituted for `$window` in `expr` after scaling. */
interface CauseAlert {
  alert: string;
  severity: 'page' | 'ticket';
  expr: string;
  window?: Duration;
  for: Duration;
  summary: string;
  description: string;
}

/** How old the newest successful snapshot may get before the alert (two periods of the default 6-hourly schedule). */
export const SNAPSHOT_MAX_AGE_SECONDS = 12 * 3600;

const causeAlerts: CauseAlert[] = [
  {
    alert: 'DhakaCartAPIDown',
    severity: 'page',
    expr: 'max by (namespace, shop) (up{component="api"}) == 0\nor\nmax by (namespace, shop) (dhakacart_shop_replicas{component="api", state="available"}) == 0',
    for: '1m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: no API pod is answering',
    description:
      'Every API instance of the shop fails its scrape, or its Deployment has no available pod: catalog, cart and checkout are down.',
  },
  {
    alert: 'DhakaCartStorefrontDown',
    severity: 'page',
    expr: 'max by (namespace, shop) (up{component="storefront"}) == 0\nor\nmax by (namespace, shop) (dhakacart_shop_replicas{component="storefront", state="available"}) == 0',
    for: '1m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: no storefront pod is answering',
    description:
      'Every storefront server of the shop fails its scrape, or its Deployment has no available pod: shoppers get no pages.',
  },
  {
    alert: 'DhakaCartSnapshotsStale',
    severity: 'ticket',
    expr: `time() - max by (namespace, shop) (dhakacart_backup_last_success_timestamp_seconds) > ${SNAPSHOT_MAX_AGE_SECONDS}`,
    for: '10m',
    summary: `{{ $labels.namespace }}/{{ $labels.shop }}: no successful database snapshot for over ${SNAPSHOT_MAX_AGE_SECONDS / 3600} hours`,
    description: `The newest successful snapshot is older than ${SNAPSHOT_MAX_AGE_SECONDS / 3600} hours (two periods of the default schedule): a restore now would lose everything since.`,
  },
  {
    alert: 'DhakaCartRestoreDrillFailed',
    severity: 'ticket',
    expr: 'max by (namespace, shop) (dhakacart_restore_drill_success) == 0',
    for: '0m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: the last restore drill failed',
    description:
      'The newest snapshot could not be restored, or the restored data did not match: the backups may not be usable.',
  },
  {
    alert: 'DhakaCartReleaseRolledBack',
    severity: 'ticket',
    expr: 'max by (namespace, shop) (dhakacart_shop_condition{type="Degraded", status="True", reason="RolledBack"}) == 1',
    for: '0m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: the new release was rolled back',
    description:
      'The operator rolled the shop back to status.lastGoodVersion because the new version did not become available in time. The shop serves the old version; the new one will not be retried until the spec changes.',
  },
  {
    alert: 'DhakaCartRolloutStuck',
    severity: 'ticket',
    expr: 'max by (namespace, shop) (dhakacart_shop_condition{type="Progressing", status="True"}) == 1',
    for: '30m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: a rollout has been progressing for 30 minutes',
    description:
      'The shop has been Progressing for longer than any rollout should take and was not rolled back: a Deployment, migration Job or data store is not becoming ready.',
  },
  {
    alert: 'DhakaCartOperatorNotLeading',
    severity: 'page',
    expr: 'max(dhakacart_operator_leader) < 1\nor\nabsent(dhakacart_operator_leader)',
    for: '5m',
    summary: 'No DhakaCart operator replica holds the leader Lease',
    description:
      'No replica is reconciling: deleted or edited children are not put back, releases and backups do not advance, scaling bounds are not applied.',
  },
  {
    alert: 'DhakaCartReconcileErrors',
    severity: 'ticket',
    expr: 'sum(increase(dhakacart_operator_reconciles_total{result="error"}[$window])) > 3',
    window: '15m',
    for: '15m',
    summary: 'DhakaCart reconciles keep failing (more than 3 errors in 15 minutes)',
    description:
      'The operator retries with backoff, but some shop does not converge. The operator log says which shop and why.',
  },
  {
    alert: 'DhakaCartDatabaseConnectionsNearLimit',
    severity: 'ticket',
    expr: 'max by (namespace, shop) (\n  (dhakacart_db_pool_connections{state="total"} - ignoring (state) dhakacart_db_pool_connections{state="idle"})\n  / ignoring (state) dhakacart_db_pool_max_connections\n) > 0.9\nor\nmax by (namespace, shop) (dhakacart_db_pool_waiting_requests) > 0',
    for: '10m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: API database connections are nearly all in use',
    description:
      'An API pod uses over 90 % of its database pool, or queries queue for a connection: checkouts slow down and may time out.',
  },
  {
    alert: 'DhakaCartCacheDown',
    severity: 'ticket',
    expr: 'min by (namespace, shop) (dhakacart_redis_up) == 0',
    for: '5m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: the API cannot reach Redis',
    description:
      'The API serves the catalog from PostgreSQL and rate-limits per pod while Redis is down: the database takes the full read load.',
  },
  {
    alert: 'DhakaCartPodsCrashLooping',
    severity: 'page',
    expr: 'max by (namespace, shop, pod) (\n  kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}\n  * on (namespace, pod) group_left (shop)\n  label_replace(kube_pod_labels{label_dhakacart_io_shop!=""}, "shop", "$1", "label_dhakacart_io_shop", "(.*)")\n) == 1',
    for: '5m',
    summary: '{{ $labels.namespace }}/{{ $labels.shop }}: pod {{ $labels.pod }} is crash-looping',
    description:
      'A container of the shop keeps exiting and Kubernetes waits longer before each restart (CrashLoopBackOff).',
  },
];

/** Names of every alert the rules define, with their runbook file names. */
export function alertNames(): string[] {
  return [...new Set([...slos.map(sloAlertName), ...causeAlerts.map((a) => a.alert)])];
}

/** The rule file: SLO recording rules, burn-rate alerts, cause alerts. */
export function buildRules(options: RuleOptions = {}): RuleFile {
  const scale = options.scale ?? 1;
  const interval = options.interval ? { interval: options.interval } : {};
  const recording: RecordingRule[] = [
    ...slos.flatMap((slo) =>
      windows().map((window) => {
        const w = scaled(window, scale);
        return { record: ratioRecord(w), expr: sliExpr(slo, w), labels: { slo: slo.name } };
      }),
    ),
    {
      record: BUDGET_RECORD,
      expr: '1 - max by (namespace, shop, slo) (dhakacart_shop_slo_objective_ratio)',
    },
  ];
  const causes: AlertRule[] = causeAlerts.map((a) => ({
    alert: a.alert,
    expr: a.window ? a.expr.replaceAll('$window', scaled(a.window, scale)) : a.expr,
    for: scaled(a.for, scale),
    labels: { severity: a.severity },
    annotations: {
      summary: a.summary,
      description: a.description,
      runbook_url: `${RUNBOOK_BASE_URL}/${runbookName(a.alert)}.md`,
    },
  }));
  return {
    groups: [
      { name: 'dhakacart-slo-error-ratios', ...interval, rules: recording },
      { name: 'dhakacart-slo-burn-rates', ...interval, rules: slos.flatMap((slo) => sloAlerts(slo, scale)) },
      { name: 'dhakacart-causes', ...interval, rules: causes },
    ],
  };
}
