// The production server for the built storefront (node:http, no framework):
// - hashed files under /assets are cached for a year and marked immutable; index.html is never cached;
// - any other path without a file extension gets index.html (the app routes in the browser), with status 404
//   when no page of the app lives there (the app shows its not-found page; routes.ts decides for both);
// - gzip and brotli variants written at build time are sent when the browser accepts them;
// - /api/* and /images/* (the API's product pictures) are passed through to the shop API, and an unreachable API is a 502 in the API's error format;
// - /metrics is not served here but on a port of its own (metrics-server.ts), which only Prometheus may reach;
//   every request gets an X-Request-Id and a W3C traceparent, both passed to the API (observe.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { matchRoute } from '../app/routes.ts';
import { categoriesPath, firstCatalogPagePath } from '../shared/api/catalog-paths.ts';
import {
  apiRouteGroup,
  createLogLine,
  type LogLine,
  observeRequest,
  type RequestTrace,
  type RouteGroup,
  StorefrontMetrics,
  traceRequest,
} from './observe.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const immutable = 'public, max-age=31536000, immutable';
const securityHeaders: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
};

interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
  brotli: Buffer | undefined;
  contentType: string;
  etag: string;
  cacheControl: string;
}

/** Reads the whole build into memory once: it is a few hundred kilobytes and never changes while serving. */
export function loadDist(distDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Build metadata (.vite/manifest.json) is not for browsers.
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (path.endsWith('.gz') || path.endsWith('.br')) continue;
      const urlPath = `/${relative(distDir, path).split(sep).join('/')}`;
      const body = readFileSync(path);
      const variant = (suffix: string) => {
        try {
          return statSync(path + suffix).isFile() ? readFileSync(path + suffix) : undefined;
        } catch {
          return undefined;
        }
      };
      const contentType = contentTypes[extname(path)] ?? 'application/octet-stream';
      // Small text files (index.html) were not precompressed at build time; gzip them once here.
      const textual = /^(text\/|application\/json|image\/svg)/.test(contentType);
      files.set(urlPath, {
        body,
        gzip: variant('.gz') ?? (textual ? gzipSync(body, { level: 9 }) : undefined),
        brotli: variant('.br'),
        contentType,
        etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
        cacheControl: urlPath.startsWith('/assets/')
          ? immutable
          : urlPath === '/index.html'
            ? 'no-cache'
            : 'public, max-age=3600',
      });
    }
  };
  walk(distDir);
  if (!files.has('/index.html')) throw new Error(`${distDir} has no index.html: run the build first`);
  return files;
}

function pickEncoding(file: StaticFile, acceptEncoding: string): { body: Buffer; encoding?: string } {
  const accepts = (name: string) =>
    new RegExp(`(^|[\\s,])${name}(?!;q=0(\\.0+)?(\\s|,|$))`).test(acceptEncoding);
  if (file.brotli && accepts('br')) return { body: file.brotli, encoding: 'br' };
  if (file.gzip && accepts('gzip')) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.body };
}

/**
 * For the home page (the catalog's first page, no search): the browser fetches the two API answers the page
 * renders from while it is still downloading the script, instead of after it ran — the product pictures, the
 * page's largest paint, are found one round trip sooner (Lighthouse 12 mobile, issue 14). `crossorigin` makes
 * the preload a same-origin CORS-mode fetch, as the app's own fetch() is, so the browser reuses it.
 */
const homePreload = [firstCatalogPagePath, categoriesPath]
  .map((path) => `<${path}>; rel=preload; as=fetch; crossorigin`)
  .join(', ');

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: StaticFile,
  status = 200,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const headers: OutgoingHttpHeaders = {
    ...extraHeaders,
    ...securityHeaders,
    'content-type': file.contentType,
    'cache-control': file.cacheControl,
    etag: file.etag,
    vary: 'Accept-Encoding',
  };
  if (status === 200 && req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const { body, encoding } = pickEncoding(file, String(req.headers['accept-encoding'] ?? ''));
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

// Hop-by-hop headers describe one connection and must not be forwarded (RFC 9110 §7.6.1).
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

function forwardable(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!hopByHop.has(name)) result[name] = value;
  return result;
}

