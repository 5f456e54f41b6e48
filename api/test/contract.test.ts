// Every endpoint of the contract, including its errors, against real PostgreSQL and Redis.
import { get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
const extra: RunningServer[] = [];

test.before(async () => {
  services = await startServices();
  api = await startApi(services, { CORS_ORIGIN: 'https://shop.example' });
  url = api.url;
});
test.after(async () => {
  for (const server of [api, ...extra]) await server?.shutdown();
  await services?.stop();
});

const productKeys = [
  'category',
  'currency',
  'description',
  'id',
  'imageUrl',
  'name',
  'price',
  'slug',
  'stock',
];

test('GET /api/products pages through the whole catalog with a cursor', async () => {
  const first = await call(`${url}/api/products`);
  assert.is(first.status, 200);
  assert.is(first.body.items.length, 24, 'default page size is 24');
  const product = first.body.items[0];
  assert.equal(Object.keys(product).sort(), productKeys);
  assert.is(product.currency, 'BDT');
  assert.ok(Number.isInteger(product.price) && product.price > 0, 'price is an integer number of poisha');
  assert.ok(product.name.en && product.name.bn, 'names in English and Bangla');
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: any = await call(`${url}/api/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    assert.is(page.status, 200);
    for (const item of page.body.items) seen.add(item.slug);
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.ok(seen.size >= 200, `at least 200 products, got ${seen.size}`);
});

test('GET /api/products filters by category and searches in English and Bangla', async () => {
  const books = await call(`${url}/api/products?category=books&limit=100`);
  assert.is(books.status, 200);
  assert.ok(books.body.items.length > 5);
  assert.ok(books.body.items.every((item: any) => item.category === 'books'));
  const english = await call(`${url}/api/products?q=hilsa`);
  assert.ok(english.body.items.some((item: any) => item.slug === 'padma-hilsa-1-kg'));
  const bangla = await call(`${url}/api/products?q=${encodeURIComponent('ইলিশ')}`);
  assert.ok(bangla.body.items.some((item: any) => item.slug === 'padma-hilsa-1-kg'));
  const wildcard = await call(`${url}/api/products?q=${encodeURIComponent('%')}`);
  assert.is(wildcard.body.items.length, 0, 'LIKE wildcards are matched literally');
  const none = await call(`${url}/api/products?category=no-such-category`);
  assert.equal(none.body, { items: [], nextCursor: null });
});

test('GET /api/products rejects bad limits and cursors with 400', async () => {
  for (const query of [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=2.5',
    'cursor=bm9wZQ',
    'category=BAD%20SLUG',
    'q=a&q=b',
  ]) {
    const response = await call(`${url}/api/products?${query}`);
    assert.is(response.status, 400, query);
    assert.type(response.body.error.code, 'string');
    assert.type(response.body.error.message, 'string');
  }
  const small = await call(`${url}/api/products?limit=1`);
  assert.is(small.body.items.length, 1);
});

test('GET /api/products/:slug and GET /api/categories', async () => {
  const hilsa = await call(`${url}/api/products/padma-hilsa-1-kg`);
  assert.is(hilsa.status, 200);
  assert.is(hilsa.body.stock, 0, 'the seeded sold-out product');
  assert.is(hilsa.body.name.bn, 'পদ্মার ইলিশ (১ কেজি)');
  const missing = await call(`${url}/api/products/no-such-product`);
  assert.is(missing.status, 404);
  assert.is(missing.body.error.code, 'not_found');
  const odd = await call(`${url}/api/products/${encodeURIComponent('../../etc/passwd')}`);
  assert.is(odd.status, 404);
  const categories = await call(`${url}/api/categories`);
  assert.is(categories.status, 200);
  assert.ok(categories.body.items.length >= 8);
  for (const category of categories.body.items) {
    assert.equal(Object.keys(category).sort(), ['name', 'slug']);
    assert.ok(category.name.en && category.name.bn);
  }
});

test("a repeated catalog read (the pod's fast path) answers exactly like the first (Express)", async () => {
  const localHits = async () =>
    Number(
      /dhakacart_cache_requests_total\{result="hit",layer="local"\} (\d+)/.exec(
        (await call(api.metricsUrl)).body,
      )?.[1] ?? 0,
    );
  for (const path of [
    '/api/products?limit=7&category=beauty',
    '/api/products/attar-6-ml',
    '/api/categories/',
  ]) {
    const first = await fetch(`${url}${path}`);
    const firstBody = await first.text();
    const hitsBefore = await localHits();
    const second = await fetch(`${url}${path}`);
    const secondBody = await second.text();
    assert.is(await localHits(), hitsBefore + 1, `${path}: the second answer came from the pod's memory`);
    assert.is(second.status, first.status);
    assert.is(secondBody, firstBody);
    const headers = (response: Response) =>
      [...response.headers].filter(
        ([name]) => !['date', 'keep-alive', 'connection', 'x-request-id'].includes(name),
      );
    assert.equal(headers(second), headers(first), `${path}: same headers`);
    const head = await fetch(`${url}${path}`, { method: 'HEAD' });
    assert.is(head.status, 200);
    assert.is(await head.text(), '');
  }
});

/** GET with exactly these request headers (fetch would add its own Accept-Encoding); the raw bytes back. */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const request = httpGet(`${url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
  });
}

test('catalog answers are compressed with brotli or gzip as Accept-Encoding asks, on both paths', async () => {
  const path = '/api/products?limit=24&category=groceries';
  const plain = await rawGet(path, {});
  assert.is(plain.headers['content-encoding'], undefined);
  assert.match(String(plain.headers.vary), /Accept-Encoding/);
  const json = plain.body.toString();
  JSON.parse(json);
  const cases: Array<[string, string | undefined]> = [
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0, br;q=0', undefined],
    ['identity', undefined],
    ['*', 'br'],
  ];
  for (const [accept, expected] of cases) {
    // Twice: the first may go through Express, the second comes from the pod's memory (the fast path).
    for (const round of [1, 2]) {
      const response = await rawGet(path, { 'accept-encoding': accept });
      assert.is(response.status, 200);
      assert.is(response.headers['content-encoding'], expected, `${accept} (round ${round})`);
      assert.match(String(response.headers.vary), /Accept-Encoding/);
      assert.is(Number(response.headers['content-length']), response.body.length);
      const decoded =
        expected === 'br'
          ? brotliDecompressSync(response.body)
          : expected === 'gzip'
            ? gunzipSync(response.body)
            : response.body;
      assert.is(decoded.toString(), json, `${accept}: the same JSON`);
      if (expected)
        assert.ok(response.body.length < plain.body.length / 3, `${accept}: ${response.body.length} bytes`);
    }
  }
});

test('carts: create, add, change, remove, and their errors', async () => {
  const created = await call(`${url}/api/carts`, { method: 'POST' });
  assert.is(created.status, 201);
  assert.equal(created.body.items, []);
  assert.is(created.body.total, 0);
  const id = created.body.id;
  const rice = (await call(`${url}/api/products/miniket-rice-5-kg`)).body;
  const added = await call(`${url}/api/carts/${id}/items/${rice.id}`, {
    method: 'PUT',
    body: { quantity: 2 },
  });
  assert.is(added.status, 200);
  assert.is(added.body.items.length, 1);
  assert.is(added.body.items[0].quantity, 2);
  assert.is(added.body.total, rice.price * 2);
  const fetched = await call(`${url}/api/carts/${id}`);
  assert.equal(fetched.body.items, added.body.items);
  const changed = await call(`${url}/api/carts/${id}/items/${rice.id}`, {
    method: 'PUT',
    body: { quantity: 3 },
  });
  assert.is(changed.body.total, rice.price * 3);
  const removed = await call(`${url}/api/carts/${id}/items/${rice.id}`, {
    method: 'PUT',
    body: { quantity: 0 },
  });
  assert.equal(removed.body.items, []);

  const hilsa = (await call(`${url}/api/products/padma-hilsa-1-kg`)).body;
  const soldOut = await call(`${url}/api/carts/${id}/items/${hilsa.id}`, {
    method: 'PUT',
    body: { quantity: 1 },
  });
  assert.is(soldOut.status, 409);
  assert.is(soldOut.body.error.code, 'out_of_stock');
  assert.is(soldOut.body.error.productId, hilsa.id);
  for (const quantity of [100, -1, 1.5, '2', null]) {
    const bad = await call(`${url}/api/carts/${id}/items/${rice.id}`, { method: 'PUT', body: { quantity } });
    assert.is(bad.status, 400, `quantity ${JSON.stringify(quantity)}`);
  }
  assert.is(
    (await call(`${url}/api/carts/${id}/items/999999`, { method: 'PUT', body: { quantity: 1 } })).status,
    404,
  );
  assert.is(
    (await call(`${url}/api/carts/${id}/items/abc`, { method: 'PUT', body: { quantity: 1 } })).status,
    404,
  );
  const otherCart = '00000000-0000-4000-8000-000000000000';
  assert.is((await call(`${url}/api/carts/${otherCart}`)).status, 404);
  assert.is((await call(`${url}/api/carts/not-a-uuid`)).status, 404);
  const missingCart = await call(`${url}/api/carts/${otherCart}/items/${rice.id}`, {
    method: 'PUT',
    body: { quantity: 1 },
  });
  assert.is(missingCart.status, 404);
  assert.is(missingCart.body.error.code, 'cart_not_found');
});

test('orders: checkout from items recomputes prices on the server and takes stock', async () => {
  const id = await productWithStock(services.db, 'rui-fish-1-kg', 10);
  const rui = (await call(`${url}/api/products/rui-fish-1-kg`)).body;
  const key = newKey();
  const placed = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': key },
    body: { items: [{ productId: id, quantity: 3 }], customer: { ...customer, phone: '+8801812345678' } },
  });
  assert.is(placed.status, 201);
  const order = placed.body;
  assert.equal(Object.keys(order).sort(), [
    'createdAt',
    'currency',
    'customer',
    'id',
    'items',
    'number',
    'status',
    'total',
  ]);
  assert.is(order.status, 'confirmed');
  assert.match(order.number, /^[2-9A-HJKMNP-TV-Z]{8}$/, 'a short order number without look-alike characters');
  assert.is(order.currency, 'BDT');
  assert.is(order.items[0].productId, id);
  assert.is(order.items[0].quantity, 3);
  assert.is(order.items[0].unitPrice, rui.price);
  assert.is(order.total, rui.price * 3);
  assert.is(order.customer.phone, '+8801812345678', 'phone stored in E.164');
  assert.is(placed.headers.get('cache-control'), 'no-store', 'an order answer is never cached');
  const [row] = await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [id]);
  assert.is(row?.stock, 7);
  const fetched = await call(`${url}/api/orders/${order.id}`);
  assert.is(fetched.status, 200);
  assert.equal(fetched.body, order);
  assert.is(fetched.headers.get('cache-control'), 'no-store');
  const spoken = `${order.number.slice(0, 4)}-${order.number.slice(4)}`.toLowerCase();
  const byNumber = await call(`${url}/api/orders/${spoken}`);
  assert.is(byNumber.status, 200, 'the order lookup takes the short number, in any case, with the dash');
  assert.equal(byNumber.body, order);
  assert.is((await call(`${url}/api/orders/00000000-0000-4000-8000-000000000000`)).status, 404);
  assert.is((await call(`${url}/api/orders/2222-2222`)).status, 404);
  assert.is((await call(`${url}/api/orders/nope`)).status, 404);
  const priced = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: id, quantity: 1, unitPrice: 1 }], customer },
  });
  assert.is(priced.status, 400, 'a client cannot send its own price');
});

test('orders: checkout from a cart empties the cart; the same key returns the same order', async () => {
  const id = await productWithStock(services.db, 'katla-fish-1-kg', 5);
  const cart = (await call(`${url}/api/carts`, { method: 'POST' })).body;
  await call(`${url}/api/carts/${cart.id}/items/${id}`, { method: 'PUT', body: { quantity: 2 } });
  const key = newKey();
  const request = { headers: { 'idempotency-key': key }, body: { cartId: cart.id, customer } };
  const first = await call(`${url}/api/orders`, request);
  assert.is(first.status, 201);
  assert.is(first.body.items[0].quantity, 2);
  assert.equal((await call(`${url}/api/carts/${cart.id}`)).body.items, [], 'cart emptied');
  const again = await call(`${url}/api/orders`, request);
  assert.is(again.status, 201);
  assert.is(again.body.id, first.body.id);
  assert.is(again.headers.get('idempotent-replayed'), 'true');
  const different = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': key },
    body: { items: [{ productId: id, quantity: 1 }], customer },
  });
  assert.is(different.status, 422);
  assert.is(different.body.error.code, 'idempotency_key_reused');
  const [row] = await services.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [id]);
  assert.is(row?.stock, 3, 'stock taken once');
  const orderedAgain = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { cartId: cart.id, customer },
  });
  assert.is(orderedAgain.status, 409, 'a cart makes one order');
  assert.is(orderedAgain.body.error.code, 'cart_already_ordered');
  const grown = await call(`${url}/api/carts/${cart.id}/items/${id}`, {
    method: 'PUT',
    body: { quantity: 1 },
  });
  assert.is(grown.status, 409, 'an ordered cart takes no new lines');
  assert.is(grown.body.error.code, 'cart_already_ordered');
  const newCart = (await call(`${url}/api/carts`, { method: 'POST' })).body;
  const empty = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { cartId: newCart.id, customer },
  });
  assert.is(empty.status, 400);
  assert.is(empty.body.error.code, 'empty_cart');
  const noCart = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { cartId: '00000000-0000-4000-8000-000000000000', customer },
  });
  assert.is(noCart.status, 404);
});

test('orders: out of stock is a 409 naming the product, and a multi-line order takes all lines or none', async () => {
  const plenty = await productWithStock(services.db, 'tilapia-fish-1-kg', 50);
  const scarce = await productWithStock(services.db, 'pangas-fish-1-kg', 1);
  const response = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: {
      items: [
        { productId: plenty, quantity: 5 },
        { productId: scarce, quantity: 2 },
      ],
      customer,
    },
  });
  assert.is(response.status, 409);
  assert.is(response.body.error.code, 'out_of_stock');
  assert.is(response.body.error.productId, scarce);
  assert.type(response.body.error.message, 'string');
  const rows = await services.db.query<{ id: number; stock: number }>(
    'SELECT id, stock FROM products WHERE id = ANY($1) ORDER BY id',
    [[plenty, scarce]],
  );
  assert.equal(
    Object.fromEntries(rows.map((r) => [r.id, r.stock])),
    { [plenty]: 50, [scarce]: 1 },
    'nothing taken',
  );
  const unknown = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: 999999, quantity: 1 }], customer },
  });
  assert.is(unknown.status, 400);
  assert.is(unknown.body.error.code, 'unknown_product');
});

test('orders: validation errors are 400 with a message', async () => {
  const good = { items: [{ productId: 1, quantity: 1 }], customer };
  const noKey = await call(`${url}/api/orders`, { body: good });
  assert.is(noKey.status, 400);
  assert.is(noKey.body.error.code, 'idempotency_key_required');
  const longKey = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': 'x'.repeat(129) },
    body: good,
  });
  assert.is(longKey.status, 400);
  const cases = [
    {},
    { items: [], customer },
    { items: [{ productId: 1, quantity: 0 }], customer },
    { items: [{ productId: 1, quantity: 100 }], customer },
    { items: [{ productId: 1, quantity: 1 }] },
    { items: [{ productId: 1, quantity: 1 }], customer: { ...customer, phone: '01212345678' } },
    { items: [{ productId: 1, quantity: 1 }], customer: { ...customer, phone: '+1 555 0100' } },
    { items: [{ productId: 1, quantity: 1 }], customer: { ...customer, name: '' } },
    { cartId: 'abc', customer },
    { cartId: '00000000-0000-4000-8000-000000000000', items: [{ productId: 1, quantity: 1 }], customer },
  ];
  for (const body of cases) {
    const response = await call(`${url}/api/orders`, { headers: { 'idempotency-key': newKey() }, body });
    assert.is(response.status, 400, JSON.stringify(body));
    assert.type(response.body.error.message, 'string');
  }
});

test('admin: bearer token, create, update, cache invalidated, errors', async () => {
  const auth = { authorization: `Bearer ${adminToken}` };
  const newProduct = {
    slug: 'eid-gift-box',
    name: { en: 'Eid Gift Box', bn: 'ঈদ উপহার বাক্স' },
    description: { en: 'Sweets and attar.', bn: 'মিষ্টি ও আতর।' },
    price: 150000,
    stock: 20,
    category: 'groceries',
  };
  assert.is((await call(`${url}/api/admin/products`, { body: newProduct })).status, 401);
  const wrong = await call(`${url}/api/admin/products`, {
    body: newProduct,
    headers: { authorization: 'Bearer nope' },
  });
  assert.is(wrong.status, 401);
  assert.is(wrong.body.error.code, 'unauthorized');
  const created = await call(`${url}/api/admin/products`, { body: newProduct, headers: auth });
  assert.is(created.status, 201);
  assert.is(created.body.slug, 'eid-gift-box');
  assert.is(created.body.imageUrl, '/images/products/eid-gift-box.svg');
  assert.is((await call(`${url}/api/products/eid-gift-box`)).body.price, 150000);
  const duplicate = await call(`${url}/api/admin/products`, { body: newProduct, headers: auth });
  assert.is(duplicate.status, 409);
  const badCategory = await call(`${url}/api/admin/products`, {
    body: { ...newProduct, slug: 'x-box', category: 'nope' },
    headers: auth,
  });
  assert.is(badCategory.status, 400);
  assert.is(badCategory.body.error.code, 'unknown_category');

  const before = await call(`${url}/api/products?category=groceries&limit=100`);
  assert.ok(before.body.items.some((item: any) => item.slug === 'eid-gift-box'));
  const patched = await call(`${url}/api/admin/products/${created.body.id}`, {
    method: 'PATCH',
    body: { price: 99000, stock: 3, name: { en: 'Eid Gift Box (small)', bn: 'ঈদ উপহার বাক্স (ছোট)' } },
    headers: auth,
  });
  assert.is(patched.status, 200);
  assert.is(patched.body.price, 99000);
  const after = await call(`${url}/api/products/eid-gift-box`);
  assert.is(after.body.price, 99000, 'the cached product was invalidated');
  assert.is(after.body.stock, 3);
  const list = await call(`${url}/api/products?category=groceries&limit=100`);
  assert.is(list.body.items.find((item: any) => item.slug === 'eid-gift-box').price, 99000);
  const moved = await call(`${url}/api/admin/products/${created.body.id}`, {
    method: 'PATCH',
    body: { category: 'beauty' },
    headers: auth,
  });
  assert.is(moved.body.category, 'beauty');
  for (const body of [{}, { price: -1 }, { stock: 1.5 }, { slug: 'renamed' }]) {
    const bad = await call(`${url}/api/admin/products/${created.body.id}`, {
      method: 'PATCH',
      body,
      headers: auth,
    });
    assert.is(bad.status, 400, JSON.stringify(body));
  }
  assert.is(
    (await call(`${url}/api/admin/products/999999`, { method: 'PATCH', body: { price: 1 }, headers: auth }))
      .status,
    404,
  );
  assert.is(
    (await call(`${url}/api/admin/products/999999`, { method: 'PATCH', body: { price: 1 } })).status,
    401,
  );

  const noAdmin = await startApi(services, { ADMIN_TOKEN: '' });
  extra.push(noAdmin);
  const off = await call(`${noAdmin.url}/api/admin/products`, { body: newProduct, headers: auth });
  assert.is(off.status, 404, 'admin routes are off without ADMIN_TOKEN');
});

test('checkout is rate-limited per client across pods (Redis)', async () => {
  const a = await startApi(services, { CHECKOUT_RATE_LIMIT: '3' });
  const b = await startApi(services, { CHECKOUT_RATE_LIMIT: '3' });
  extra.push(a, b);
  await services.redis.stop();
  await services.redis.startAgain();
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // both pods reconnect
  const body = { items: [{ productId: 1, quantity: 1 }], customer: { ...customer, phone: 'bad' } };
  const statuses: number[] = [];
  for (const pod of [a, b, a, b]) {
    const response = await call(`${pod.url}/api/orders`, { headers: { 'idempotency-key': newKey() }, body });
    statuses.push(response.status);
    if (response.status === 429) {
      assert.is(response.body.error.code, 'rate_limited');
      assert.ok(Number(response.headers.get('retry-after')) > 0);
    }
  }
  assert.equal(statuses, [400, 400, 400, 429]);
  // Another shopper behind the same load balancer (named in X-Forwarded-For) has their own allowance.
  const other = await call(`${a.url}/api/orders`, {
    headers: { 'idempotency-key': newKey(), 'x-forwarded-for': '203.0.113.9' },
    body,
  });
  assert.is(other.status, 400);
});

test('/metrics is served on the metrics port only: the public port answers 404 without a metric', async () => {
  assert.is.not(api.metricsPort, api.port);
  const onPublic = await call(`${url}/metrics`);
  assert.is(onPublic.status, 404);
  assert.is(onPublic.body.error.code, 'not_found');
  assert.not.match(JSON.stringify(onPublic.body), /http_request_duration_seconds/);
  const scraped = await fetch(api.metricsUrl);
  assert.is(scraped.status, 200);
  assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  assert.match(await scraped.text(), /^# HELP /m);
  const elsewhere = await fetch(new URL('/api/products', api.metricsUrl));
  assert.is(elsewhere.status, 404, 'the metrics listener serves nothing of the shop');
  await elsewhere.arrayBuffer();
  const posted = await fetch(api.metricsUrl, { method: 'POST' });
  assert.is(posted.status, 405);
  await posted.arrayBuffer();
});

test('health, readiness, metrics, security headers, CORS, limits, unknown routes', async () => {
  assert.equal((await call(`${url}/healthz`)).body, { status: 'ok' });
  assert.is((await call(`${url}/readyz`)).status, 200);
  const metrics = await call(api.metricsUrl);
  assert.is(metrics.status, 200);
  for (const name of [
    'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/api/products/:slug",status_code="200"}',
    'dhakacart_orders_total{outcome="created"}',
    'dhakacart_stock_conflicts_total',
    'dhakacart_cache_requests_total{result="hit"',
    'dhakacart_db_pool_connections{state="total"}',
    'dhakacart_redis_up 1',
    'process_cpu_user_seconds_total',
    'nodejs_eventloop_lag_seconds',
  ]) {
    assert.ok(metrics.body.includes(name), `metrics include ${name}`);
  }
  const response = await call(`${url}/api/categories`, { headers: { origin: 'https://shop.example' } });
  assert.is(response.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.is(response.headers.get('x-content-type-options'), 'nosniff');
  assert.is(response.headers.get('x-powered-by'), null);
  const foreign = await call(`${url}/api/categories`, { headers: { origin: 'https://evil.example' } });
  assert.is(foreign.headers.get('access-control-allow-origin'), null);
  const big = await call(`${url}/api/orders`, {
    headers: { 'idempotency-key': newKey() },
    body: { items: [{ productId: 1, quantity: 1 }], customer: { ...customer, address: 'x'.repeat(20_000) } },
  });
  assert.is(big.status, 413);
  assert.is(big.body.error.code, 'payload_too_large');
  const nowhere = await call(`${url}/api/nowhere`);
  assert.is(nowhere.status, 404);
  assert.is(nowhere.body.error.code, 'not_found');
  const image = await fetch(`${url}/images/products/padma-hilsa-1-kg.svg`);
  assert.is(image.status, 200);
  assert.is(image.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
});

test('readyz is 503 on a database that has not been migrated', async () => {
  await services.pg.psql('CREATE DATABASE unmigrated');
  const unmigrated = await startApi(
    { ...services, pg: { ...services.pg, url: services.pg.url.replace(/\/dhakacart$/, '/unmigrated') } },
    {},
  );
  extra.push(unmigrated);
  const ready = await call(`${unmigrated.url}/readyz`);
  assert.is(ready.status, 503);
  assert.is(ready.body.error.code, 'not_ready');
  assert.match(ready.body.error.message, /db:migrate/);
});

test.run();
