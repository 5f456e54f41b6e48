// Prometheus metrics for one API instance. Each call makes its own registry, so several apps can live in
// one test process without clashing.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { removeMisnamedDefaultGauges } from './metrics-server.ts';

export interface Metrics {
  registry: Registry;
  /** Records one HTTP request in http_request_duration_seconds. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  orders: Counter<'outcome'>;
  stockConflicts: Counter;
  cacheRequests: Counter<'result' | 'layer'>;
  cacheErrors: Counter<'operation'>;
  redisUp: Gauge;
  rateLimited: Counter;
  dbPool: Gauge<'state'>;
  /** Requests this process has accepted and not yet answered. */
  inFlight: Gauge;
  /** Units of every product in orders created, and their value in poisha (1 ৳ = 100 poisha). */
  unitsSold: Counter;
  revenue: Counter;
  /** Counts one created order: units and revenue, read from the order JSON the database returned. */
  recordSale(orderJson: string): void;
}

/**
 * Makes the API's metrics on a new registry. `poolStats` is read at scrape time: connections open, idle and
 * requests waiting for one; `poolMax` is the pool's size limit (1 for the embedded database).
 */
export function createMetrics(
  poolStats: () => { total: number; idle: number; waiting: number },
  poolMax = 1,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  removeMisnamedDefaultGauges(registry);
  const httpDuration = new Histogram<'method' | 'route' | 'status_code'>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Children by label values, so the hot path does not hash the label set on every request.
  const durations = new Map<string, { observe(seconds: number): void }>();
  new Gauge({
    name: 'dhakacart_db_pool_max_connections',
    help: 'The most connections the database pool opens; requests beyond it wait.',
    registers: [registry],
  }).set(poolMax);
  new Gauge({
    name: 'dhakacart_db_pool_waiting_requests',
    help: 'Queries waiting for a free database pool connection.',
    registers: [registry],
    collect() {
      this.set(poolStats().waiting);
    },
  });
  const unitsSold = new Counter({
    name: 'dhakacart_units_sold_total',
    help: 'Units of products in created orders (a replayed checkout is not counted again).',
    registers: [registry],
  });
  const revenue = new Counter({
    name: 'dhakacart_revenue_poisha_total',
    help: 'Value of created orders in poisha (100 poisha = 1 Taka).',
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let child = durations.get(key);
      if (!child) {
        child = httpDuration.labels({ method, route, status_code: String(status) });
        durations.set(key, child);
      }
      child.observe(seconds);
    },
    orders: new Counter({
      name: 'dhakacart_orders_total',
      help: 'Checkout attempts by outcome: created, replayed, out_of_stock, invalid, key_reused, rate_limited, unavailable, error.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    stockConflicts: new Counter({
      name: 'dhakacart_stock_conflicts_total',
      help: 'Order lines refused because the stock was not enough at the moment of the decrement.',
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: 'dhakacart_cache_requests_total',
      help: 'Catalog cache lookups by result (hit, stale, miss) and layer (local, redis, memory).',
      labelNames: ['result', 'layer'],
      registers: [registry],
    }),
    cacheErrors: new Counter({
      name: 'dhakacart_cache_errors_total',
      help: 'Redis operations that failed; the API then serves from PostgreSQL.',
      labelNames: ['operation'],
      registers: [registry],
    }),
    redisUp: new Gauge({
      name: 'dhakacart_redis_up',
      help: '1 while the Redis connection is ready, 0 while it is down (the API serves from PostgreSQL).',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'dhakacart_rate_limited_total',
      help: 'Checkout requests refused by the per-client rate limit.',
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being served by this process right now.',
      registers: [registry],
    }),
    unitsSold,
    revenue,
    recordSale(orderJson) {
      const order = JSON.parse(orderJson) as { total: number; items: Array<{ quantity: number }> };
      revenue.inc(order.total);
      unitsSold.inc(order.items.reduce((sum, item) => sum + item.quantity, 0));
    },
    dbPool: new Gauge({
      name: 'dhakacart_db_pool_connections',
      help: 'Database pool connections by state: total (open), idle; waiting is kept for old dashboards (see dhakacart_db_pool_waiting_requests).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    }),
  };
}
