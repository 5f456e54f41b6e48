// The catalog read cache: a short-lived copy in this process in front of a shared copy in Redis (or, with no
// Redis configured, in this process only). Answers are stored as ready-to-send JSON text.
//
// No stampede on expiry: concurrent misses for one key in a pod share one database query; an expired entry
// is served stale for one more TTL while a single pod (holding a short Redis lock) refreshes it. With Redis
// down the cache reads straight from PostgreSQL (still one query per key per pod at a time), and says so in
// the log and in dhakacart_cache_errors_total. Answers are kept as bytes, so a hit is sent without re-encoding.
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttledWarn } from '../shared/redis.ts';

export interface CatalogCache {
  /** The cached answer for `key`, or `load()`'s answer (then cached), as UTF-8 bytes. */
  get(key: string, load: () => Promise<string>): Promise<Buffer>;
  /** This pod's in-memory copy only: the fast path for answers that were computed (and validated) before. */
  peek(key: string): Buffer | undefined;
  /** Makes this pod's in-memory copy of `key` reachable under `alias` too (for `peek`), if it has one. */
  alias(alias: string, key: string): void;
  /** Forgets every catalog answer, here and in Redis; called after every admin change. */
  invalidate(): Promise<void>;
}

interface SharedStore {
  layer: 'redis' | 'memory';
  /** `undefined` when absent; throws when the store is unreachable. */
  read(key: string): Promise<{ body: Buffer; freshUntil: number } | undefined>;
  write(key: string, body: Buffer, freshUntil: number, keepMs: number): Promise<void>;
  /** True for exactly one caller per key per `ms`. */
  claimRefresh(key: string, ms: number): Promise<boolean>;
  clear(): Promise<void>;
}

const redisPrefix = 'dc:catalog:';
const redisIndex = 'dc:catalog-keys';
// Deletes every key listed in the index set, then the set, in one server-side step.
const clearScript = `
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys, 500 do
  redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
end
redis.call('DEL', KEYS[1])
return #keys`;

function redisStore(redis: Redis): SharedStore {
  return {
    layer: 'redis',
    async read(key) {
      const raw = await redis.getBuffer(redisPrefix + key);
      if (raw === null) return undefined;
      const newline = raw.indexOf(10);
      return { freshUntil: Number(raw.subarray(0, newline).toString()), body: raw.subarray(newline + 1) };
    },
    async write(key, body, freshUntil, keepMs) {
      await redis
        .multi()
        .set(redisPrefix + key, Buffer.concat([Buffer.from(`${freshUntil}\n`), body]), 'PX', keepMs)
        .sadd(redisIndex, redisPrefix + key)
        .pexpire(redisIndex, keepMs)
        .exec();
    },
    async claimRefresh(key, ms) {
      return (await redis.set(`${redisPrefix}refresh:${key}`, '1', 'PX', ms, 'NX')) === 'OK';
    },
    async clear() {
      await redis.eval(clearScript, 1, redisIndex);
    },
  };
}

function memoryStore(maxEntries = 5_000): SharedStore {
  const entries = new Map<string, { body: Buffer; freshUntil: number; expires: number }>();
  return {
    layer: 'memory',
    async read(key) {
      const entry = entries.get(key);
      if (!entry || entry.expires <= Date.now()) return undefined;
      return entry;
    },
    async write(key, body, freshUntil, keepMs) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { body, freshUntil, expires: Date.now() + keepMs });
    },
    async claimRefresh() {
      return true;
    },
    async clear() {
      entries.clear();
    },
  };
}

export function createCatalogCache(opts: {
  redis: Redis | undefined;
  ttlMs: number;
  localTtlMs: number;
  metrics: Metrics;
  logger: Logger;
}): CatalogCache {
  const { ttlMs, metrics } = opts;
  const store = opts.redis ? redisStore(opts.redis) : memoryStore();
  const localTtlMs = Math.min(opts.localTtlMs, ttlMs);
  const local = new Map<string, { body: Buffer; expires: number }>();
  const inFlight = new Map<string, Promise<Buffer>>();
  const localHits = metrics.cacheRequests.labels({ result: 'hit', layer: 'local' });
  const warn = throttledWarn(opts.logger);
  let generation = 0;

  const storeFailed = (operation: string, error: unknown) => {
    metrics.cacheErrors.inc({ operation });
    warn(error, `catalog cache ${operation} failed; serving from PostgreSQL`);
  };

  function remember(key: string, body: Buffer) {
    if (localTtlMs <= 0) return;
    if (local.size >= 5_000) local.clear();
    local.set(key, { body, expires: Date.now() + localTtlMs });
  }

  async function loadAndStore(key: string, load: () => Promise<string>): Promise<Buffer> {
    const startedIn = generation;
    const body = Buffer.from(await load());
    // An admin change while we were loading makes this answer possibly old: serve it, do not keep it.
    if (startedIn !== generation) return body;
    remember(key, body);
    if (ttlMs > 0) {
      try {
        await store.write(key, body, Date.now() + ttlMs, ttlMs * 2);
      } catch (error) {
        storeFailed('write', error);
      }
    }
    return body;
  }

  function refreshInBackground(key: string, load: () => Promise<string>) {
    store
      .claimRefresh(key, Math.max(1_000, ttlMs))
      .then((claimed) => (claimed ? loadAndStore(key, load) : undefined))
      .catch((error) => storeFailed('refresh', error));
  }

  async function lookup(key: string, load: () => Promise<string>): Promise<Buffer> {
    let cached: { body: Buffer; freshUntil: number } | undefined;
    try {
      cached = ttlMs > 0 ? await store.read(key) : undefined;
    } catch (error) {
      storeFailed('read', error);
      metrics.cacheRequests.inc({ result: 'miss', layer: store.layer });
      return loadAndStore(key, load);
    }
    if (!cached) {
      metrics.cacheRequests.inc({ result: 'miss', layer: store.layer });
      return loadAndStore(key, load);
    }
    if (cached.freshUntil > Date.now()) {
      metrics.cacheRequests.inc({ result: 'hit', layer: store.layer });
      remember(key, cached.body);
    } else {
      metrics.cacheRequests.inc({ result: 'stale', layer: store.layer });
      refreshInBackground(key, load);
    }
    return cached.body;
  }

  function peek(key: string): Buffer | undefined {
    const hit = local.get(key);
    if (!hit || hit.expires <= Date.now()) return undefined;
    localHits.inc();
    return hit.body;
  }

  return {
    peek,
    alias(alias, key) {
      // Only an answer that was kept (not one loaded across an invalidation) gets a second name.
      const entry = local.get(key);
      if (entry) local.set(alias, entry);
    },
    get(key, load) {
      const hit = peek(key);
      if (hit) return Promise.resolve(hit);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const flight = lookup(key, load).finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
      return flight;
    },
    async invalidate() {
      generation += 1;
      local.clear();
      inFlight.clear();
      try {
        await store.clear();
      } catch (error) {
        storeFailed('invalidate', error);
      }
    },
  };
}
