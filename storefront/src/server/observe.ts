// What the storefront server tells the on-call engineer: Prometheus metrics (requests and latency by route
// group, requests in flight, API proxy errors) and JSON log lines in the shape every DhakaCart process
// writes (time, level, msg, service, shop, request_id, trace_id). Each request gets a request id (returned
// in X-Request-Id) and a W3C `traceparent`; both are passed on to the API so one id follows the request.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { removeMisnamedDefaultGauges } from '../../../api/src/shared/metrics-server.ts';

/**
 * The bounded `route` label of a request: a route group, never a raw path (paths carry product slugs and
 * order ids). `api` is everything proxied to the API.
 */
export type RouteGroup =
  | 'api_catalog'
  | 'api_checkout'
  | 'api'
  | 'assets'
  | 'app'
  | 'file'
  | 'healthz'
  | 'not_found'
  | 'bad_request';

/**
 * The route group of a request passed to the API: catalog reads (products, categories), checkout
 * (POST /api/orders), or the rest. The SLOs count catalog and checkout requests that never reached the API.
 */
export function apiRouteGroup(
  method: string | undefined,
  url: string,
): 'api_catalog' | 'api_checkout' | 'api' {
  if (/^\/api\/(products|categories)(\/|\?|$)/.test(url)) return 'api_catalog';
  if (method === 'POST' && /^\/api\/orders\/?(\?|$)/.test(url)) return 'api_checkout';
  return 'api';
}

export interface RequestTrace {
  requestId: string;
  traceId: string;
  /** This hop's span id; the parent-id of the `traceparent` sent to the API. */
  spanId: string;
  /** The `traceparent` header for the call to the API. */
  traceparent: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const levelOrder: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/** Writes one JSON log line; `fields` must not hold a shopper's personal data (the server never logs bodies). */
export type LogLine = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** A logger writing JSON lines to `write` (stdout by default) from `minimum` up. */
export function createLogLine(
  minimum: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): LogLine {
  const floor = levelOrder[minimum] ?? 30;
  const shop = process.env.SHOP_NAME;
  return (level, msg, fields = {}) => {
    if (levelOrder[level] < floor) return;
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service: 'dhakacart-storefront', ...(shop ? { shop } : {}), ...fields, msg })}\n`,
    );
  };
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const traceparentPattern = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-([\da-f]{2})$/;

/**
 * The request's id and trace: a well-formed incoming X-Request-Id and `traceparent` trace id are kept (an
 * ingress may have set them), otherwise new ones are made.
 */
export function traceRequest(req: IncomingMessage): RequestTrace {
  const random = randomBytes(36);
  const given = req.headers['x-request-id'];
  const requestId =
    typeof given === 'string' && requestIdPattern.test(given)
      ? given
      : random.subarray(0, 12).toString('base64url');
  const incoming = req.headers.traceparent;
  const match = typeof incoming === 'string' ? traceparentPattern.exec(incoming.trim()) : null;
  const traceId =
    match && match[1] !== '0'.repeat(32) ? (match[1] as string) : random.subarray(12, 28).toString('hex');
  const spanId = random.subarray(28, 36).toString('hex');
  return { requestId, traceId, spanId, traceparent: `00-${traceId}-${spanId}-${match?.[2] ?? '01'}` };
}

/**
 * The storefront server's metrics on their own prom-client registry: request durations by route group,
 * requests in flight, proxy errors, and prom-client's default process and Node.js metrics.
 */
export class StorefrontMetrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests to the storefront server by method, route group (api_catalog, api_checkout, api, assets, app, file, healthz, not_found, bad_request) and status code; for API routes, until the API answer started.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served by this process right now.',
    registers: [this.registry],
  });
  readonly proxyErrors = new Counter({
    name: 'dhakacart_storefront_proxy_errors_total',
    help: 'Requests the storefront server could not pass to the API, by reason (unreachable, timeout) and route group (api_catalog, api_checkout, api).',
    labelNames: ['reason', 'route'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    removeMisnamedDefaultGauges(this.registry);
    for (const reason of ['unreachable', 'timeout'])
      for (const route of ['api_catalog', 'api_checkout', 'api']) this.proxyErrors.inc({ reason, route }, 0);
  }
}

/** Only these methods get their own label value; anything else is counted as OTHER. */
const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Starts observing one request: counts it in flight, and when the response is done records its duration
 * under `route()` (read then, once the handler has decided) and, for proxied requests, logs it.
 */
export function observeRequest(
  metrics: StorefrontMetrics,
  log: LogLine,
  req: IncomingMessage,
  res: ServerResponse,
  trace: RequestTrace,
  route: () => RouteGroup,
): void {
  const started = process.hrtime.bigint();
  metrics.inFlight.inc();
  res.once('close', () => {
    metrics.inFlight.dec();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const group = route();
    const method = knownMethods.has(req.method ?? '') ? (req.method as string) : 'OTHER';
    metrics.requestDuration.observe({ method, route: group, status_code: String(res.statusCode) }, seconds);
    if (group.startsWith('api') || res.statusCode >= 500) {
      log(res.statusCode >= 500 ? 'warn' : 'debug', 'request', {
        request_id: trace.requestId,
        trace_id: trace.traceId,
        span_id: trace.spanId,
        method,
        route: group,
        status: res.statusCode,
        ms: seconds * 1e3,
      });
    }
  });
}
