// Shop overview: is the shop serving, how fast, and is the sale selling? Traffic, errors and latency per
// route, orders and revenue, stock-outs, the cache, the database pool, and capacity against its bounds.
import { type DashboardSpec, SHOP, upperBounds } from './panel.ts';

const api = `${SHOP}, component="api"`;
const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;

export const shopOverview: DashboardSpec = {
  uid: 'dhakacart-shop-overview',
  title: 'DhakaCart / Shop overview',
  description: 'One shop at a glance: traffic, errors, latency, sales, cache, database and capacity.',
  panels: [
    {
      title: 'API requests per second by route',
      description:
        'Requests the API answered, by route template (never a raw path). A sudden drop with steady storefront traffic means requests fail before the API.',
      kind: 'timeseries',
      unit: 'reqps',
      queries: [
        {
          expr: `sum by (route) (${rate(`http_request_duration_seconds_count{${api}}`)})`,
          legend: '{{route}}',
        },
      ],
    },
    {
      title: 'API server errors by route',
      description:
        'Share of requests answered 5xx, by route. The SLOs allow 0.1 %; above 1 % shoppers notice.',
      kind: 'timeseries',
      unit: 'percentunit',
      min: 0,
      thresholds: upperBounds(0.001, 0.01),
      queries: [
        {
          expr: `(\n  sum by (route) (${rate(`http_request_duration_seconds_count{${api}, status_code=~"5.."}`)})\n  or\n  0 * sum by (route) (${rate(`http_request_duration_seconds_count{${api}}`)})\n)\n/\nsum by (route) (${rate(`http_request_duration_seconds_count{${api}}`)})`,
          legend: '{{route}}',
        },
      ],
    },
    {
      title: 'API p95 latency by route',
      description:
        '95th percentile of the time the API took to answer, by route. The catalog SLO wants 250 ms, checkout 1 s.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(0.25, 1),
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (route, le) (${rate(`http_request_duration_seconds_bucket{${api}}`)}))`,
          legend: '{{route}}',
        },
      ],
    },
    {
      title: 'Storefront server requests per second',
      description:
        'Requests to the storefront server by route group (app pages, assets, API calls passed through) and status.',
      kind: 'timeseries',
      unit: 'reqps',
      queries: [
        {
          expr: `sum by (route, status_code) (${rate(`http_request_duration_seconds_count{${SHOP}, component="storefront"}`)})`,
          legend: '{{route}} {{status_code}}',
        },
      ],
    },
    {
      title: 'Orders per minute',
      description:
        'Checkout attempts per minute by outcome: created, replayed (a retry answered from the first order), out_of_stock, rate_limited, invalid, unavailable, error.',
      kind: 'timeseries',
      unit: 'opm',
      min: 0,
      queries: [
        { expr: `sum by (outcome) (${rate(`dhakacart_orders_total{${SHOP}}`)}) * 60`, legend: '{{outcome}}' },
      ],
    },
    {
      title: 'Revenue per minute',
      description:
        'Value of the orders created per minute, in Taka (the API counts poisha; 100 poisha = ৳1). Replayed checkouts are not counted twice.',
      kind: 'timeseries',
      unit: 'prefix:৳',
      min: 0,
      queries: [
        { expr: `sum(${rate(`dhakacart_revenue_poisha_total{${SHOP}}`)}) * 60 / 100`, legend: 'revenue' },
      ],
    },
    {
      title: 'Units sold per minute',
      description: 'Units of products in the orders created per minute.',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      queries: [{ expr: `sum(${rate(`dhakacart_units_sold_total{${SHOP}}`)}) * 60`, legend: 'units' }],
    },
    {
      title: 'Stock-outs per minute',
      description:
        'Order lines refused because the stock ran out at the moment of the decrement (the shopper got a 409). Expected on hot products in a flash sale; never an oversell.',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      thresholds: upperBounds(10, 100),
      queries: [
        { expr: `sum(${rate(`dhakacart_stock_conflicts_total{${SHOP}}`)}) * 60`, legend: 'stock-outs' },
      ],
    },
    {
      title: 'Catalog cache hit ratio',
      description:
        "Share of catalog lookups answered from a cache (the pod's memory or Redis). Low during a sale means PostgreSQL takes the reads.",
      kind: 'timeseries',
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: [
        { value: null, color: 'red' },
        { value: 0.5, color: 'orange' },
        { value: 0.8, color: 'green' },
      ],
      queries: [
        {
          expr: `(\n  sum(${rate(`dhakacart_cache_requests_total{${SHOP}, result="hit"}`)})\n  or\n  0 * sum(${rate(`dhakacart_cache_requests_total{${SHOP}}`)})\n)\n/\nsum(${rate(`dhakacart_cache_requests_total{${SHOP}}`)})`,
          legend: 'hit ratio',
        },
      ],
    },
    {
      title: 'Database pool saturation',
      description:
        'Connections in use over the pool limit, on the busiest API pod. At 100 % queries wait for a connection.',
      kind: 'timeseries',
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: upperBounds(0.7, 0.9),
      queries: [
        {
          expr: `max(\n  (dhakacart_db_pool_connections{${SHOP}, state="total"} - ignoring (state) dhakacart_db_pool_connections{${SHOP}, state="idle"})\n  / ignoring (state) dhakacart_db_pool_max_connections{${SHOP}}\n)`,
          legend: 'busiest pod',
        },
      ],
    },
    {
      title: 'Queries waiting for a database connection',
      description:
        'Queries queued for a free pool connection, summed over the API pods. Anything above zero for long means the pool (or PostgreSQL) is the bottleneck.',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      thresholds: upperBounds(1, 10),
      queries: [{ expr: `sum(dhakacart_db_pool_waiting_requests{${SHOP}})`, legend: 'waiting' }],
    },
    {
      title: 'Requests in flight',
      description:
        'Requests being served right now, by component. Rising with flat throughput means something downstream is slow.',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      queries: [{ expr: `sum by (component) (http_requests_in_flight{${SHOP}})`, legend: '{{component}}' }],
    },
    {
      title: 'Replicas against the autoscaler bounds',
      description:
        "Pods desired and available for the api and storefront, with the HorizontalPodAutoscaler's min and max. Desired at max during a sale means the shop cannot scale further.",
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      queries: [
        {
          expr: `max by (component, state) (dhakacart_shop_replicas{${SHOP}})`,
          legend: '{{component}} {{state}}',
        },
      ],
    },
    {
      title: 'Disruptions allowed',
      description:
        'Pods of each component that may be evicted now without breaking its PodDisruptionBudget. 0 means a node drain would wait.',
      kind: 'stat',
      unit: 'short',
      width: 12,
      thresholds: [
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ],
      queries: [
        { expr: `max by (component) (dhakacart_shop_disruptions_allowed{${SHOP}})`, legend: '{{component}}' },
      ],
    },
    {
      title: 'Storefront requests that never reached the API',
      description:
        'Requests the storefront server could not pass to the API, per second, by reason (unreachable: connection refused or reset; timeout). Shoppers see the shop as down.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      thresholds: upperBounds(0.01, 1),
      queries: [
        {
          expr: `sum by (reason) (${rate(`dhakacart_storefront_proxy_errors_total{${SHOP}}`)})`,
          legend: '{{reason}}',
        },
      ],
    },
  ],
};
