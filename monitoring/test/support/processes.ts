// The shop's real processes for the monitoring suites: the API (`node api/src/main.ts`) on a throw-away
// PostgreSQL and Redis, migrated and seeded with the API's own commands, and the storefront server
// (`node storefront/src/server/main.ts`) passing /api to it. Both log at debug level; every line they
// write is kept for the tests to read. The API can be stopped and started again on the same ports. Each serves
// its /metrics on a port of its own (METRICS_PORT), as in its pod.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stopProcess } from '@dhakacart/e2e/processes';
import {
  freePort,
  type PostgresServer,
  type RedisServer,
  startPostgres,
  startRedis,
} from '@dhakacart/e2e/services';
// The storefront's own build step for tests (built once, under a lock, when the sources changed).
import { ensureBuild } from '../../../storefront/test/support/build.ts';
import { repoRoot } from '../../src/generate.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface ShopProcess {
  url: string;
  port: number;
  /** The metrics listener: `http://127.0.0.1:<METRICS_PORT>/metrics`. */
  metricsUrl: string;
  /** Everything the process wrote to stdout and stderr, across restarts. */
  output(): string;
  /** The stdout lines that are JSON objects, parsed. */
  logLines(): Array<Record<string, unknown>>;
  /** Starts the process (again) and waits until `readyPath` answers 200; nothing to do when it runs. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

function shopProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  ports: { port: number; metricsPort: number },
  readyPath: string,
): ShopProcess {
  const { port, metricsPort } = ports;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    const current = child;
    child = undefined;
    if (current) await stopProcess(current);
  };
  return {
    url,
    port,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    output: () => output,
    logLines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop,
    async start() {
      if (running()) return;
      const spawned = spawn(process.execPath, [join(repoRoot, script)], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      process.once('exit', () => spawned.kill('SIGKILL'));
      spawned.stdout?.on('data', (chunk) => (output += chunk));
      spawned.stderr?.on('data', (chunk) => (output += chunk));
      // A first run of the storefront builds it (vite build), which takes a while on a busy machine.
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        if (spawned.exitCode !== null)
          throw new Error(`${script} exited with ${spawned.exitCode}:\n${output}`);
        try {
          if ((await fetch(`${url}${readyPath}`)).ok) return;
        } catch {
          // Not listening yet.
        }
        await sleep(200);
      }
      await stop();
      throw new Error(`${script} did not become ready:\n${output}`);
    },
  };
}

export interface Shop {
  api: ShopProcess;
  storefront: ShopProcess;
  adminToken: string;
  postgres: PostgresServer;
  redis: RedisServer;
  close(): Promise<void>;
}

/** Builds the storefront if needed, then starts PostgreSQL, Redis, the API and the storefront server, with `SHOP_NAME=shop`. */
export async function startShop(shop: string): Promise<Shop> {
  await ensureBuild();
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const adminToken = randomBytes(16).toString('hex');
  // One after another: a port handed out and released may be handed out again to a concurrent ask.
  const ports: number[] = [];
  while (ports.length < 4) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [apiPort, apiMetricsPort, storefrontPort, storefrontMetricsPort] = ports as [
    number,
    number,
    number,
    number,
  ];
  const apiEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(apiPort),
    METRICS_PORT: String(apiMetricsPort),
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'debug',
    SHOP_NAME: shop,
    SHUTDOWN_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '2000',
  };
  for (const script of ['api/src/db/migrate-cli.ts', 'api/src/db/seed-cli.ts']) {
    const result = spawnSync(process.execPath, [join(repoRoot, script)], {
      cwd: join(repoRoot, 'api'),
      env: apiEnv,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`while running ${script}:\n${result.stdout}\n${result.stderr}`);
  }
  const api = shopProcess(
    'api/src/main.ts',
    apiEnv,
    { port: apiPort, metricsPort: apiMetricsPort },
    '/readyz',
  );
  const storefront = shopProcess(
    'storefront/src/server/main.ts',
    {
      ...process.env,
      PORT: String(storefrontPort),
      METRICS_PORT: String(storefrontMetricsPort),
      HOST: '127.0.0.1',
      API_URL: api.url,
      LOG_LEVEL: 'debug',
      SHOP_NAME: shop,
    },
    { port: storefrontPort, metricsPort: storefrontMetricsPort },
    '/healthz',
  );
  await Promise.all([api.start(), storefront.start()]);
  return {
    api,
    storefront,
    adminToken,
    postgres,
    redis,
    async close() {
      await Promise.all([api.stop(), storefront.stop()]);
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}
