// The Redis connection. Commands fail fast while Redis is unreachable (no offline queue, short timeout), so
// callers fall back at once instead of piling up; the client keeps reconnecting in the background.
import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export function connectRedis(url: string, logger: Logger, metrics: Metrics): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  let up = false;
  metrics.redisUp.set(0);
  redis.on('ready', () => {
    up = true;
    metrics.redisUp.set(1);
    logger.info('redis connected');
  });
  const down = (reason: string) => {
    metrics.redisUp.set(0);
    if (up)
      logger.warn(
        { reason },
        'redis unavailable: serving the catalog from PostgreSQL and limiting in process',
      );
    up = false;
  };
  redis.on('close', () => down('connection closed'));
  // Errors are reported through `down` and the cache metrics; without a listener ioredis would log each retry.
  redis.on('error', (error) => down(error.message));
  return redis;
}

/** Logs a failing dependency at most once per interval, so an outage does not flood the log. */
export function throttledWarn(logger: Logger, intervalMs = 10_000) {
  let last = 0;
  return (error: unknown, msg: string) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    logger.warn({ err: error }, msg);
  };
}
