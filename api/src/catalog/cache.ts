// The catalog read cache: a short-lived copy in this process in front of a shared copy in Redis (or, with no
// Redis configured, in this process only). Answers are stored as ready-to-send JSON text.
//
// No stampede on expiry: concurrent misses for one key in a pod share one database query; an expired entry
// is served stale for one more TTL while a single pod (holding a short Redis lock) refreshes it. With Redis
// down the cache reads straight from PostgreSQL (still one query per key per pod at a time), and says so in
// the log and in dhakacart_cache_errors_total. With PostgreSQL down, an entry older than that is still
// served (stale-if-error) for up to `staleIfErrorMs`, so the catalog outlives a database outage.
//
// Answers are kept as bytes, with their gzip and brotli encodings computed once, when the answer is loaded,
// and stored beside it (in Redis too): a hit is sent without re-encoding or compressing anything.
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Redis } from 'ioredis';
import { isDatabaseUnavailable } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttledWarn } from '../shared/redis.ts';

/**
 * One answer in every encoding a client may ask for: the UTF-8 JSON bytes, and its gzip and brotli
 * encodings (absent for answers too small to gain from compression).
 */
export interface CatalogBody {
  identity: Buffer;
  gzip: Buffer | undefined;
  br: Buffer | undefined;
}

/** Answers shorter than this are sent as they are: compression would gain less than its headers cost. */
const minCompressBytes = 1_024;

/** The encodings of `text`, computed once per loaded answer (brotli at a middle quality: ~1 ms for 15 KB). */
export function encodeBody(text: string): CatalogBody {
  const identity = Buffer.from(text);
  if (identity.length < minCompressBytes) return { identity, gzip: undefined, br: undefined };
  return {
    identity,
    gzip: gzipSync(identity, { level: 6 }),
    br: brotliCompressSync(identity, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 6,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  };
}

export interface CatalogCache {
  /** The cached answer for `key`, or `load()`'s answer (then cached), in every encoding. */
  get(key: string, load: () => Promise<string>): Promise<CatalogBody>;
  /** This pod's in-memory copy only: the fast path for answers that were computed (and validated) before. */
  peek(key: string): CatalogBody | undefined;
  /**
   * True when catalog answers can be served without PostgreSQL: the shared store (Redis) is connected, or,
   * with no Redis, this pod holds answers in memory. `/readyz` uses it while the database is down.
   */
  servesWithoutDatabase(): boolean;
  /** Makes this pod's in-memory copy of `key` reachable under `alias` too (for `peek`), if it has one. */
  alias(alias: string, key: string): void;
  /** Forgets every catalog answer, here and in Redis; called after every admin change. */
  invalidate(): Promise<void>;
}

interface SharedStore {
  layer: 'redis' | 'memory';
  /** `undefined` when absent; throws when the store is unreachable. */
  read(key: string): Promise<{ body: CatalogBody; freshUntil: number } | undefined>;
  write(key: string, body: CatalogBody, freshUntil: number, keepMs: number): Promise<void>;
  /** True for exactly one caller per key per `ms`. */
  claimRefresh(key: string, ms: number): Promise<boolean>;
  clear(): Promise<void>;
  /** True when reads can be answered now. */
  reachable(): boolean;
}

// v2: the value holds every encoding (see frame/unframe); v1 pods (one body) use other keys, so a rolling
// upgrade never reads the other format.
const redisPrefix = 'dc:catalog2:';
const redisIndex = 'dc:catalog2-keys';

/** `freshUntil identityLength gzipLength brLength\n` then the three byte strings, as one Redis value. */
function frame(body: CatalogBody, freshUntil: number): Buffer {
  const parts = [body.identity, body.gzip ?? Buffer.alloc(0), body.br ?? Buffer.alloc(0)];
  return Buffer.concat([
    Buffer.from(`${freshUntil} ${parts.map((part) => part.length).join(' ')}\n`),
    ...parts,
  ]);
}

function unframe(raw: Buffer): { body: CatalogBody; freshUntil: number } | undefined {
  const newline = raw.indexOf(10);
  const [freshUntil, identityLength, gzipLength, brLength] = raw
    .subarray(0, newline)
    .toString()
    .split(' ')
    .map(Number);
  if (
    newline < 0 ||
    [freshUntil, identityLength, gzipLength, brLength].some((n) => !Number.isSafeInteger(n)) ||
    newline + 1 + (identityLength as number) + (gzipLength as number) + (brLength as number) !== raw.length
  )
    return undefined;
  let at = newline + 1;
  const take = (length: number) => {
    const part = raw.subarray(at, at + length);
    at += length;
    return part.length > 0 ? part : undefined;
  };
  const identity = take(identityLength as number) ?? Buffer.alloc(0);
  return {
    freshUntil: freshUntil as number,
    body: { identity, gzip: take(gzipLength as number), br: take(brLength as number) },
  };
}
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
      return raw === null ? undefined : unframe(raw);
    },
    async write(key, body, freshUntil, keepMs) {
      await redis
        .multi()
        .set(redisPrefix + key, frame(body, freshUntil), 'PX', keepMs)
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
    reachable: () => redis.status === 'ready',
  };
}

