// Malformed and hostile requests — paths, methods, headers, bodies, query strings and raw bytes — never get a
// 500 and never crash the API. Besides hostile strings, the generator makes structured values a client could
// forge: cursors naming ids at the integer limits, ids and quantities at type limits, UUIDs, order numbers.
// Each run draws a fresh seed and prints it; FUZZ_SEED=n replays a run.
import { connect } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../src/server.ts';
import { adminToken, customer, type Services, startApi, startServices } from './helpers.ts';

let services: Services;
let api: RunningServer;
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} node api/test/fuzz.test.ts)`);

test.before(async () => {
  services = await startServices();
  api = await startApi(services, { CHECKOUT_RATE_LIMIT: '0' });
});
test.after(async () => {
  await api?.shutdown();
  await services?.stop();
});

/** mulberry32: a small seeded PRNG. */
function prng(start: number) {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = prng(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const nasty = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '%',
  '%00',
  '%zz',
  '%E0%A4%A',
  '../../etc/passwd',
  '..%2f..%2f',
  "' OR 1=1 --",
  '"; DROP TABLE products; --',
  '<script>alert(1)</script>',
  'ইলিশ',
  '💥'.repeat(50),
  'x'.repeat(5_000),
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '00000000-0000-4000-8000-000000000000',
  '99999999999999999999',
  '1',
  '35',
];

const nastyValues: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  '\u0000',
  'x'.repeat(3_000),
  [],
  {},
  [1, 2, 3],
  { $gt: 0 },
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
];

// Integers at and around the limits of the types they meet: PostgreSQL integer and bigint, JavaScript's safe
// integers, the API's own bounds (quantities 1..99, 50 lines, page sizes 1..100).
const limits = [
  0,
  1,
  2,
  49,
  50,
  51,
  98,
  99,
  100,
  101,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 63,
];

function structuredNumber(): number {
  const limit = pick(limits);
  return pick([limit, -limit, limit + 1, limit - 1, limit + 0.5]);
}

const orderAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Text a client could forge for an id, a cursor, a number: well-formed shapes with out-of-range contents. */
function structuredText(): string {
  const number = structuredNumber();
  switch (Math.floor(random() * 7)) {
    case 0:
      return Buffer.from(`id:${number}`).toString('base64url');
    case 1:
      return Buffer.from(
        pick([`id:${number}`, `id:${number}x`, `ID:${number}`, `id:0${number}`, `id: ${number}`]),
      ).toString(pick(['base64url', 'base64']));
    case 2:
      return String(number);
    case 3:
      return crypto.randomUUID().replace(/^./, () => pick(['0', 'f', 'F', 'g']));
    case 4:
      return pick(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
    case 5:
      return Array.from({ length: pick([7, 8, 9]) }, () => pick([...orderAlphabet, '0', 'O', '-'])).join('');
    default:
      return number.toExponential();
  }
}

const anyText = () => (random() < 0.4 ? structuredText() : pick(nasty));

function randomValue(depth = 0): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.4) {
    const leaf = random();
    if (leaf < 0.3) return pick(nastyValues);
    if (leaf < 0.5) return structuredNumber();
    return anyText();
  }
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
  const object: Record<string, unknown> = {};
  for (const key of [
    'items',
    'customer',
    'cartId',
    'quantity',
    'productId',
    'name',
    'phone',
    'address',
    'price',
    'stock',
    'slug',
    'category',
    'en',
    'bn',
    pick(nasty),
  ]) {
    if (random() < 0.4) object[key] = randomValue(depth + 1);
  }
  return object;
}

/** Bodies that are almost right: one field of a valid body replaced by something hostile. */
function nearlyValidBody(): unknown {
  const bodies: Array<Record<string, unknown>> = [
    { items: [{ productId: 1, quantity: 1 }], customer: { ...customer } },
    { quantity: 1 },
    { price: 100, stock: 1 },
    { slug: 'fuzz-item', name: { en: 'F', bn: 'ফ' }, price: 1, stock: 1, category: 'books' },
  ];
  const body = structuredClone(pick(bodies));
  const target = random() < 0.5 && 'customer' in body ? (body.customer as Record<string, unknown>) : body;
  const key = pick(Object.keys(target));
  target[key] = randomValue(1);
  return body;
}

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) UTF-8 bytes instead of throwing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const paths = [
  '/api/products',
  '/api/products/:x',
  '/api/categories',
  '/api/carts',
  '/api/carts/:x',
  '/api/carts/:x/items/:x',
  '/api/orders',
  '/api/orders/:x',
  '/api/admin/products',
  '/api/admin/products/:x',
  '/healthz',
  '/readyz',
  '/images/products/:x',
  '/:x',
];
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

function randomRequest(): { path: string; init: RequestInit } {
  let path = pick(paths).replace(/:x/g, () => (random() < 0.7 ? encode(anyText()) : anyText()));
  if (random() < 0.5) {
    const params = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const key = pick(['q', 'category', 'limit', 'cursor', pick(nasty)]);
      const value = anyText();
      return random() < 0.7 ? `${encode(key)}=${encode(value)}` : `${key}=${value}`;
    });
    path += `?${params.join('&')}`;
  }
  const headers: Record<string, string> = {};
  if (random() < 0.6)
    headers['content-type'] = pick([
      'application/json',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
    ]);
  if (random() < 0.5) headers['idempotency-key'] = pick(nasty).replace(/[^\x20-\x7e]/g, '') || 'k';
  if (random() < 0.3)
    headers.authorization = pick([
      `Bearer ${adminToken}`,
      'Bearer',
      'Basic abc',
      `Bearer ${'x'.repeat(4_000)}`,
    ]);
  if (random() < 0.1) headers['content-encoding'] = pick(['gzip', 'br', 'deflate', 'identity', 'bogus']);
  if (random() < 0.1) headers['x-forwarded-for'] = pick(['1.2.3.4', 'not-an-ip', '::1, 10.0.0.1']);
  const method = pick(methods);
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && random() < 0.8) {
    const roll = random();
    if (roll < 0.4) body = JSON.stringify(nearlyValidBody());
    else if (roll < 0.7) body = JSON.stringify(randomValue());
    else if (roll < 0.8) body = `${'['.repeat(3_000)}${']'.repeat(3_000)}`;
    else if (roll < 0.9)
      body = pick(['{', '{"a":', 'nul', '\u0000', '{"items": [', '"\\ud800"', '{"a":1}{"b":2}']);
    else body = 'x'.repeat(20_000 + Math.floor(random() * 20_000));
  }
  return { path, init: { method, headers, body } };
}

test(`1,500 random hostile requests (seed ${seed}): never a 500, errors always in the contract's shape`, async () => {
  const problems: string[] = [];
  for (let batch = 0; batch < 75; batch++) {
    const requests = Array.from({ length: 20 }, randomRequest);
    await Promise.all(
      requests.map(async ({ path, init }) => {
        let status = 0;
        let text = '';
        try {
          const response = await fetch(`${api.url}${path}`, init);
          status = response.status;
          text = await response.text();
        } catch (error) {
          // Undici refuses some requests itself (invalid header values); those never reach the server.
          if (error instanceof TypeError && !/fetch failed/.test(error.message)) return;
          problems.push(
            `${init.method} ${path}: network error ${(error as Error).message} ${(error as Error).cause ?? ''}`,
          );
          return;
        }
        if (status >= 500)
          problems.push(
            `${init.method} ${path} -> ${status} ${text.slice(0, 200)} body=${String(init.body).slice(0, 100)}`,
          );
        if (status >= 400 && init.method !== 'HEAD') {
          try {
            const body = JSON.parse(text);
            if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string')
              throw new Error('shape');
          } catch {
            problems.push(`${init.method} ${path} -> ${status} not an error object: ${text.slice(0, 120)}`);
          }
        }
      }),
    );
  }
  assert.equal(problems.slice(0, 10), [], `${problems.length} problems`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  assert.is((await fetch(`${api.url}/healthz`)).status, 200, 'still alive');
});

