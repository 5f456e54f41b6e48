// The metrics listener: /metrics on a port of its own (METRICS_PORT, 9464), apart from the public port that
// shoppers and the admin reach, so the NetworkPolicy can open it to Prometheus's namespace alone.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.ts';

/**
 * An HTTP server (not yet listening) that answers `GET /metrics` (and HEAD) with the registry's exposition
 * text; any other path is 404, any other method 405. A registry that fails to collect answers 500 and is logged.
 */
export function createMetricsServer(registry: Registry, logger: Logger): Server {
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
      logger.error({ err: error }, 'while collecting metrics');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
    }
  });
}
