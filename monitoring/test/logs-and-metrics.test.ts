// The real API and storefront server processes, on PostgreSQL and Redis: their /metrics (on the metrics
// port; the public port answers 404) pass
// `promtool check metrics`, a sale shows in the business metrics, every log line has the one shape, a
// request keeps one request id and one trace id from the storefront to the API, and no phone number,
// address or token reaches any log line.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Shop, startShop } from './support/processes.ts';

let shop: Shop;

test.before(async () => {
  shop = await startShop('eid-sale');
});

test.after(async () => {
  await shop?.close();
});

const metricsOf = async (url: string) => (await fetch(url)).text();

/** The value of the sample `name{labels}` (or `name` without labels) in a /metrics text, 0 when absent. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

function promtoolCheck(text: string): { ok: boolean; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error)
    throw new Error(`promtool could not run (install Debian's prometheus): ${result.error.message}`);
  return {
    ok: result.status === 0 && !result.stdout.trim() && !result.stderr.trim(),
    output: result.stdout + result.stderr,
  };
}

const customer = { name: 'Rahim Uddin', phone: '01712345678', address: 'House 12, Road 5, Dhanmondi, Dhaka' };

test('a checkout through the storefront counts the order, its units and its revenue in poisha', async () => {
  const before = await metricsOf(shop.api.metricsUrl);
  const products = (await (await fetch(`${shop.storefront.url}/api/products?limit=2`)).json()) as {
    items: Array<{ id: number; price: number }>;
  };
  const [first, second] = products.items as [{ id: number; price: number }, { id: number; price: number }];
  const response = await fetch(`${shop.storefront.url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomBytes(8).toString('hex') },
    body: JSON.stringify({
      items: [
        { productId: first.id, quantity: 2 },
        { productId: second.id, quantity: 1 },
      ],
      customer,
    }),
  });
  assert.is(response.status, 201, await response.clone().text());
  const order = (await response.json()) as { total: number };
  assert.is(order.total, first.price * 2 + second.price);
  const after = await metricsOf(shop.api.metricsUrl);
  assert.is(
    sample(after, 'dhakacart_revenue_poisha_total') - sample(before, 'dhakacart_revenue_poisha_total'),
    order.total,
  );
  assert.is(sample(after, 'dhakacart_units_sold_total') - sample(before, 'dhakacart_units_sold_total'), 3);
  assert.is(
    sample(after, 'dhakacart_orders_total{outcome="created"}') -
      sample(before, 'dhakacart_orders_total{outcome="created"}'),
    1,
  );
});

test('promtool check metrics is clean on the API and the storefront server', async () => {
  for (const [name, url] of [
    ['API', shop.api.metricsUrl],
    ['storefront server', shop.storefront.metricsUrl],
  ] as const) {
    const text = await metricsOf(url);
    assert.ok(text.length > 1000, `${name}: /metrics answered`);
    const result = promtoolCheck(text);
    assert.ok(result.ok, `${name}: promtool check metrics says\n${result.output}`);
  }
  const storefront = await metricsOf(shop.storefront.metricsUrl);
  assert.match(
    storefront,
    /http_request_duration_seconds_count\{method="POST",route="api_checkout",status_code="201"\}/,
  );
  assert.match(
    storefront,
    /dhakacart_storefront_proxy_errors_total\{reason="unreachable",route="api_catalog"\} 0/,
  );
  // The scrape goes to the metrics listener: the shop's in-flight gauge counts shoppers' requests only.
  assert.match(await metricsOf(shop.api.metricsUrl), /http_requests_in_flight 0/, 'no request in flight');
});

test('the public ports answer 404 for /metrics and show no metric', async () => {
  for (const [name, url] of [
    ['API', shop.api.url],
    ['storefront server', shop.storefront.url],
  ] as const) {
    const response = await fetch(`${url}/metrics`);
    assert.is(response.status, 404, `${name}: /metrics on the public port`);
    assert.not.match(
      await response.text(),
      /http_request_duration_seconds/,
      `${name}: no metric in the answer`,
    );
  }
});

test('one request id and one trace id follow a request from the storefront server to the API', async () => {
  const traceId = randomBytes(16).toString('hex');
  const response = await fetch(`${shop.storefront.url}/api/products?limit=3`, {
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  assert.is(response.status, 200);
  const requestId = response.headers.get('x-request-id') ?? '';
  assert.match(requestId, /^[A-Za-z0-9._-]{8,64}$/, 'the answer carries X-Request-Id');
  await new Promise((done) => setTimeout(done, 200));
  const find = (lines: Array<Record<string, unknown>>) => lines.find((l) => l.request_id === requestId);
  const atStorefront = find(shop.storefront.logLines());
  const atApi = find(shop.api.logLines());
  assert.ok(atStorefront, `the storefront logged ${requestId}`);
  assert.ok(atApi, `the API logged ${requestId}`);
  assert.is(atStorefront?.trace_id, traceId);
  assert.is(atApi?.trace_id, traceId);
  assert.is.not(atApi?.span_id, atStorefront?.span_id, 'each hop has its own span');
  assert.is(atApi?.shop, 'eid-sale');
  assert.is(atStorefront?.shop, 'eid-sale');
});

test('the request id is on error answers too, from the API and from the storefront server', async () => {
  const missing = await fetch(`${shop.storefront.url}/api/products/no-such-product`);
  assert.is(missing.status, 404);
  assert.ok(missing.headers.get('x-request-id'));
  const given = 'support-ticket-42';
  const direct = await fetch(`${shop.api.url}/api/orders`, {
    method: 'POST',
    headers: { 'x-request-id': given },
  });
  assert.is(direct.headers.get('x-request-id'), given, 'a well-formed incoming id is kept');
  const bad = await fetch(`${shop.api.url}/api/products`, { headers: { 'x-request-id': 'bad id <script>' } });
  assert.is.not(bad.headers.get('x-request-id'), 'bad id <script>', 'a malformed one is replaced');
});

test('every log line of the API and the storefront server has the one shape', async () => {
  for (const [service, process] of [
    ['dhakacart-api', shop.api],
    ['dhakacart-storefront', shop.storefront],
  ] as const) {
    const text = process.output().trim();
    const lines = text.split('\n');
    assert.ok(lines.length > 3, `${service} logged`);
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        assert.unreachable(`${service} wrote a line that is not JSON: ${line}`);
        return;
      }
      assert.match(
        String(entry.time),
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
        `${service}: time in ${line}`,
      );
      assert.ok(
        ['debug', 'info', 'warn', 'error', 'fatal'].includes(String(entry.level)),
        `level in ${line}`,
      );
      assert.is(typeof entry.msg, 'string', `msg in ${line}`);
      assert.is(entry.service, service, `service in ${line}`);
      assert.is(entry.shop, 'eid-sale', `shop in ${line}`);
    }
  }
});

test('no phone number, address or token appears in any log line', async () => {
  // Requests that carry personal data and secrets: checkouts that fail (unknown product, malformed phone)
  // and admin calls with the right and a wrong token.
  await fetch(`${shop.storefront.url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
    body: JSON.stringify({ items: [{ productId: 999999, quantity: 1 }], customer }),
  });
  await fetch(`${shop.storefront.url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k-2' },
    body: JSON.stringify({
      items: [{ productId: 1, quantity: 1 }],
      customer: { ...customer, phone: '+8801812345678x' },
    }),
  });
  for (const token of [shop.adminToken, 'wrong-token-0123456789']) {
    await fetch(`${shop.storefront.url}/api/admin/products/1`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stock: 500 }),
    });
  }
  await new Promise((done) => setTimeout(done, 200));
  const logs = `${shop.api.output()}\n${shop.storefront.output()}`;
  for (const secret of [
    customer.phone,
    '1712345678',
    '01812345678',
    customer.address,
    'Dhanmondi',
    shop.adminToken,
    'wrong-token-0123456789',
  ]) {
    const line = logs.split('\n').find((l) => l.includes(secret));
    assert.not.ok(line, `"${secret}" is in a log line: ${line}`);
  }
  // The refused call matched no route (the token check runs first): it is logged as an unmatched 401.
  const adminLines = logs.split('\n').filter((l) => l.includes('/api/admin/') || l.includes('"status":401'));
  assert.ok(
    adminLines.length >= 2,
    `both admin calls were logged, without the token:\n${adminLines.join('\n')}`,
  );
});

test.run();
