// Dependencies failing under the API: PostgreSQL restarted (cleanly and abruptly) during checkout load, and
// Redis stopped while the catalog is being read.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import {
  adminToken,
  call,
  customer,
  newKey,
  productWithStock,
  type Services,
  sleep,
  startApi,
  startServices,
} from './helpers.ts';

let services: Services;
let api: RunningServer;
const logLines: string[] = [];

test.before(async () => {
  services = await startServices();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: services.pg.url,
    REDIS_URL: services.redis.url,
    ADMIN_TOKEN: adminToken,
    SHUTDOWN_DELAY_MS: '0',
    CHECKOUT_RATE_LIMIT: '0',
    CACHE_LOCAL_TTL_MS: '0',
  });
  api = await startServer(config, { logger: pino({ level: 'info' }, sink) });
});
test.after(async () => {
  await api?.shutdown();
  await services?.stop();
});

/** Checkout load from `workers` loops until `stop()`; keeps every answer. */
function checkoutLoad(productId: number, workers: number, url = api.url) {
  const results: Array<{ status: number; orderId?: string; code?: string; retryAfter?: string }> = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const response = await call(`${url}/api/orders`, {
          headers: { 'idempotency-key': newKey() },
          body: { items: [{ productId, quantity: 1 }], customer },
        });
        results.push({
          status: response.status,
          orderId: response.body?.id,
          code: response.body?.error?.code,
          retryAfter: response.headers.get('retry-after') ?? undefined,
        });
        if (response.status !== 201) await sleep(20);
      } catch {
        results.push({ status: 0 });
      }
    }
  });
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function assertEveryCreatedOrderIsStored(results: Array<{ status: number; orderId?: string }>) {
  const created = results.filter((r) => r.status === 201).map((r) => r.orderId as string);
  const rows = await services.db.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::uuid[])', [
    created,
  ]);
  assert.is(rows.length, created.length, 'every 201 order is in the database');
}

