// Checkout under contention: the hot product never oversells, and retried Idempotency-Keys never make a
// second order, even when the retries race each other.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../src/server.ts';
import {
  call,
  customer,
  newKey,
  productWithStock,
  type Services,
  startApi,
  startServices,
} from './helpers.ts';

let services: Services;
let api: RunningServer;

test.before(async () => {
  services = await startServices();
  api = await startApi(services, { DB_POOL_MAX: '20' });
});
test.after(async () => {
  await api?.shutdown();
  await services?.stop();
});

test('500 concurrent checkouts of one product with stock 100: exactly 100 orders, stock 0, 400 × 409', async () => {
  const id = await productWithStock(services.db, 'himsagar-mango-5-kg', 100);
  const responses = await Promise.all(
    Array.from({ length: 500 }, () =>
      call(`${api.url}/api/orders`, {
        headers: { 'idempotency-key': newKey() },
        body: { items: [{ productId: id, quantity: 1 }], customer },
      }),
    ),
  );
  const statuses = responses.map((r) => r.status);
  assert.is(statuses.filter((s) => s === 201).length, 100, 'created');
  assert.is(statuses.filter((s) => s === 409).length, 400, 'out of stock');
  for (const response of responses.filter((r) => r.status === 409)) {
    assert.is(response.body.error.code, 'out_of_stock');
    assert.is(response.body.error.productId, id);
  }
  const [product] = await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [
    id,
  ]);
  assert.is(product?.stock, 0);
  const [sold] = await services.db.query<{ orders: number; units: number }>(
    'SELECT count(*)::int AS orders, coalesce(sum(quantity), 0)::int AS units FROM order_items WHERE product_id = $1',
    [id],
  );
  assert.equal(sold, { orders: 100, units: 100 });
});

test('retried Idempotency-Keys under concurrency: one order per key', async () => {
  const id = await productWithStock(services.db, 'guava-1-kg', 1_000);
  const keys = Array.from({ length: 40 }, () => newKey());
  const attempts = keys.flatMap((key) =>
    Array.from({ length: 5 }, () =>
      call(`${api.url}/api/orders`, {
        headers: { 'idempotency-key': key },
        body: { items: [{ productId: id, quantity: 2 }], customer },
      }).then((response) => ({ key, response })),
    ),
  );
  const results = await Promise.all(attempts);
  const orderByKey = new Map<string, string>();
  for (const { key, response } of results) {
    assert.is(response.status, 201);
    const seen = orderByKey.get(key);
    if (seen) assert.is(response.body.id, seen, 'every retry answers with the same order');
    else orderByKey.set(key, response.body.id);
  }
  const [counted] = await services.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM orders WHERE idempotency_key = ANY($1)',
    [keys],
  );
  assert.is(counted?.n, 40);
  const [product] = await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [
    id,
  ]);
  assert.is(product?.stock, 1_000 - 40 * 2, 'stock taken once per key');
});

test('retried cart checkouts under concurrency: one order per cart', async () => {
  const id = await productWithStock(services.db, 'pineapple-1-piece', 1_000);
  const carts = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const cart = (await call(`${api.url}/api/carts`, { method: 'POST' })).body;
      await call(`${api.url}/api/carts/${cart.id}/items/${id}`, { method: 'PUT', body: { quantity: 3 } });
      return { cartId: cart.id as string, key: newKey() };
    }),
  );
  const results = await Promise.all(
    carts.flatMap(({ cartId, key }) =>
      Array.from({ length: 4 }, () =>
        call(`${api.url}/api/orders`, { headers: { 'idempotency-key': key }, body: { cartId, customer } }),
      ),
    ),
  );
  for (const response of results) assert.is(response.status, 201, JSON.stringify(response.body));
  assert.is(new Set(results.map((r) => r.body.id)).size, 10);
  const [product] = await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [
    id,
  ]);
  assert.is(product?.stock, 1_000 - 10 * 3);
});

test.run();
