// Per-client checkout limit in fixed one-minute windows. The counter lives in Redis so the limit holds across
// pods; with Redis down (or not configured) each pod counts on its own rather than refusing shoppers.
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttledWarn } from '../shared/redis.ts';

export interface RateLimiter {
  /** Counts one attempt; `retryAfterS` is set when the client is over its limit. */
  hit(client: string): Promise<{ allowed: boolean; retryAfterS: number }>;
  /** Takes back one attempt of this window: it turned out to be a replay, which creates nothing. */
  refund(client: string): Promise<void>;
}

const windowMs = 60_000;

export function createRateLimiter(opts: {
  perMinute: number;
  redis: Redis | undefined;
  metrics: Metrics;
  logger: Logger;
}): RateLimiter {
  const { perMinute, redis, metrics } = opts;
  const local = new Map<string, number>();
  let localWindow = 0;
  const warn = throttledWarn(opts.logger);

  function countLocally(client: string, window: number): number {
    if (window !== localWindow) {
      local.clear();
      localWindow = window;
    }
    const count = (local.get(client) ?? 0) + 1;
    local.set(client, count);
    return count;
  }

  return {
    async refund(client) {
      if (perMinute <= 0) return;
      const window = Math.floor(Date.now() / windowMs);
      if (redis) {
        try {
          await redis.decr(`dc:ratelimit:checkout:${window}:${client}`);
          return;
        } catch {
          // Counted in process while Redis is down: take it back there.
        }
      }
      if (window === localWindow) local.set(client, Math.max(0, (local.get(client) ?? 0) - 1));
    },
    async hit(client) {
      if (perMinute <= 0) return { allowed: true, retryAfterS: 0 };
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const retryAfterS = Math.ceil(((window + 1) * windowMs - now) / 1_000);
      let count: number;
      if (redis) {
        try {
          const key = `dc:ratelimit:checkout:${window}:${client}`;
          const replies = await redis.multi().incr(key).pexpire(key, windowMs).exec();
          count = Number(replies?.[0]?.[1]);
          if (!Number.isFinite(count)) throw new Error('unexpected reply to INCR');
        } catch (error) {
          metrics.cacheErrors.inc({ operation: 'rate_limit' });
          warn(error, 'checkout rate limit: redis unavailable, counting in process');
          count = countLocally(client, window);
        }
      } else {
        count = countLocally(client, window);
      }
      const allowed = count <= perMinute;
      if (!allowed) metrics.rateLimited.inc();
      return { allowed, retryAfterS };
    },
  };
}
