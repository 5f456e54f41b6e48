// The real shop API as a child process (`node api/src/main.ts`) on a throw-away PostgreSQL, migrated and
// seeded with the API's own commands. It can be stopped and started again on the same port, which is how
// the tests take the API down and bring it back.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stopProcess } from '@dhakacart/e2e/processes';
import { freePort, type PostgresServer, startPostgres } from '@dhakacart/e2e/services';
import { storefrontRoot } from './build.ts';

const apiRoot = join(storefrontRoot, '..', 'api');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface ApiProcess {
  url: string;
  adminToken: string;
  /** Stops the API process (SIGTERM, then SIGKILL); the database keeps its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it is ready (nothing to do when it runs). */
  start(): Promise<void>;
  /** Stops the API and removes the database. */
  close(): Promise<void>;
  /** The API's output so far, for failure messages. */
  log(): string;
}

function runApiScript(script: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [join(apiRoot, script)], {
    cwd: apiRoot,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`while running api/${script}:\n${result.stdout}\n${result.stderr}`);
}

export async function startApi(): Promise<ApiProcess> {
  const postgres: PostgresServer = await startPostgres();
  const port = await freePort();
  const adminToken = randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
    SHUTDOWN_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  delete env.REDIS_URL;
  try {
    runApiScript('src/db/migrate-cli.ts', env);
    runApiScript('src/db/seed-cli.ts', env);
  } catch (error) {
    await postgres.stop();
    throw error;
  }

  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async () => {
    if (running()) return;
    const spawned = spawn(process.execPath, [join(apiRoot, 'src', 'main.ts')], {
      cwd: apiRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    // Never outlive the test process, even when it ends without calling close().
    process.once('exit', () => spawned.kill('SIGKILL'));
    spawned.stdout?.on('data', (chunk) => (output += chunk));
    spawned.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (spawned.exitCode !== null) throw new Error(`the API exited with ${spawned.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    throw new Error(`the API did not become ready within 60s:\n${output}`);
  };

  const stop = async () => {
    const current = child;
    child = undefined;
    if (current) await stopProcess(current);
  };

  try {
    await start();
  } catch (error) {
    await stop();
    await postgres.stop();
    throw error;
  }
  return {
    url,
    adminToken,
    start,
    stop,
    close: async () => {
      await stop();
      await postgres.stop();
    },
    log: () => output,
  };
}
