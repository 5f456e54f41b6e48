// SIGTERM during load: the API turns unready, keeps serving while the "load balancer" (here, the test's
// readiness watcher) moves traffic away, finishes what is in flight and exits 0. No request fails.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type ApiProcess,
  call,
  customer,
  newKey,
  productWithStock,
  type Services,
  sleep,
  startApiProcess,
  startServices,
} from './helpers.ts';

let services: Services;
let api: ApiProcess | undefined;

test.before(async () => {
  services = await startServices();
});
test.after(async () => {
  api?.child.kill('SIGKILL');
  await services?.stop();
});

test('SIGTERM during load: zero failed requests, clean exit', async () => {
  const productId = await productWithStock(services.db, 'lemon-4-pcs', 1_000_000);
  api = await startApiProcess({
    DATABASE_URL: services.pg.url,
    REDIS_URL: services.redis.url,
    CHECKOUT_RATE_LIMIT: '0',
    SHUTDOWN_DELAY_MS: '1500',
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  const url = api.url;
  let routable = true;
  let sawUnready = false;
  const failures: string[] = [];
  let completed = 0;
  let completedAfterSigterm = 0;
  let sigtermSent = false;

  // Stands in for the Service endpoints: stops routing here once /readyz fails.
  const watcher = (async () => {
    while (routable) {
      try {
        const response = await fetch(`${url}/readyz`);
        await response.arrayBuffer();
        if (response.status === 503) {
          sawUnready = true;
          routable = false;
        }
      } catch {
        routable = false;
      }
      await sleep(100);
    }
  })();

  const worker = async (n: number) => {
    while (routable) {
      try {
        const response =
          n % 2 === 0
            ? await call(`${url}/api/products?limit=24&category=${n % 4 === 0 ? 'books' : 'groceries'}`)
            : await call(`${url}/api/orders`, {
                headers: { 'idempotency-key': newKey() },
                body: { items: [{ productId, quantity: 1 }], customer },
              });
        if (response.status >= 300) failures.push(`${response.status} ${JSON.stringify(response.body)}`);
        completed += 1;
        if (sigtermSent) completedAfterSigterm += 1;
      } catch (error) {
        failures.push(`network error: ${(error as Error).message}`);
      }
    }
  };
  const workers = Array.from({ length: 12 }, (_, n) => worker(n));
  await sleep(1_000);
  sigtermSent = true;
  api.child.kill('SIGTERM');
  await Promise.all([...workers, watcher]);
  const code = await api.exited;

  assert.equal(failures, [], 'no failed request');
  assert.ok(completed > 50, `load was running (${completed} requests)`);
  assert.ok(completedAfterSigterm > 0, 'requests were still served after SIGTERM');
  assert.ok(sawUnready, '/readyz turned 503 while draining');
  assert.is(code, 0, 'exit code');
  assert.match(api.output(), /shut down cleanly/);
});

test('the metrics listener answers while the API drains, then closes with it', async () => {
  api = await startApiProcess({
    DATABASE_URL: services.pg.url,
    REDIS_URL: services.redis.url,
    SHUTDOWN_DELAY_MS: '1500',
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  const { metricsUrl, url } = api;
  assert.is((await fetch(metricsUrl)).status, 200);
  api.child.kill('SIGTERM');
  let readiness = 200;
  while (readiness === 200) {
    const response = await fetch(`${url}/readyz`);
    await response.arrayBuffer();
    readiness = response.status;
  }
  assert.is(readiness, 503, 'draining');
  const duringDrain = await fetch(metricsUrl);
  assert.is(duringDrain.status, 200, 'Prometheus still scrapes a draining pod');
  assert.match(await duringDrain.text(), /http_request_duration_seconds/);
  assert.is(await api.exited, 0, 'exit code');
  const after = await fetch(metricsUrl).then(
    (response) => `answered ${response.status}`,
    (error) => `failed ${(error as Error & { cause?: { code?: string } }).cause?.code}`,
  );
  assert.is(after, 'failed ECONNREFUSED', 'the metrics listener is closed');
});

test.run();
