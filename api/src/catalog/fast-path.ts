// The catalog's hot path, in front of Express: a GET for a catalog URL this pod answered a moment ago is
// sent straight from the pod's in-memory copy, with the same headers the Express route sends (security
// headers, content headers, Cache-Control). Everything else, and every first request for a URL, goes
// through Express, which validates it and, on success, registers the URL here (cache.alias). This roughly
// halves the CPU a cached catalog read costs, which is most of a pod's traffic during a sale.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lifecycle } from '../health/router.ts';
import type { Metrics } from '../shared/metrics.ts';
import type { CatalogCache } from './cache.ts';
import { sendCatalogBody } from './send-body.ts';

/** The key under which Express registers a URL it answered (path and query exactly as sent). */
export const fastPathKey = (url: string) => `url:${url}`;

/** The route label Express would give this path in http_request_duration_seconds. */
function routeOf(url: string): string | undefined {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path === '/api/products' || path === '/api/products/') return '/api/products';
  if (path === '/api/categories' || path === '/api/categories/') return '/api/categories';
  if (path.startsWith('/api/products/') && path.indexOf('/', '/api/products/'.length) === -1)
    return '/api/products/:slug';
  return undefined;
}

export function createCatalogFastPath(opts: {
  cache: CatalogCache;
  metrics: Metrics;
  lifecycle: Lifecycle;
  securityHeaders: Map<string, string>;
  corsEnabled: boolean;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { cache, metrics, lifecycle } = opts;
  const headers = new Map(opts.securityHeaders);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'public, max-age=5');
  // The cors middleware varies every answer on Origin; cross-origin requests themselves take the Express path.
  if (opts.corsEnabled) headers.set('Vary', 'Origin');

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    if (!url.startsWith('/api/')) return false;
    if (opts.corsEnabled && req.headers.origin !== undefined) return false;
    const route = routeOf(url);
    if (!route) return false;
    const body = cache.peek(fastPathKey(url));
    if (!body) return false;
    const started = process.hrtime.bigint();
    res.setHeaders(headers);
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    sendCatalogBody(res, body, req.headers['accept-encoding']);
    metrics.observeRequest(req.method, route, 200, Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  };
}
