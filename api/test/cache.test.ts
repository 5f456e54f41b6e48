// The catalog cache on a real Redis: no stampede when many requests (in one pod or several) miss or find an
// expired entry at once, and invalidation reaches every key.

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type RedisServer, startRedis } from '@dhakacart/e2e/services';
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CatalogCache, createCatalogCache } from '../src/catalog/cache.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createMetrics } from '../src/shared/metrics.ts';
import { sleep } from './helpers.ts';

let redis: RedisServer;
const clients: Redis[] = [];

test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

async function pod(ttlMs: number): Promise<CatalogCache> {
  const client = new Redis(redis.url, { enableOfflineQueue: true });
  clients.push(client);
  await client.ping();
  const metrics = createMetrics(() => ({ total: 0, idle: 0, waiting: 0 }));
  return createCatalogCache({
    redis: client,
    ttlMs,
    localTtlMs: 0,
    staleIfErrorMs: 0,
    metrics,
    logger: createLogger('silent'),
  });
}

/** A loader that counts its calls and takes a while, like a database query under load. */
function slowLoader(answer: () => string) {
  const counter = { calls: 0 };
  const load = async () => {
    counter.calls += 1;
    await sleep(50);
    return answer();
  };
  return { counter, load };
}

test('a cold key asked by 100 requests in each of 3 pods at once is loaded once per pod at most', async () => {
  const pods = await Promise.all([pod(5_000), pod(5_000), pod(5_000)]);
  const { counter, load } = slowLoader(() => '{"v":1}');
  const answers = await Promise.all(
    pods.flatMap((cache) => Array.from({ length: 100 }, () => cache.get('cold', load))),
  );
  assert.ok(answers.every((body) => body.identity.toString() === '{"v":1}'));
  assert.ok(counter.calls <= 3, `${counter.calls} loads`);
});

test('an expired entry is served stale while exactly one pod refreshes it', async () => {
  const pods = await Promise.all([pod(300), pod(300), pod(300)]);
  let version = 1;
  const { counter, load } = slowLoader(() => `{"v":${version}}`);
  await pods[0]?.get('expiring', load);
  assert.is(counter.calls, 1);
  await sleep(400); // past the TTL, within the stale window
  version = 2;
  const answers = await Promise.all(
    pods.flatMap((cache) => Array.from({ length: 50 }, () => cache.get('expiring', load))),
  );
  assert.ok(
    answers.every((body) => body.identity.toString() === '{"v":1}'),
    'stale answers, no waiting',
  );
  await sleep(150);
  assert.is(counter.calls, 2, 'one refresh for all three pods');
  assert.is(
    (await pods[1]?.get('expiring', load))?.identity.toString(),
    '{"v":2}',
    'the refreshed answer is shared',
  );
});

test('an answer is compressed once, by the pod that loads it; other pods get every encoding from Redis', async () => {
  const [a, b] = await Promise.all([pod(60_000), pod(60_000)]);
  if (!a || !b) throw new Error('no pods');
  const json = JSON.stringify({
    items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `product ${i}` })),
  });
  await a.get('compressed', async () => json);
  const { counter, load } = slowLoader(() => 'not loaded again');
  const body = await b.get('compressed', load);
  assert.is(counter.calls, 0, 'served from Redis');
  assert.is(body.identity.toString(), json);
  assert.is(brotliDecompressSync(body.br as Buffer).toString(), json);
  assert.is(gunzipSync(body.gzip as Buffer).toString(), json);
  const small = await b.get('small', async () => '{}');
  assert.equal([small.gzip, small.br], [undefined, undefined], 'a tiny answer is sent as it is');
});

test('invalidate() forgets every key for every pod', async () => {
  const [a, b] = await Promise.all([pod(60_000), pod(60_000)]);
  if (!a || !b) throw new Error('no pods');
  await a.get('k1', async () => 'old-1');
  await a.get('k2', async () => 'old-2');
  assert.is((await b.get('k1', async () => 'unused')).identity.toString(), 'old-1', 'shared through Redis');
  await a.invalidate();
  assert.is((await b.get('k1', async () => 'new-1')).identity.toString(), 'new-1');
  assert.is((await b.get('k2', async () => 'new-2')).identity.toString(), 'new-2');
});

test.run();
