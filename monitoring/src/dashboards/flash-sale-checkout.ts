// Flash-sale checkout: the one journey that must hold during the Eid sale. Latency percentiles, the
// answers that are not orders (409 out of stock, 429 rate limited, 503 briefly unavailable), and the SLOs'
// error budgets.
import { slos } from '../slo.ts';
import { type DashboardSpec, lowerBounds, SHOP, upperBounds } from './panel.ts';

const checkout = `${SHOP}, component="api", route="/api/orders", method="POST"`;
const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;
const checkouts = `sum(${rate(`http_request_duration_seconds_count{${checkout}}`)})`;

/** Checkouts per second answered `status`, or 0 while there are checkouts but none with that status. */
const answered = (status: string) =>
  `sum(${rate(`http_request_duration_seconds_count{${checkout}, status_code="${status}"}`)})\nor\n0 * ${checkouts}`;

const quantile = (q: number) => ({
  expr: `histogram_quantile(${q}, sum by (le) (${rate(`http_request_duration_seconds_bucket{${checkout}}`)}))`,
  legend: `p${Math.round(q * 100)}`,
});

const checkoutSlos = slos.filter((slo) => slo.journey === 'checkout');

export const flashSaleCheckout: DashboardSpec = {
  uid: 'dhakacart-flash-sale-checkout',
  title: 'DhakaCart / Flash-sale checkout',
  description: 'POST /api/orders during a sale: latency, refusals, unavailability and the checkout SLOs.',
  panels: [
    {
      title: 'Checkout latency p50 / p95 / p99',
      description: 'Time the API took to answer a checkout. The latency SLO wants 99 % within 1 s.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(0.5, 1),
      queries: [quantile(0.5), quantile(0.95), quantile(0.99)],
    },
    {
      title: 'Checkouts per second by status',
      description:
        'Checkout answers per second by HTTP status: 201 created (or replayed), 400/422 bad input, 409 out of stock, 429 rate limited, 503 unavailable.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      queries: [
        {
          expr: `sum by (status_code) (${rate(`http_request_duration_seconds_count{${checkout}}`)})`,
          legend: '{{status_code}}',
        },
      ],
    },
    {
      title: '409 out of stock per second',
      description:
        'Checkouts refused because a product ran out. Expected when a hot product sells out; the shopper is told which product.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      queries: [{ expr: answered('409'), legend: '409' }],
    },
    {
      title: '429 rate limited per second',
      description:
        'Checkouts refused by the per-client limit (CHECKOUT_RATE_LIMIT a minute). Many at once can mean a bot, or a limit too low for shoppers behind one address.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      thresholds: upperBounds(1, 10),
      queries: [{ expr: answered('429'), legend: '429' }],
    },
    {
      title: '503 unavailable per second',
      description:
        'Checkouts answered "briefly unavailable" because PostgreSQL was unreachable or restarting. These spend the availability error budget.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      thresholds: upperBounds(0.01, 0.1),
      queries: [{ expr: answered('503'), legend: '503' }],
    },
    {
      title: 'Idempotent replays per minute',
      description:
        'Checkouts retried with the same Idempotency-Key and answered from the first order: no second order, no second decrement. A spike means shoppers or the app retry after timeouts.',
      kind: 'timeseries',
      unit: 'opm',
      min: 0,
      queries: [
        {
          expr: `sum(${rate(`dhakacart_orders_total{${SHOP}, outcome="replayed"}`)}) * 60\nor\n0 * sum(${rate(`dhakacart_orders_total{${SHOP}}`)})`,
          legend: 'replayed',
        },
      ],
    },
    {
      title: 'Checkout availability (5 minutes)',
      description:
        'Share of checkouts over the last 5 minutes answered without a server error and reaching the API, from the SLO recording rules. Objective: 99.9 %.',
      kind: 'stat',
      unit: 'percentunit',
      thresholds: lowerBounds(0.99, 0.999),
      queries: [
        {
          expr: `1 - namespace_shop:dhakacart_slo_errors_per_request:ratio_rate5m{${SHOP}, slo="checkout-availability"}`,
          legend: 'availability',
        },
      ],
    },
    {
      title: 'Checkout error budget burn rate (1 hour)',
      description:
        'How fast each checkout SLO spends its 30-day error budget, over the last hour: 1 spends it exactly in 30 days; 14.4 pages (2 % of the budget in an hour).',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      thresholds: upperBounds(6, 14.4),
      queries: checkoutSlos.map((slo) => ({
        expr: `namespace_shop:dhakacart_slo_errors_per_request:ratio_rate1h{${SHOP}, slo="${slo.name}"} / ${Number((1 - slo.objective).toPrecision(6))}`,
        legend: slo.name,
      })),
    },
  ],
};