function memoryStore(maxEntries = 5_000): SharedStore {
  const entries = new Map<string, { body: CatalogBody; freshUntil: number; expires: number }>();
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
    reachable: () => entries.size > 0,
  };
}

export function createCatalogCache(opts: {
  redis: Redis | undefined;
  ttlMs: number;
  localTtlMs: number;
  /** How long past its freshness an answer is kept to be served while PostgreSQL is unreachable. */
  staleIfErrorMs: number;
  metrics: Metrics;
  logger: Logger;
}): CatalogCache {
  const { ttlMs, metrics } = opts;
  const store = opts.redis ? redisStore(opts.redis) : memoryStore();
  const localTtlMs = Math.min(opts.localTtlMs, ttlMs);
  // Kept for the stale-while-revalidate window (one more TTL) or the stale-if-error one, whichever is longer.
  const keepMs = Math.max(ttlMs * 2, ttlMs + opts.staleIfErrorMs);
  const local = new Map<string, { body: CatalogBody; expires: number }>();
  const inFlight = new Map<string, Promise<CatalogBody>>();
  const localHits = metrics.cacheRequests.labels({ result: 'hit', layer: 'local' });
  const warn = throttledWarn(opts.logger);
  let generation = 0;

  const storeFailed = (operation: string, error: unknown) => {
    metrics.cacheErrors.inc({ operation });
    warn(error, `catalog cache ${operation} failed; serving from PostgreSQL`);
  };

  function remember(key: string, body: CatalogBody) {
    if (localTtlMs <= 0) return;
    if (local.size >= 5_000) local.clear();
    local.set(key, { body, expires: Date.now() + localTtlMs });
  }

  async function loadAndStore(key: string, load: () => Promise<string>): Promise<CatalogBody> {
    const startedIn = generation;
    const body = encodeBody(await load());
    // An admin change while we were loading makes this answer possibly old: serve it, do not keep it.
    if (startedIn !== generation) return body;
    remember(key, body);
    if (ttlMs > 0) {
      try {
        await store.write(key, body, Date.now() + ttlMs, keepMs);
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

  async function lookup(key: string, load: () => Promise<string>): Promise<CatalogBody> {
    let cached: { body: CatalogBody; freshUntil: number } | undefined;
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
    const now = Date.now();
    if (cached.freshUntil > now) {
      metrics.cacheRequests.inc({ result: 'hit', layer: store.layer });
      remember(key, cached.body);
      return cached.body;
    }
    if (cached.freshUntil + ttlMs > now) {
      metrics.cacheRequests.inc({ result: 'stale', layer: store.layer });
      refreshInBackground(key, load);
      return cached.body;
    }
    // Older than the stale window: load now, and fall back to the old answer only if PostgreSQL is down.
    metrics.cacheRequests.inc({ result: 'miss', layer: store.layer });
    try {
      return await loadAndStore(key, load);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      metrics.cacheRequests.inc({ result: 'stale', layer: store.layer });
      warn(error, 'PostgreSQL unavailable: serving catalog answers from the cache past their freshness');
      return cached.body;
    }
  }

  function peek(key: string): CatalogBody | undefined {
    const hit = local.get(key);
    if (!hit || hit.expires <= Date.now()) return undefined;
    localHits.inc();
    return hit.body;
  }

  return {
    peek,
    servesWithoutDatabase: () => store.reachable(),
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
