// The faults of issue 14, each as its failing input, on real PostgreSQL and Redis: one cart makes one order
// under real concurrency, forged cursors, admin restocks that must not oversell, Bangla search under Unicode
// normalisation, the cart line limit, text and phone fields, replays and the rate limit, the Bearer scheme.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../src/server.ts';
import {
  adminToken,
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
let url: string;
const auth = { authorization: `Bearer ${adminToken}` };

test.before(async () => {
  services = await startServices();
  api = await startApi(services, { DB_POOL_MAX: '20' });
  url = api.url;
});
test.after(async () => {
  await api?.shutdown();
  await services?.stop();
});

async function cartWith(lines: Array<{ productId: number; quantity: number }>): Promise<string> {
  const cart = (await call(`${url}/api/carts`, { method: 'POST' })).body;
  for (const line of lines) {
    const put = await call(`${url}/api/carts/${cart.id}/items/${line.productId}`, {
      method: 'PUT',
      body: { quantity: line.quantity },
    });
    assert.is(put.status, 200, JSON.stringify(put.body));
  }
  return cart.id;
}

const stockOf = async (id: number) =>
  (await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [id]))[0]?.stock;

test('one cart, several checkouts at once under different Idempotency-Keys: exactly one order per cart', async () => {
  const id = await productWithStock(services.db, 'jackfruit-1-piece', 10_000);
  const carts = await Promise.all(
    Array.from({ length: 20 }, () => cartWith([{ productId: id, quantity: 2 }])),
  );
  // Every cart checked out by five "tabs" at the same moment, each with its own key.
  const results = await Promise.all(
    carts.flatMap((cartId) =>
      Array.from({ length: 5 }, () =>
        call(`${url}/api/orders`, {
          headers: { 'idempotency-key': newKey() },
          body: { cartId, customer },
        }).then((response) => ({ cartId, response })),
      ),
    ),
  );
  for (const cartId of carts) {
    const mine = results.filter((result) => result.cartId === cartId).map((result) => result.response);
    assert.is(mine.filter((r) => r.status === 201).length, 1, `one order for cart ${cartId}`);
    for (const refused of mine.filter((r) => r.status !== 201)) {
      assert.is(refused.status, 409);
      assert.is(refused.body.error.code, 'cart_already_ordered');
      assert.match(refused.body.error.message, /already ordered/);
    }
  }
  const [orders] = await services.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM orders WHERE cart_id = ANY($1::uuid[])',
    [carts],
  );
  assert.is(orders?.n, 20);
  assert.is(await stockOf(id), 10_000 - 20 * 2, 'stock taken once per cart');
});

test('a forged page cursor is a 400, never a 500', async () => {
  const forged = ['id:2147483648', 'id:99999999999', 'id:0', 'id:-1', 'id:01', 'id:1 ', 'x:1', ''].map(
    (text) => Buffer.from(text).toString('base64url'),
  );
  for (const cursor of ['aWQ6MjE0NzQ4MzY0OA', ...forged, 'aWQ6MQ==', '!!!']) {
    const response = await call(`${url}/api/products?cursor=${encodeURIComponent(cursor)}`);
    assert.is(response.status, 400, `cursor ${cursor}: ${JSON.stringify(response.body)}`);
    if (cursor !== '') assert.is(response.body.error.code, 'invalid_cursor');
  }
  const last = Buffer.from('id:2147483647').toString('base64url');
  const end = await call(`${url}/api/products?cursor=${last}`);
  assert.is(end.status, 200, 'the largest id is a valid cursor past the end');
  assert.equal(end.body.items, []);
});

test('admin restock: a live stock read, a relative adjustment, and 412 for a write based on a stale read', async () => {
  const id = await productWithStock(services.db, 'lychee-100-pcs', 10);
  // The public catalog caches the product; the admin read must not.
  assert.is((await call(`${url}/api/products/lychee-100-pcs`)).body.stock, 10);
  const read = await call(`${url}/api/admin/products/${id}`, { headers: auth });
  assert.is(read.status, 200);
  assert.is(read.body.stock, 10);
  assert.is(read.headers.get('cache-control'), 'no-store');
  const etag = read.headers.get('etag') ?? '';
  assert.match(etag, /^"[^"]+"$/);
  // Three sell meanwhile.
  const sold = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: id, quantity: 3 }], customer },
  });
  assert.is(sold.status, 201);
  const live = await call(`${url}/api/admin/products/${id}`, { headers: auth });
  assert.is(live.body.stock, 7, 'the admin sees the sale at once');
  // Five arrive; the admin, still looking at 10, would set 15: refused, since the product changed.
  const stale = await call(`${url}/api/admin/products/${id}`, {
    method: 'PATCH',
    body: { stock: 15 },
    headers: { ...auth, 'if-match': etag },
  });
  assert.is(stale.status, 412);
  assert.is(stale.body.error.code, 'precondition_failed');
  assert.is(await stockOf(id), 7);
  const adjusted = await call(`${url}/api/admin/products/${id}`, {
    method: 'PATCH',
    body: { stockAdjustment: 5 },
    headers: auth,
  });
  assert.is(adjusted.status, 200);
  assert.is(adjusted.body.stock, 12, '7 left + 5 arrived');
  assert.is(
    (await call(`${url}/api/products/lychee-100-pcs`)).body.stock,
    12,
    'the catalog cache was emptied',
  );
  const fresh = adjusted.headers.get('etag') ?? '';
  const conditional = await call(`${url}/api/admin/products/${id}`, {
    method: 'PATCH',
    body: { stock: 20 },
    headers: { ...auth, 'if-match': fresh },
  });
  assert.is(conditional.status, 200, 'a write based on the current ETag goes through');
  assert.is(conditional.body.stock, 20);
  const tooMuch = await call(`${url}/api/admin/products/${id}`, {
    method: 'PATCH',
    body: { stockAdjustment: -21 },
    headers: auth,
  });
  assert.is(tooMuch.status, 409);
  assert.is(tooMuch.body.error.code, 'insufficient_stock');
  const both = await call(`${url}/api/admin/products/${id}`, {
    method: 'PATCH',
    body: { stock: 1, stockAdjustment: 1 },
    headers: auth,
  });
  assert.is(both.status, 400);
  assert.is(await stockOf(id), 20);
});

