// The shop's service level objectives and the multi-window, multi-burn-rate alerts that guard them (Google
// SRE workbook, "Alerting on SLOs", table 5-8): over a 30-day budget, page when 2 % of it burns in an hour
// or 5 % in six hours, open a ticket when 10 % burns in three days. Each alert needs its long window and a
// short window (1/12 of it) to burn at the same rate, so it fires fast and resets fast.
//
// What is measured: a shop's requests as its API answered them (`component="api"`), plus the requests the
// storefront server could not pass to the API at all (`dhakacart_storefront_proxy_errors_total`), which the
// API never saw. A request is bad for availability when it answered 5xx or never reached the API; bad for
// latency when it took longer than the threshold.

/** A PromQL duration such as `5m`, `1h`, `3d`. */
export type Duration = string;

export interface Slo {
  /** `<journey>-<kind>`: the `slo` label of the recording rules and alerts. */
  name: string;
  journey: 'catalog' | 'checkout';
  kind: 'availability' | 'latency';
  /** Fraction of good requests over 30 days, e.g. 0.999. */
  objective: number;
  /** What a shopper is promised, in words (alert descriptions, README). */
  promise: string;
  /** Label matchers of the journey's API requests in http_request_duration_seconds. */
  apiRequests: string;
  /** The storefront server's route group for the journey (proxy errors count as bad). */
  proxyRoute: string;
  /** For latency: the histogram bucket boundary a good request is faster than (seconds). */
  thresholdSeconds?: number;
}

const catalogRequests = 'component="api", route=~"/api/products.*|/api/categories.*"';
const checkoutRequests = 'component="api", route="/api/orders", method="POST"';

/** The SLOs, with their objectives: change them here and run `npm run monitoring:generate`. */
export const slos: Slo[] = [
  {
    name: 'catalog-availability',
    journey: 'catalog',
    kind: 'availability',
    objective: 0.999,
    promise:
      '99.9 % of catalog reads (product lists, product pages, categories) are answered without a server error',
    apiRequests: catalogRequests,
    proxyRoute: 'api_catalog',
  },
  {
    name: 'catalog-latency',
    journey: 'catalog',
    kind: 'latency',
    objective: 0.99,
    promise: '99 % of catalog reads are answered within 250 ms',
    apiRequests: catalogRequests,
    proxyRoute: 'api_catalog',
    thresholdSeconds: 0.25,
  },
  {
    name: 'checkout-availability',
    journey: 'checkout',
    kind: 'availability',
    objective: 0.999,
    promise:
      '99.9 % of checkouts are answered without a server error (out of stock and rate limited are answers, not errors)',
    apiRequests: checkoutRequests,
    proxyRoute: 'api_checkout',
  },
  {
    name: 'checkout-latency',
    journey: 'checkout',
    kind: 'latency',
    objective: 0.99,
    promise: '99 % of checkouts are answered within 1 s',
    apiRequests: checkoutRequests,
    proxyRoute: 'api_checkout',
    thresholdSeconds: 1,
  },
];

export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  longWindow: Duration;
  shortWindow: Duration;
  /** How many times faster than "exactly the whole budget in 30 days" the budget burns. */
  burnRate: number;
  /** How long the condition must hold before the alert fires. */
  for: Duration;
}

/** The workbook's recommended parameters (for a 30-day budget). */
export const burnRateAlerts: BurnRateAlert[] = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, for: '2m' },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', burnRate: 6, for: '15m' },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', burnRate: 3, for: '1h' },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1, for: '1h' },
];

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in a PromQL duration of one unit (`90s`, `5m`, `6h`, `3d`). */
export function seconds(duration: Duration): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`not a one-unit PromQL duration: ${duration}`);
  return Number(match[1]) * (unitSeconds[match[2] as string] as number);
}

/** `duration` multiplied by `scale`, in whole seconds (at least 1 s), as a PromQL duration. */
export function scaled(duration: Duration, scale: number): Duration {
  if (scale === 1 || seconds(duration) === 0) return duration;
  return `${Math.max(1, Math.round(seconds(duration) * scale))}s`;
}

/** Every window the recording rules compute, shortest first. */
export function windows(): Duration[] {
  const all = new Set(burnRateAlerts.flatMap((a) => [a.shortWindow, a.longWindow]));
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}