interface ProxyContext {
  api: URL;
  timeoutMs: number;
  trace: RequestTrace;
  route: 'api_catalog' | 'api_checkout' | 'api';
  metrics: StorefrontMetrics;
  log: LogLine;
}

function proxyToApi(req: IncomingMessage, res: ServerResponse, context: ProxyContext): void {
  const { api, timeoutMs, trace, route, metrics, log } = context;
  const headers = forwardable(req.headers);
  headers['x-request-id'] = trace.requestId;
  headers.traceparent = trace.traceparent;
  headers.host = api.host;
  headers['x-forwarded-host'] = req.headers.host;
  headers['x-forwarded-proto'] = 'http';
  const remote = req.socket.remoteAddress;
  if (remote)
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${remote}`
      : remote;

  const send = api.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    {
      protocol: api.protocol,
      hostname: api.hostname,
      port: api.port,
      method: req.method,
      path: `${api.pathname.replace(/\/$/, '')}${req.url}`,
      headers,
      timeout: timeoutMs,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  const failed = (reason: 'timeout' | 'unreachable', detail: string) => {
    metrics.proxyErrors.inc({ reason, route });
    log('warn', 'the API did not answer the proxied request', {
      request_id: trace.requestId,
      trace_id: trace.traceId,
      span_id: trace.spanId,
      reason,
      error: detail,
    });
  };
  let timedOut = false;
  upstream.on('timeout', () => {
    timedOut = true;
    failed('timeout', `no answer within ${timeoutMs} ms`);
    upstream.destroy();
    sendError(
      res,
      504,
      'api_timeout',
      `The shop API at ${api.origin} did not answer within ${timeoutMs / 1000}s.`,
    );
  });
  upstream.on('error', (error) => {
    // A timeout destroys the request, which reports an error too: counted once, as the timeout.
    if (!timedOut) failed('unreachable', error.message);
    if (res.headersSent) res.destroy();
    else
      sendError(
        res,
        502,
        'api_unreachable',
        `The shop API at ${api.origin} is unreachable (${error.message}).`,
      );
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

export interface StorefrontOptions {
  /** The Vite build output. */
  distDir: string;
  /** Where /api/* goes, e.g. http://127.0.0.1:3000. */
  apiUrl: string;
  apiTimeoutMs?: number;
  /** Where the request metrics go (a new registry by default); metrics-server.ts serves them. */
  metrics?: StorefrontMetrics;
  /** JSON log lines (info and up on stdout by default). */
  log?: LogLine;
}

const proxied = /^\/(api|images)(\/|\?|$)/;

export function createStorefrontServer(options: StorefrontOptions): Server {
  const files = loadDist(options.distDir);
  const api = new URL(options.apiUrl);
  const apiTimeoutMs = options.apiTimeoutMs ?? 30_000;
  const index = files.get('/index.html') as StaticFile;
  const metrics = options.metrics ?? new StorefrontMetrics();
  const log = options.log ?? createLogLine();

  return createServer((req, res) => {
    const url = req.url ?? '/';
    const trace = traceRequest(req);
    res.setHeader('x-request-id', trace.requestId);
    let route: RouteGroup = 'app';
    observeRequest(metrics, log, req, res, trace, () => route);
    if (proxied.test(url)) {
      const group = apiRouteGroup(req.method, url);
      route = group;
      proxyToApi(req, res, { api, timeoutMs: apiTimeoutMs, trace, route: group, metrics, log });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      route = 'bad_request';
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://storefront').pathname);
    } catch {
      route = 'bad_request';
      sendError(res, 400, 'bad_path', 'The path is not valid URL encoding.');
      return;
    }
    if (pathname === '/healthz') {
      route = 'healthz';
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('ok\n');
      return;
    }
    const file = files.get(pathname === '/' ? '/index.html' : pathname);
    if (file) {
      route = pathname.startsWith('/assets/') ? 'assets' : file === index ? 'app' : 'file';
      const home = pathname === '/' && !url.includes('?');
      sendFile(req, res, file, 200, home ? { link: homePreload } : {});
      return;
    }
    // A missing asset or file is a real 404; a path without an extension is an app route.
    if (pathname.startsWith('/assets/') || extname(pathname) !== '') {
      route = 'not_found';
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
      res.end('Not found\n');
      return;
    }
    sendFile(req, res, index, matchRoute(pathname).page === 'not-found' ? 404 : 200);
  });
}