test('the Bearer scheme is case-insensitive', async () => {
  for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
    const response = await call(`${url}/api/admin/products/1`, {
      headers: { authorization: `${scheme} ${adminToken}` },
    });
    assert.is(response.status, 200, scheme);
  }
  assert.is(
    (await call(`${url}/api/admin/products/1`, { headers: { authorization: `Basic ${adminToken}` } })).status,
    401,
  );
});

// Bengali letters with a nukta that NFC keeps decomposed (Unicode composition exclusions).
const nuktaLetters = [
  { composed: '\u09dc', decomposed: '\u09a1\u09bc' },
  { composed: '\u09dd', decomposed: '\u09a2\u09bc' },
  { composed: '\u09df', decomposed: '\u09af\u09bc' },
];

test('Bangla search finds every spelling of a nukta letter, whichever form was stored or typed', async () => {
  const precomposed = await call(`${url}/api/products?q=${encodeURIComponent('স\u09dfাবিন')}`);
  assert.is(precomposed.status, 200);
  assert.ok(precomposed.body.items.length >= 3, `সয়াবিন typed with U+09DF: ${precomposed.body.items.length}`);
  const decomposed = await call(`${url}/api/products?q=${encodeURIComponent('স\u09af\u09bcাবিন')}`);
  assert.equal(
    precomposed.body.items.map((p: { id: number }) => p.id),
    decomposed.body.items.map((p: { id: number }) => p.id),
  );
  for (const [index, letter] of nuktaLetters.entries()) {
    for (const [stored, typed] of [
      [letter.composed, letter.decomposed],
      [letter.decomposed, letter.composed],
    ]) {
      const marker = `পরীক্ষা${index}${stored === letter.composed ? 'ক' : 'খ'}`;
      const slug = `nukta-${index}-${stored === letter.composed ? 'c' : 'd'}`;
      const created = await call(`${url}/api/admin/products`, {
        headers: auth,
        body: {
          slug,
          name: { en: slug, bn: `${marker} ${stored}াল` },
          price: 100,
          stock: 1,
          category: 'groceries',
        },
      });
      assert.is(created.status, 201, JSON.stringify(created.body));
      const found = await call(`${url}/api/products?q=${encodeURIComponent(`${marker} ${typed}াল`)}`);
      assert.equal(
        found.body.items.map((p: { slug: string }) => p.slug),
        [slug],
        `U+${letter.composed.codePointAt(0)?.toString(16)} stored ${stored === letter.composed ? 'composed' : 'decomposed'}`,
      );
    }
  }
});

test('a cart holds at most 50 different products, so every cart can be ordered', async () => {
  const ids = (
    await services.db.query<{ id: number }>(
      'UPDATE products SET stock = 100 WHERE id IN (SELECT id FROM products ORDER BY id LIMIT 51) RETURNING id',
    )
  )
    .map((row) => row.id)
    .sort((a, b) => a - b);
  const cartId = await cartWith(ids.slice(0, 50).map((productId) => ({ productId, quantity: 1 })));
  const last = ids[50] as number;
  const full = await call(`${url}/api/carts/${cartId}/items/${last}`, {
    method: 'PUT',
    body: { quantity: 1 },
  });
  assert.is(full.status, 409);
  assert.is(full.body.error.code, 'cart_full');
  const more = await call(`${url}/api/carts/${cartId}/items/${ids[0]}`, {
    method: 'PUT',
    body: { quantity: 5 },
  });
  assert.is(more.status, 200, 'a product already in a full cart can still change quantity');
  const order = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { cartId, customer },
  });
  assert.is(order.status, 201, JSON.stringify(order.body));
  assert.is(order.body.items.length, 50);
});

async function orderWith(fields: Record<string, unknown>) {
  const id = await productWithStock(services.db, 'green-coconut-1-piece', 1_000);
  return call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: id, quantity: 1 }], customer: { ...customer, ...fields } },
  });
}

