// Dashboards as data: a dashboard is a list of panel specs (title, description, unit, thresholds, PromQL
// queries), turned into Grafana JSON by the foundation SDK's builders. The same specs make the README's
// panel tables and drive the test that runs every query against a real Prometheus.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

export interface QuerySpec {
  /** PromQL; may use $namespace, $shop and $__rate_interval. */
  expr: string;
  /** Grafana legend template, e.g. `{{route}}`. */
  legend?: string;
}

export interface PanelSpec {
  title: string;
  /** Shown in the panel's (i) tooltip: what it shows and what a bad value means. */
  description: string;
  kind: 'timeseries' | 'stat';
  /** A Grafana unit id: reqps, s, percentunit, opm, bytes, short, prefix:৳ … */
  unit: string;
  queries: QuerySpec[];
  /** Colour steps from the lowest value up; the first step's value is null (the base colour). */
  thresholds?: Array<{ value: number | null; color: string }>;
  min?: number;
  max?: number;
  /** Grid columns out of 24 (default 12). */
  width?: number;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  panels: PanelSpec[];
}

/** The label matchers selecting the shop chosen in the dashboard's variables. */
export const SHOP = 'namespace="$namespace", shop="$shop"';

// Grafana's data source variable (the `datasource` variable of every dashboard), not a JavaScript template.
const datasource = { type: 'prometheus', uid: ['$', '{datasource}'].join('') };

/** Green below `warn`, orange from it, red from `bad`. */
export function upperBounds(warn: number, bad: number): PanelSpec['thresholds'] {
  return [
    { value: null, color: 'green' },
    { value: warn, color: 'orange' },
    { value: bad, color: 'red' },
  ];
}

/** Red below `bad`, orange below `warn`, green from it. */
export function lowerBounds(bad: number, warn: number): PanelSpec['thresholds'] {
  return [
    { value: null, color: 'red' },
    { value: bad, color: 'orange' },
    { value: warn, color: 'green' },
  ];
}

function target(query: QuerySpec, index: number) {
  const builder = new DataqueryBuilder()
    .expr(query.expr)
    .refId(String.fromCharCode(65 + index))
    .datasource(datasource);
  return query.legend ? builder.legendFormat(query.legend) : builder;
}

function panel(spec: PanelSpec) {
  const builder = spec.kind === 'stat' ? new stat.PanelBuilder() : new timeseries.PanelBuilder();
  builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(datasource)
    .span(spec.width ?? 12)
    .height(spec.kind === 'stat' ? 5 : 8)
    .thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps(spec.thresholds ?? [{ value: null, color: 'green' }]),
    );
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  for (const [index, query] of spec.queries.entries()) builder.withTarget(target(query, index));
  return builder;
}

/** The Grafana dashboard JSON model of `spec`. */
export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['dhakacart'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-3h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    );
  builder
    .withVariable(
      new dashboard.QueryVariableBuilder('namespace')
        .label('Namespace')
        .description('The namespace of the DhakaCart resource.')
        .datasource(datasource)
        .query('label_values(dhakacart_shop_condition, namespace)')
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    )
    .withVariable(
      new dashboard.QueryVariableBuilder('shop')
        .label('Shop')
        .description('The DhakaCart resource (its metadata.name).')
        .datasource(datasource)
        .query('label_values(dhakacart_shop_condition{namespace="$namespace"}, shop)')
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    );
  for (const panelSpec of spec.panels) builder.withPanel(panel(panelSpec));
  return builder.build();
}
