// The metrics listener of the API and of the storefront server: /metrics on a port of its own (METRICS_PORT,
// 9464), apart from the public port that shoppers and the admin reach, so the NetworkPolicy can open it to
// Prometheus's namespace alone. The storefront image copies this file (storefront/Dockerfile): it imports
// nothing but node:http at run time.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Removes prom-client's default gauges named `_total` (nodejs_active_handles_total, _requests_total,
 * _resources_total) from `registry`: `_total` is the suffix of a counter (Prometheus's naming convention,
 * which `promtool check metrics` enforces), and the per-type gauges (nodejs_active_handles etc.) stay.
 * Call it after `collectDefaultMetrics({ register: registry })`.
 */
export function removeMisnamedDefaultGauges(registry: Registry): void {
  for (const name of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`nodejs_active_${name}_total`);
}

/** The port of the metrics listener unless METRICS_PORT says otherwise (the OpenTelemetry Prometheus exporter's). */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * An HTTP server (not yet listening) that answers `GET /metrics` (and HEAD) with the registry's exposition
 * text; any other path is 404, any other method 405. A registry that fails to collect answers 500, and the
 * error goes to `onError` (for a log line).
 */
export function createMetricsServer(registry: Registry, onError: (error: unknown) => void): Server {
  return createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      onError(error);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
    }
  });
}
