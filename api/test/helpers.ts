// Test helpers: a real PostgreSQL and Redis (from @dhakacart/e2e/services), the API in this process or as a
// child process, and small HTTP helpers.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type PostgresServer, type RedisServer, startPostgres, startRedis } from '@dhakacart/e2e/services';
import { loadConfig } from '../src/config.ts';
import { connectPostgres, type Database } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { seedCatalog } from '../src/db/seed.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';

export const adminToken = 'test-admin-token-0123456789';
export const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface Services {
  pg: PostgresServer;
  redis: RedisServer;
  /** A direct connection for assertions about what is really in the database. */
  db: Database;
  stop(): Promise<void>;
}

/** PostgreSQL (migrated and seeded) and Redis. */
export async function startServices(): Promise<Services> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  await migratePostgres(pg.url);
  const db = connectPostgres(pg.url, { max: 4, logger: createLogger('silent') });
  await seedCatalog(db);
  return {
    pg,
    redis,
    db,
    async stop() {
      await db.close().catch(() => {});
      await Promise.all([pg.stop(), redis.stop()]);
    },
  };
}

/** The API in this process, on a free port, against the given PostgreSQL and (optionally) Redis. */
export async function startApi(
  services: { pg: { url: string }; redis?: { url: string } },
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: services.pg.url,
    REDIS_URL: services.redis?.url ?? '',
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    SHUTDOWN_DELAY_MS: '0',
    CHECKOUT_RATE_LIMIT: '0',
    ...env,
  });
  return startServer(config, { logger: createLogger(config.logLevel) });
}

export interface ApiProcess {
  url: string;
  /** The metrics listener's `/metrics` (METRICS_PORT). */
  metricsUrl: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `node api/src/main.ts` as a child process; resolves once it listens. */
export function startApiProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+),"metricsPort":(\d+).*"msg":"dhakacart api listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          metricsUrl: `http://127.0.0.1:${match[2]}/metrics`,
          child,
          output: () => output,
          exited,
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code} before listening:\n${output}`));
    });
  });
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch + JSON: sends `body` as JSON when given, parses the answer (text when it is not JSON). */
export async function call<T = any>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body: body as T };
}

export const customer = {
  name: 'Rahima Begum',
  phone: '01712345678',
  address: 'House 12, Road 5, Dhanmondi, Dhaka 1205',
};

let keyCounter = 0;
export const newKey = () => `test-${process.pid}-${Date.now()}-${++keyCounter}`;

/** Sets one product's stock directly in the database and returns its id. */
export async function productWithStock(db: Database, slug: string, stock: number): Promise<number> {
  const rows = await db.query<{ id: number }>('UPDATE products SET stock = $2 WHERE slug = $1 RETURNING id', [
    slug,
    stock,
  ]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no product ${slug}`);
  return id;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
