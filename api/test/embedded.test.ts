// With no DATABASE_URL and no REDIS_URL the API runs on an embedded PostgreSQL (PGlite): migrated and seeded
// on first start, kept on disk across restarts, no services needed at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ApiProcess, call, customer, newKey, startApiProcess } from './helpers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dhakacart-pglite-'));
// A folder that does not exist yet, as on a fresh clone.
const dataDir = join(scratch, 'data', 'pglite');
let api: ApiProcess | undefined;

test.after(async () => {
  api?.child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

async function countProducts(url: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: any = await call(`${url}/api/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    assert.is(page.status, 200);
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

test('starts with no services at all, serves the seeded catalog and takes orders; data survives a restart', async () => {
  api = await startApiProcess({ PGLITE_DIR: dataDir, SHUTDOWN_DELAY_MS: '0' });
  assert.match(api.output(), /embedded PostgreSQL \(PGlite\)/);
  assert.is((await call(`${api.url}/readyz`)).status, 200);
  const products = await countProducts(api.url);
  assert.ok(products >= 200, `${products} products`);
  const categories = await call(`${api.url}/api/categories`);
  assert.ok(categories.body.items.length >= 8);
  const rice = (await call(`${api.url}/api/products/miniket-rice-1-kg`)).body;
  const order = await call(`${api.url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: rice.id, quantity: 2 }], customer },
  });
  assert.is(order.status, 201);
  assert.is(order.body.total, rice.price * 2);
  api.child.kill('SIGTERM');
  assert.is(await api.exited, 0);

  api = await startApiProcess({ PGLITE_DIR: dataDir, SHUTDOWN_DELAY_MS: '0' });
  assert.is(await countProducts(api.url), products, 'not seeded twice');
  const kept = await call(`${api.url}/api/orders/${order.body.id}`);
  assert.is(kept.status, 200, 'the order is still there');
  api.child.kill('SIGTERM');
  assert.is(await api.exited, 0);
});

test.run();