test('every id, cursor and quantity at its type limits is answered without a 500', async () => {
  const cart = (await (await fetch(`${api.url}/api/carts`, { method: 'POST' })).json()) as { id: string };
  const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const json = { 'content-type': 'application/json' };
  const problems: string[] = [];
  for (const limit of limits) {
    for (const number of [limit, -limit, limit + 1, limit - 1]) {
      const requests: Array<[string, RequestInit]> = [
        [`/api/products?cursor=${Buffer.from(`id:${number}`).toString('base64url')}`, {}],
        [`/api/products?limit=${number}`, {}],
        [`/api/carts/${cart.id}/items/${number}`, { method: 'PUT', headers: json, body: '{"quantity":1}' }],
        [
          `/api/carts/${cart.id}/items/1`,
          { method: 'PUT', headers: json, body: JSON.stringify({ quantity: number }) },
        ],
        [
          '/api/orders',
          {
            method: 'POST',
            headers: { ...json, 'idempotency-key': `limits-${number}-${Math.random()}` },
            body: JSON.stringify({ items: [{ productId: number, quantity: 1 }], customer }),
          },
        ],
        [`/api/admin/products/${number}`, { headers: auth }],
        [
          `/api/admin/products/1`,
          { method: 'PATCH', headers: auth, body: JSON.stringify({ stockAdjustment: -number }) },
        ],
        [
          `/api/admin/products/1`,
          { method: 'PATCH', headers: auth, body: JSON.stringify({ price: number }) },
        ],
      ];
      for (const [path, init] of requests) {
        const response = await fetch(`${api.url}${path}`, init);
        const text = await response.text();
        if (response.status >= 500)
          problems.push(`${init.method ?? 'GET'} ${path} ${init.body ?? ''} -> ${text}`);
      }
    }
  }
  assert.equal(problems.slice(0, 10), [], `${problems.length} problems`);
});

