// Wires the dependencies together, listens, and shuts down gracefully: on shutdown the instance first turns
// unready (and closes keep-alive connections after their current response) for SHUTDOWN_DELAY_MS, so load
// balancers stop sending new requests, then stops accepting, lets in-flight requests finish within
// SHUTDOWN_TIMEOUT_MS and closes the database pool and Redis. /metrics is served on METRICS_PORT by a listener
// of its own, which keeps answering while the instance drains and closes after the main one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createApp } from './app.ts';
import { createCatalogCache } from './catalog/cache.ts';
import { createCatalogFastPath } from './catalog/fast-path.ts';
import type { Config } from './config.ts';
import { connectPostgres, type Database, openPglite } from './db/database.ts';
import { migrateEmbedded } from './db/migrate.ts';
import { seedCatalog } from './db/seed.ts';
import type { Lifecycle } from './health/router.ts';
import { createRateLimiter } from './orders/rate-limit.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { createMetrics } from './shared/metrics.ts';
import { createMetricsServer } from './shared/metrics-server.ts';
import { connectRedis } from './shared/redis.ts';
import { beginRequest } from './shared/request-context.ts';
import { helmetHeaders } from './shared/security-headers.ts';

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** Where Prometheus scrapes: `http://host:metricsPort/metrics`. */
  metricsUrl: string;
  metricsPort: number;
  db: Database;
  /** Drains and closes; resolves when everything is closed. Safe to call more than once. */
  shutdown(): Promise<void>;
}

async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl)
    return connectPostgres(config.databaseUrl, {
      max: config.dbPoolMax,
      namedStatements: config.dbNamedStatements,
      logger,
    });
  logger.info({ dataDir: config.pgliteDir }, 'no DATABASE_URL: using embedded PostgreSQL (PGlite)');
  const db = await openPglite(config.pgliteDir);
  await migrateEmbedded(db);
  const seeded = await seedCatalog(db);
  if (seeded.products > 0) logger.info(seeded, 'embedded database seeded with the demo catalog');
  return db;
}

export async function startServer(config: Config, opts: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config, logger);
  const metrics = createMetrics(() => db.poolStats(), db.kind === 'postgres' ? config.dbPoolMax : 1);
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = connectRedis(config.redisUrl, logger, metrics);
    // Give Redis a moment to connect so the first requests use it; start without it if it is down.
    const connected = redis;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      connected.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } else {
    logger.info('no REDIS_URL: caching and rate limiting in process');
  }
  const lifecycle: Lifecycle = { draining: false };
  const cache = createCatalogCache({
    redis,
    ttlMs: config.cacheTtlMs,
    localTtlMs: config.cacheLocalTtlMs,
    staleIfErrorMs: config.cacheStaleIfErrorMs,
    metrics,
    logger,
  });
  const headers = helmetHeaders();
  const app = createApp({
    config,
    db,
    metrics,
    logger,
    lifecycle,
    cache,
    securityHeaders: headers,
    rateLimiter: createRateLimiter({ perMinute: config.checkoutRateLimit, redis, metrics, logger }),
  });
  const fastPath = createCatalogFastPath({
    cache,
    metrics,
    lifecycle,
    securityHeaders: headers,
    corsEnabled: config.corsOrigins.length > 0,
  });

  const server = createServer((req, res) => {
    beginRequest(req, res);
    metrics.inFlight.inc();
    res.once('close', () => metrics.inFlight.dec());
    if (!fastPath(req, res)) app(req, res);
  });
  // Longer than the 60 s idle timeout of AWS load balancers, so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const metricsServer = createMetricsServer(metrics.registry, (error) =>
    logger.error({ err: error }, 'while collecting metrics'),
  );
  const port = await listen(server, config.port, config.host);
  const metricsPort = await listen(metricsServer, config.metricsPort, config.host).catch((error) => {
    server.close();
    throw error;
  });
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port, metricsPort, host: config.host, database: db.kind, redis: Boolean(redis) },
    'dhakacart api listening',
  );

  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= (async () => {
      lifecycle.draining = true;
      logger.info({ delayMs: config.shutdownDelayMs, timeoutMs: config.shutdownTimeoutMs }, 'draining');
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        logger.warn('in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(deadline);
      const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      metricsServer.closeAllConnections();
      await metricsClosed;
      await db.close().catch((error) => logger.warn({ err: error }, 'while closing the database'));
      if (redis) await redis.quit().catch(() => redis?.disconnect());
      logger.info('shut down cleanly');
    })();
    return closing;
  };

  const origin = (p: number) => `http://${host.includes(':') ? `[${host}]` : host}:${p}`;
  return {
    url: origin(port),
    port,
    server,
    metricsUrl: `${origin(metricsPort)}/metrics`,
    metricsPort,
    db,
    shutdown,
  };
}

/** Listens on `host:port` (0: any free port); resolves with the port bound, rejects when it cannot bind. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
