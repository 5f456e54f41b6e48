// The metrics listener: /metrics on a port of its own (METRICS_PORT, 9464), apart from the public port that
// the Ingress sends shoppers to, so the NetworkPolicy can open it to Prometheus's namespace alone.
import { createServer, type Server } from 'node:http';
import type { MetricsRegistry } from './metrics.ts';

/** The port the metrics listener uses unless METRICS_PORT says otherwise (the OpenTelemetry Prometheus exporter's). */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * An HTTP server (not yet listening) that answers `GET /metrics` (and HEAD) with the registry's exposition
 * text; any other path is 404, any other method 405.
 */
export function createMetricsServer(registry: MetricsRegistry): Server {
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (pathname !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : registry.metrics());
  });
}