test('a NUL byte or a lone surrogate in any text field or query parameter is a 4xx', async () => {
  const cart = (await (await fetch(`${api.url}/api/carts`, { method: 'POST' })).json()) as { id: string };
  const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  for (const bad of ['a\u0000b', '\u0000', 'a\ud800b']) {
    const requests: Array<[string, RequestInit]> = [
      [`/api/products?q=${encode(bad)}`, {}],
      [`/api/products?category=${encode(bad)}`, {}],
      [`/api/products?cursor=${encode(bad)}`, {}],
      [`/api/products/${encode(bad)}`, {}],
      [`/api/carts/${encode(bad)}`, {}],
      [`/api/orders/${encode(bad)}`, {}],
    ];
    for (const field of ['name', 'phone', 'address'] as const) {
      requests.push([
        '/api/orders',
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `nul-${field}-${bad.length}-${Math.random()}`,
          },
          body: JSON.stringify({
            items: [{ productId: 1, quantity: 1 }],
            customer: { ...customer, [field]: `${customer[field]}${bad}` },
          }),
        },
      ]);
    }
    requests.push([
      '/api/orders',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
        body: JSON.stringify({ cartId: `${cart.id}${bad}`, customer }),
      },
    ]);
    for (const body of [
      { slug: 'nul-test', name: { en: bad, bn: 'ক' }, price: 1, stock: 1, category: 'books' },
      {
        slug: 'nul-test',
        name: { en: 'a', bn: 'ক' },
        description: { en: bad, bn: '' },
        price: 1,
        stock: 1,
        category: 'books',
      },
      { slug: 'nul-test', name: { en: 'a', bn: 'ক' }, price: 1, stock: 1, category: bad },
      {
        slug: 'nul-test',
        name: { en: 'a', bn: 'ক' },
        price: 1,
        stock: 1,
        category: 'books',
        imageUrl: `/x${bad}`,
      },
    ]) {
      requests.push(['/api/admin/products', { method: 'POST', headers: auth, body: JSON.stringify(body) }]);
      requests.push([
        '/api/admin/products/1',
        { method: 'PATCH', headers: auth, body: JSON.stringify({ ...body, slug: undefined }) },
      ]);
    }
    for (const [path, init] of requests) {
      const response = await fetch(`${api.url}${path}`, init);
      const text = await response.text();
      // A lone surrogate arrives as U+FFFD, which is valid text; only NUL must be refused.
      assert.ok(
        response.status < 500,
        `${init.method ?? 'GET'} ${path} ${String(init.body)} -> ${response.status} ${text}`,
      );
    }
  }
});

test('raw malformed HTTP on the socket: the server answers or closes, and stays up', async () => {
  const port = Number(new URL(api.url).port);
  const payloads = [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'GET /api/products HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    'POST /api/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
    `GET /api/products?${'q='.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(3_000)}\r\n`,
    'GET /api/products HTTP/1.1\r\nHost: x\r\nX-Bad\u0000Header: 1\r\n\r\n',
  ];
  for (const payload of payloads) {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(payload));
      let data = '';
      socket.setTimeout(3_000, () => socket.destroy());
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    assert.not.match(reply, /^HTTP\/1\.1 5\d\d/, `no 5xx for ${JSON.stringify(payload.slice(0, 60))}`);
  }
  assert.is((await fetch(`${api.url}/api/categories`)).status, 200, 'still serving');
});

test.run();
