// The production server: cache headers, SPA fallback, compression, and a clear 502 when the API is down.
import { readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { freePort } from '@dhakacart/e2e/services';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMetricsServer } from '../../api/src/shared/metrics-server.ts';
import { StorefrontMetrics } from '../src/server/observe.ts';
import { createStorefrontServer } from '../src/server/serve.ts';
import { distDir, ensureBuild } from './support/build.ts';

let server: Server;
let metricsServer: Server;
let base = '';
let metricsBase = '';
let entryScript = '';

test.before(async () => {
  await ensureBuild();
  entryScript = readdirSync(join(distDir, 'assets')).find((f) => f.endsWith('.js')) ?? '';
  // Nothing listens on this port: the API is "down" for this suite.
  const deadApi = await freePort();
  const metrics = new StorefrontMetrics();
  server = createStorefrontServer({ distDir, apiUrl: `http://127.0.0.1:${deadApi}`, metrics });
  metricsServer = createMetricsServer(metrics.registry, (error) => {
    throw error;
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  base = `http://127.0.0.1:${port}`;
  await new Promise<void>((done) => metricsServer.listen(0, '127.0.0.1', done));
  metricsBase = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
});

test.after(async () => {
  for (const listener of [server, metricsServer]) {
    listener.closeAllConnections();
    await new Promise((done) => listener.close(done));
  }
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });

test('index.html is served at / and never cached', async () => {
  const response = await get('/');
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  assert.is(response.headers.get('cache-control'), 'no-cache');
  assert.match(await response.text(), /<div id="root">/);
});

test('app routes fall back to index.html; missing files are 404', async () => {
  for (const path of ['/cart', '/checkout', '/products/some-slug', '/orders/42']) {
    const response = await get(path);
    assert.is(response.status, 200, path);
    assert.is(response.headers.get('cache-control'), 'no-cache', path);
    assert.match(await response.text(), /<div id="root">/, path);
  }
  for (const path of ['/cart/', '/checkout/', '/products/some-slug/', '/orders/42/']) {
    const response = await get(path);
    assert.is(response.status, 200, `${path}: a trailing slash is the same page`);
    assert.match(await response.text(), /<div id="root">/, path);
  }
  for (const path of ['/nowhere', '/products/a/b', '/cart/extra', '/admin']) {
    const response = await get(path);
    assert.is(response.status, 404, `${path}: no page there`);
    assert.match(await response.text(), /<div id="root">/, `${path}: the app shows its not-found page`);
  }
  assert.is((await get('/assets/missing-abc123.js')).status, 404);
  assert.is((await get('/missing.png')).status, 404);
  assert.is((await get('/.vite/manifest.json')).status, 404, 'build metadata is not public');
});

test('hashed assets are cached for a year and immutable', async () => {
  const response = await get(`/assets/${entryScript}`);
  assert.is(response.status, 200);
  assert.is(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
});

test('assets and index.html are sent brotli or gzip compressed when the browser accepts it', async () => {
  const plain = Buffer.from(await (await get(`/assets/${entryScript}`)).arrayBuffer());
  // fetch() would decode the body itself, so read the raw bytes through node:http instead.
  const raw = async (path: string, encoding: string) => {
    const { request } = await import('node:http');
    return new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>(
      (done, fail) => {
        request(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            done({
              encoding: res.headers['content-encoding'],
              vary: res.headers.vary,
              body: Buffer.concat(chunks),
            }),
          );
        })
          .on('error', fail)
          .end();
      },
    );
  };
  const br = await raw(`/assets/${entryScript}`, 'gzip, deflate, br');
  assert.is(br.encoding, 'br');
  assert.is(br.vary, 'Accept-Encoding');
  assert.ok(brotliDecompressSync(br.body).equals(plain));
  assert.ok(br.body.length < plain.length / 2);
  const gzip = await raw(`/assets/${entryScript}`, 'gzip');
  assert.is(gzip.encoding, 'gzip');
  assert.ok(gunzipSync(gzip.body).equals(plain));
  const html = await raw('/', 'gzip');
  assert.is(html.encoding, 'gzip');
  assert.match(gunzipSync(html.body).toString(), /<div id="root">/);
});

test('a repeated request with the ETag gets 304 Not Modified', async () => {
  const first = await get('/');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const second = await get('/', { 'if-none-match': etag });
  assert.is(second.status, 304);
});

test('only GET and HEAD are allowed outside /api', async () => {
  const response = await fetch(`${base}/`, { method: 'POST', body: 'x' });
  assert.is(response.status, 405);
  const head = await fetch(`${base}/`, { method: 'HEAD' });
  assert.is(head.status, 200);
});

test('with the API down, /api answers 502 in the API error format', async () => {
  const response = await get('/api/products');
  assert.is(response.status, 502);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.is(body.error.code, 'api_unreachable');
  assert.match(body.error.message, /unreachable/);
  assert.is(
    (await get('/images/products/miniket-rice-1-kg.svg')).status,
    502,
    'product pictures come from the API',
  );
});

test('/metrics on the public port is a page the app does not have (404), with no metric in it', async () => {
  const response = await get('/metrics');
  assert.is(response.status, 404);
  const body = await response.text();
  assert.match(body, /<div id="root">/);
  assert.not.match(body, /http_request_duration_seconds/);
});

test("the metrics listener serves the public port's request metrics, and nothing else", async () => {
  await (await get('/cart')).arrayBuffer();
  const response = await fetch(`${metricsBase}/metrics`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  assert.is(response.headers.get('cache-control'), 'no-store');
  const text = await response.text();
  assert.match(
    text,
    /http_request_duration_seconds_count\{method="GET",route="app",status_code="200"\} [1-9]/,
  );
  assert.not.match(text, /route="metrics"/, 'scrapes are not counted as shop requests');
  for (const path of ['/', '/cart', '/healthz']) {
    const other = await fetch(`${metricsBase}${path}`);
    assert.is(other.status, 404, `${path} on the metrics listener`);
    await other.arrayBuffer();
  }
  const posted = await fetch(`${metricsBase}/metrics`, { method: 'POST' });
  assert.is(posted.status, 405);
  await posted.arrayBuffer();
});

test.run();