for (const [name, outage] of [
  ['restarted cleanly', () => services.pg.restart()],
  [
    'killed abruptly and started again a second later',
    async () => {
      await services.pg.kill();
      await sleep(1_000);
      await services.pg.startAgain();
    },
  ],
] as const) {
  test(`PostgreSQL ${name} during checkout load: no 500, every 201 stored, the API recovers by itself`, async () => {
    const productId = await productWithStock(services.db, 'sagor-banana-1-dozen', 1_000_000);
    const load = checkoutLoad(productId, 8);
    await sleep(700);
    await outage();
    // Keep the load on until checkouts succeed again without touching the API.
    const deadline = Date.now() + 20_000;
    const recoveredFrom = load.results.length;
    while (Date.now() < deadline && !load.results.slice(recoveredFrom).some((r) => r.status === 201))
      await sleep(100);
    await sleep(500);
    await load.stop();

    const statuses = new Map<number, number>();
    for (const r of load.results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const summary = JSON.stringify(Object.fromEntries(statuses));
    assert.ok(
      [...statuses.keys()].every((s) => s === 201 || s === 503),
      `only 201 and 503, got ${summary}`,
    );
    assert.ok((statuses.get(201) ?? 0) > 0, summary);
    for (const r of load.results.filter((r) => r.status === 503)) assert.is(r.code, 'service_unavailable');
    // The database connection used for assertions may have been cut too; retry once it is back.
    let checked = false;
    for (let attempt = 0; attempt < 20 && !checked; attempt++) {
      try {
        await assertEveryCreatedOrderIsStored(load.results);
        checked = true;
      } catch (error) {
        if (error instanceof assert.Assertion) throw error;
        await sleep(250);
      }
    }
    assert.ok(checked, 'could verify the orders');
    const after = await call(`${api.url}/api/orders`, {
      headers: { 'idempotency-key': newKey() },
      body: { items: [{ productId, quantity: 1 }], customer },
    });
    assert.is(after.status, 201, 'checkout works again without restarting the API');
    assert.is((await call(`${api.url}/readyz`)).status, 200);
  });
}

test('PostgreSQL down under mixed traffic: catalog still 200 from the cache, checkout 503 with Retry-After, pod live and ready, recovery without a restart', async () => {
  // A short TTL, so the outage outlasts both the freshness and the stale-while-revalidate window.
  const shop = await startApi(services, { CACHE_TTL_MS: '300', CACHE_LOCAL_TTL_MS: '0' });
  try {
    const catalogUrls = ['/api/categories', '/api/products?category=books', '/api/products/padma-hilsa-1-kg'];
    for (const path of catalogUrls) assert.is((await call(`${shop.url}${path}`)).status, 200, path);
    const productId = await productWithStock(services.db, 'guava-1-kg', 1_000_000);
    const load = checkoutLoad(productId, 4, shop.url);
    await sleep(500);
    await services.pg.kill();
    const outageFrom = load.results.length;
    await sleep(1_500);
    const down: Array<[string, number]> = [];
    for (let round = 0; round < 5; round++) {
      for (const path of catalogUrls) down.push([path, (await call(`${shop.url}${path}`)).status]);
      await sleep(100);
    }
    assert.ok(
      down.every(([, status]) => status === 200),
      `catalog answers during the outage: ${JSON.stringify(down)}`,
    );
    const live = await call(`${shop.url}/healthz`);
    assert.is(live.status, 200, 'liveness never depends on the database');
    const ready = await call(`${shop.url}/readyz`);
    assert.is(ready.status, 200, JSON.stringify(ready.body));
    assert.is(ready.body.database, 'unavailable');
    assert.is(ready.body.checkout, 'unavailable');
    const duringOutage = load.results.slice(outageFrom);
    assert.ok(duringOutage.length > 0, 'checkouts were tried during the outage');
    const refused = duringOutage.filter((r) => r.status === 503);
    assert.ok(refused.length > 0, 'checkout answers 503 while the database is down');
    for (const r of refused) {
      assert.is(r.code, 'service_unavailable');
      assert.ok(Number(r.retryAfter) > 0, 'with Retry-After');
    }

    await services.pg.startAgain();
    const deadline = Date.now() + 20_000;
    const recoveredFrom = load.results.length;
    while (Date.now() < deadline && !load.results.slice(recoveredFrom).some((r) => r.status === 201))
      await sleep(100);
    await load.stop();
    const statuses = new Set(load.results.map((r) => r.status));
    assert.ok(
      [...statuses].every((s) => s === 201 || s === 503),
      `only 201 and 503: ${[...statuses]}`,
    );
    assert.ok(
      load.results.slice(recoveredFrom).some((r) => r.status === 201),
      'checkout recovered by itself',
    );
    let checked = false;
    for (let attempt = 0; attempt < 20 && !checked; attempt++) {
      try {
        await assertEveryCreatedOrderIsStored(load.results);
        checked = true;
      } catch (error) {
        if (error instanceof assert.Assertion) throw error;
        await sleep(250);
      }
    }
    assert.ok(checked, 'could verify that no acknowledged order was lost');
    await sleep(1_100);
    const after = await call(`${shop.url}/readyz`);
    assert.is(after.body.database, 'ok');
  } finally {
    await shop.shutdown();
  }
});

test('Redis stopped: the catalog is still served (from PostgreSQL) and the outage shows in logs and metrics', async () => {
  assert.is((await call(`${api.url}/api/products?category=books`)).status, 200);
  await services.redis.stop();
  await sleep(300);
  for (const query of ['category=books', 'category=beauty', 'q=rice', 'limit=5']) {
    const response = await call(`${api.url}/api/products?${query}`);
    assert.is(response.status, 200, query);
    assert.ok(response.body.items.length > 0, query);
  }
  assert.is((await call(`${api.url}/api/products/padma-hilsa-1-kg`)).status, 200);
  assert.is((await call(`${api.url}/api/categories`)).status, 200);
  const order = await call(`${api.url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: 1, quantity: 1 }], customer },
  });
  assert.is(order.status, 201, 'checkout works too (rate limit counted in process)');
  const metrics = (await call(api.metricsUrl)).body as string;
  assert.match(metrics, /dhakacart_redis_up 0/);
  assert.match(metrics, /dhakacart_cache_errors_total\{operation="read"\} [1-9]/);
  assert.ok(
    logLines.some((line) => /redis unavailable|serving from PostgreSQL/.test(line)),
    'a warning in the log',
  );

  await services.redis.startAgain();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !/dhakacart_redis_up 1/.test((await call(api.metricsUrl)).body))
    await sleep(200);
  assert.match((await call(api.metricsUrl)).body, /dhakacart_redis_up 1/, 'reconnected by itself');
  assert.is((await call(`${api.url}/api/products?category=books`)).status, 200);
});

test.run();
