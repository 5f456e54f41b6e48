// Configuration comes from the environment and is validated once, at start, with a message that names the
// offending variable.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const url = (protocols: string[]) =>
  optionalString.refine(
    (value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)),
    `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  );

const envSchema = z.object({
  HOST: optionalString.default('0.0.0.0'),
  PORT: integer(3000, 0, 65535),
  METRICS_PORT: integer(9464, 0, 65535),
  DATABASE_URL: url(['postgres', 'postgresql']),
  REDIS_URL: url(['redis', 'rediss']),
  ADMIN_TOKEN: optionalString.refine(
    (value) => value === undefined || value.length >= 16,
    'must be at least 16 characters (or unset to turn the admin routes off)',
  ),
  CORS_ORIGIN: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PGLITE_DIR: optionalString,
  DB_POOL_MAX: integer(10, 1, 200),
  DATABASE_WAIT_SECONDS: integer(60, 0, 3_600),
  DB_NAMED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  CACHE_TTL_MS: integer(5_000, 0, 3_600_000),
  CACHE_LOCAL_TTL_MS: integer(1_000, 0, 60_000),
  CACHE_STALE_IF_ERROR_MS: integer(600_000, 0, 86_400_000),
  CHECKOUT_RATE_LIMIT: integer(60, 0, 1_000_000),
  TRUST_PROXY: optionalString,
  SHUTDOWN_DELAY_MS: integer(5_000, 0, 120_000),
  SHUTDOWN_TIMEOUT_MS: integer(20_000, 0, 300_000),
});

export interface Config {
  host: string;
  port: number;
  /** Where /metrics is served, apart from `port` (which answers 404 there); 0: any free port, logged. */
  metricsPort: number;
  /** Unset: embedded PostgreSQL (PGlite) in `pgliteDir`, migrated and seeded on first start. */
  databaseUrl: string | undefined;
  /** Unset: the catalog cache and the rate limiter live in this process. */
  redisUrl: string | undefined;
  /** Unset: admin routes answer 404. */
  adminToken: string | undefined;
  /** Origins allowed by CORS (comma-separated in the environment); empty: no CORS headers at all. */
  corsOrigins: string[];
  logLevel: string;
  /** PGlite data folder, or `memory://` for a throw-away database. */
  pgliteDir: string;
  dbPoolMax: number;
  /** How long `db:migrate` and `db:seed` wait for PostgreSQL to answer before their first connection (db/wait.ts). */
  databaseWaitSeconds: number;
  /**
   * Whether hot paths may use named (protocol-level) prepared statements. False behind a transaction-mode pooler
   * that cannot track them (PgBouncer before 1.21, RDS Proxy): the next transaction may run on a server
   * connection where the statement was never prepared.
   */
  dbNamedStatements: boolean;
  /** How long a catalog answer is fresh in Redis; it is served stale for as long again while one pod refreshes it. */
  cacheTtlMs: number;
  /** How long a pod keeps a catalog answer in memory in front of Redis. */
  cacheLocalTtlMs: number;
  /** How long past its freshness a catalog answer is still served while PostgreSQL is unreachable. */
  cacheStaleIfErrorMs: number;
  /** Checkouts per client per minute, across all pods; 0 turns the limit off. */
  checkoutRateLimit: number;
  /** Express `trust proxy`: which hops may say who the client is (X-Forwarded-For); private addresses by default. */
  trustProxy: string | number | boolean;
  /** After SIGTERM: how long the pod stays up but unready, so load balancers stop sending to it. */
  shutdownDelayMs: number;
  /** After that: how long in-flight requests get to finish. */
  shutdownTimeoutMs: number;
}

/** Reads and validates the environment; throws one error that lists every problem. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { pgliteDir: string } = { pgliteDir: 'memory://' },
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  if (e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT)
    throw new Error(`invalid configuration:\n  METRICS_PORT: must differ from PORT (${e.PORT})`);
  return {
    host: e.HOST,
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    adminToken: e.ADMIN_TOKEN,
    corsOrigins: (e.CORS_ORIGIN ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    pgliteDir: e.PGLITE_DIR ?? defaults.pgliteDir,
    dbPoolMax: e.DB_POOL_MAX,
    databaseWaitSeconds: e.DATABASE_WAIT_SECONDS,
    dbNamedStatements: e.DB_NAMED_STATEMENTS === 'true',
    cacheTtlMs: e.CACHE_TTL_MS,
    cacheLocalTtlMs: e.CACHE_LOCAL_TTL_MS,
    cacheStaleIfErrorMs: e.CACHE_STALE_IF_ERROR_MS,
    checkoutRateLimit: e.CHECKOUT_RATE_LIMIT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

// By default the proxies in front of a pod (ingress controller, load balancer: private addresses) are
// trusted to say who the client is, so the checkout rate limit counts shoppers, not the load balancer.
const defaultTrustProxy = 'loopback, linklocal, uniquelocal';

function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined) return defaultTrustProxy;
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