test('text fields: invisible-only, control characters and broken text get a 400 naming the field', async () => {
  const refused: Array<[Record<string, unknown>, string]> = [
    [{ name: '\u200b\u200c\u2060\ufeff' }, 'customer.name'],
    [{ name: '   \u00a0 ' }, 'customer.name'],
    [{ name: 'Rahima\u0007 Begum' }, 'customer.name'],
    [{ name: 'Rahima\u0085Begum' }, 'customer.name'],
    [{ name: 'Rahima\nBegum' }, 'customer.name'],
    [{ address: 'House 12\u0000, Dhaka' }, 'customer.address'],
    [{ address: 'House 12\u001b[31m, Dhaka' }, 'customer.address'],
    [{ address: '\u200b\u200b\u200bab\u200b' }, 'customer.address'],
    [{ name: 12 }, 'customer.name'],
  ];
  for (const [fields, field] of refused) {
    const response = await orderWith(fields);
    assert.is(response.status, 400, JSON.stringify(fields));
    assert.is(response.body.error.field, field, JSON.stringify(fields));
    assert.match(response.body.error.message, field);
  }
  // A lone surrogate, as a JSON escape (JSON.stringify would not produce one).
  const id = await productWithStock(services.db, 'green-coconut-1-piece', 1_000);
  const raw = `{"items":[{"productId":${id},"quantity":1}],"customer":{"name":"Rahima \\ud800","phone":"01712345678","address":"House 12, Road 5, Dhaka"}}`;
  const lone = await call(`${url}/api/orders`, { headers: { 'idempotency-key': newKey() }, body: raw });
  assert.is(lone.status, 400);
  assert.is(lone.body.error.field, 'customer.name');
  const [stored] = await services.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM orders WHERE customer_name LIKE '%' || chr(65533) || '%'",
  );
  assert.is(stored?.n, 0, 'nothing stored as U+FFFD');

  const cleaned = await orderWith({
    name: '\u200b  রহিমা\u00a0  বেগম \ufeff',
    address: ' House 12,\r\nRoad 5 \u200b\n Dhaka ',
  });
  assert.is(cleaned.status, 201, JSON.stringify(cleaned.body));
  assert.is(cleaned.body.customer.name, 'রহিমা বেগম');
  assert.is(cleaned.body.customer.address, 'House 12,\nRoad 5\nDhaka');
  const nfc = await orderWith({ name: 'Jose\u0301 Ma\u0303ria' });
  assert.is(nfc.body.customer.name, 'Jos\u00e9 M\u00e3ria', 'stored in NFC');
});

test('phone numbers in Bangla digits and any punctuation are stored in E.164', async () => {
  for (const typed of [
    '০১৭১২৩৪৫৬৭৮',
    '০১৭১২-৩৪৫৬৭৮',
    '+৮৮০ ১৭১২ ৩৪৫৬৭৮',
    '(017) 1234-5678',
    '+880 1712.345.678',
  ]) {
    const response = await orderWith({ phone: typed });
    assert.is(response.status, 201, `${typed}: ${JSON.stringify(response.body)}`);
    assert.is(response.body.customer.phone, '+8801712345678', typed);
  }
  for (const typed of ['০১২১২৩৪৫৬৭৮', '+1 555 0100', '01712', '০১৭১২৩৪৫৬৭৮৯']) {
    const response = await orderWith({ phone: typed });
    assert.is(response.status, 400, typed);
    assert.is(response.body.error.field, 'customer.phone', typed);
  }
});

test('a replayed order is never rate-limited nor counted; a new order over the limit is refused', async () => {
  const limited = await startApi(services, { CHECKOUT_RATE_LIMIT: '2' });
  try {
    const id = await productWithStock(services.db, 'sagor-banana-1-dozen', 1_000);
    const key = newKey();
    const body = { items: [{ productId: id, quantity: 1 }], customer };
    const first = await call(`${limited.url}/api/orders`, { headers: { 'idempotency-key': key }, body });
    assert.is(first.status, 201);
    for (let replay = 0; replay < 5; replay++) {
      const again = await call(`${limited.url}/api/orders`, { headers: { 'idempotency-key': key }, body });
      assert.is(again.status, 201, 'a replay answers with the order');
      assert.is(again.body.id, first.body.id);
      assert.is(again.headers.get('idempotent-replayed'), 'true');
    }
    const second = await call(`${limited.url}/api/orders`, {
      headers: { 'idempotency-key': newKey() },
      body,
    });
    assert.is(second.status, 201, 'the replays did not use up the limit');
    const third = await call(`${limited.url}/api/orders`, { headers: { 'idempotency-key': newKey() }, body });
    assert.is(third.status, 429, 'a new order over the limit is refused');
    assert.ok(third.headers.get('retry-after'));
    const replayOverLimit = await call(`${limited.url}/api/orders`, {
      headers: { 'idempotency-key': key },
      body,
    });
    assert.is(replayOverLimit.status, 201, 'even over the limit, a replay gets its order');
  } finally {
    await limited.shutdown();
  }
});

test.run();
