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
function checkoutLoad(productId: number, workers: number) {
  const results: Array<{ status: number; orderId?: string; code?: string }> = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const response = await call(`${api.url}/api/orders`, {
          headers: { 'idempotency-key': newKey() },
          body: { items: [{ productId, quantity: 1 }], customer },
        });
        results.push({
          status: response.status,
          orderId: response.body?.id,
          code: response.body?.error?.code,
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
  const metrics = (await call(`${api.url}/metrics`)).body as string;
  assert.match(metrics, /dhakacart_redis_up 0/);
  assert.match(metrics, /dhakacart_cache_errors_total\{operation="read"\} [1-9]/);
  assert.ok(
    logLines.some((line) => /redis unavailable|serving from PostgreSQL/.test(line)),
    'a warning in the log',
  );

  await services.redis.startAgain();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !/dhakacart_redis_up 1/.test((await call(`${api.url}/metrics`)).body))
    await sleep(200);
  assert.match((await call(`${api.url}/metrics`)).body, /dhakacart_redis_up 1/, 'reconnected by itself');
  assert.is((await call(`${api.url}/api/products?category=books`)).status, 200);
});

test.run();
