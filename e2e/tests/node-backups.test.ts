// Backups on the real node: orders placed through the shop's API, a snapshot Job that really runs pg_dump in a
// pod onto the backups volume (provisioned by the node's StorageClass), then a new shop restored from that
// snapshot whose own PostgreSQL holds the same orders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import {
  applyShop,
  installOperator,
  psql,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SOURCE = 'haat';
const RESTORED = 'haat-again';
const ORDERS = 5;
let ns: TestNamespace;

const spec = (extra: Record<string, unknown> = {}) => ({
  version: '1.4.0',
  ...SMALL_SHOP,
  api: { ...SMALL_SHOP.api, replicas: { min: 1, max: 2 } },
  database: {
    storage: '1Gi',
    deletionPolicy: 'Delete',
    backup: { snapshots: { schedule: '0 0 1 1 *', keep: 3 } },
    ...extra,
  },
});

test.before(async () => {
  ns = await realNamespace('node-bak');
  await installOperator(ns.name);
  await applyShop(ns.name, SOURCE, spec());
  await waitShopReady(ns.name, SOURCE, 420_000);
  await seedCatalog(ns.name, SOURCE);
});

test.after(async () => {
  await ns?.delete();
});

test('a snapshot taken by pg_dump in a pod restores into a new shop with every order', async () => {
  const storefront = await serviceUrl(ns.name, `${SOURCE}-storefront`, '/api/products');
  const products = (await (await fetch(`${storefront}/api/products`)).json()) as {
    items: { id: number; stock: number }[];
  };
  const product = products.items.find((p) => p.stock > ORDERS);
  assert.ok(product, 'a product in stock');
  for (let i = 0; i < ORDERS; i++) {
    const res = await fetch(`${storefront}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `backup-test-${i}` },
      body: JSON.stringify({
        items: [{ productId: product?.id, quantity: 1 }],
        customer: { name: `Customer ${i}`, phone: '01712345678', address: 'House 1, Road 2, Mirpur, Dhaka' },
      }),
    });
    assert.is(res.status, 201, await res.text());
  }
  assert.is((await psql(ns.name, SOURCE, 'select count(*) from orders')).trim(), String(ORDERS));

  await k([
    'annotate',
    'dc',
    SOURCE,
    '-n',
    ns.name,
    `dhakacart.io/snapshot-request=${Date.now()}`,
    '--overwrite',
  ]);
  const snapshot = await eventually(
    'a successful snapshot',
    async () => {
      const shop = await getJson<{ status?: { backups?: { lastSnapshot?: string; count?: number } } }>([
        'get',
        'dc',
        SOURCE,
        '-n',
        ns.name,
      ]);
      return (shop.status?.backups?.count ?? 0) >= 1 ? shop.status?.backups?.lastSnapshot : undefined;
    },
    300_000,
  );
  // The snapshot's Job ran a real pod on the real node, which exited 0.
  const job = await getJson<{ status: { succeeded?: number } }>(['get', 'job', snapshot, '-n', ns.name]);
  assert.is(job.status.succeeded, 1);

  await applyShop(ns.name, RESTORED, spec({ restore: { fromSnapshot: snapshot } }));
  await waitShopReady(ns.name, RESTORED, 420_000);
  assert.is((await psql(ns.name, RESTORED, 'select count(*) from orders')).trim(), String(ORDERS));
  const names = await psql(ns.name, RESTORED, 'select customer_name from orders order by customer_name');
  assert.equal(
    names.trim().split('\n'),
    Array.from({ length: ORDERS }, (_, i) => `Customer ${i}`),
  );
});

test.run();
