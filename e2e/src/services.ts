// Throw-away PostgreSQL 15 and Redis servers on free loopback ports, for tests and benchmarks.
//
// Each server lives in its own temp folder. `stop()` ends the process and removes the folder; when the test
// process exits (normally, by a signal or even SIGKILL) a small detached reaper does the same, so nothing
// is left running. PostgreSQL runs as the `postgres` OS user when we are root, with fsync off for speed
// (commits still reach the OS before they are acknowledged, so `kill()` loses no committed transaction).
// Like every real deployment of the shop, it asks for a password (SCRAM-SHA-256, generated per server):
// a client that forgets to send one, or sends a wrong one, is refused here as it would be in production.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** execFile with `input` written to the child's stdin; resolves with its stdout, rejects with its stderr. */
function execFileWithInput(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; maxBuffer: number },
  input: string,
): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, options, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { message: `${error.message}\n${stderr}`.trim() }));
      else resolve({ stdout });
    });
    child.stdin?.end(input);
  });
}

/** Where the PostgreSQL 15 binaries live (initdb, postgres, psql, pgbench, pg_isready). */
export const postgresBinDir = process.env.DHAKACART_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /**
   * `postgres://postgres:<password>@127.0.0.1:<port>/<database>`: the superuser with its password, what the
   * API reads from DATABASE_URL. The server accepts SCRAM-SHA-256 password authentication only.
   */
  url: string;
  port: number;
  /** The superuser's name, `postgres`. */
  user: string;
  /** The superuser's password: 32 random hex characters, made for this server. */
  password: string;
  /**
   * Environment for libpq programs (psql, pgbench, pg_dump) run as any OS user: PGHOST, PGPORT, PGUSER,
   * PGDATABASE and PGPASSFILE, a password file (mode 0600) so the password never appears on a command line.
   */
  clientEnv: Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGDATABASE' | 'PGPASSFILE', string>;
  /** The database named in `startPostgres({ database })`, `dhakacart` by default. */
  database: string;
  /** Clean shutdown, then the data folder is removed. Final: use `restart()` or `kill()` to keep the data. */
  stop(): Promise<void>;
  /** Fast shutdown and start again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops abruptly (immediate shutdown, crash recovery on the next start); the data is kept. */
  kill(): Promise<void>;
  /** Starts again after `kill()` (or a `restart()` that failed half way), same port, same data. */
  startAgain(): Promise<void>;
  /** Runs SQL through `psql` and returns its unaligned, tuples-only output. */
  psql(sql: string): Promise<string>;
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Ends the server (nothing is persisted). `startAgain()` brings an empty one back on the same port. */
  stop(): Promise<void>;
  startAgain(): Promise<void>;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Resolves when the child has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Signals a child and waits for it to exit; escalates to SIGKILL after `graceMs`. */
async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

// Everything still running when the process exits is ended synchronously here; the reaper below covers the
// exits where no JavaScript runs (SIGKILL, uncaught signals).
const live = new Set<{ pid: () => number | undefined; signal: NodeJS.Signals; dir: string }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const entry of live) {
      const pid = entry.pid();
      if (pid) {
        try {
          process.kill(pid, entry.signal);
        } catch {}
        waitForPidSync(pid, 5_000);
      }
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });
}

function waitForPidSync(pid: number, ms: number): void {
  const until = Date.now() + ms;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(pause, 0, 0, 20);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

/**
 * Starts a detached shell that waits for this process to go away, then ends the server whose pid is in
 * `<dir>/server.pid` and removes `dir`. Returned so that a clean `stop()` can end it first.
 */
export function startReaper(dir: string, signal: 'QUIT' | 'TERM'): ChildProcess {
  const script = [
    'while kill -0 "$OWNER" 2>/dev/null; do sleep 1; done',
    'pid=$(cat "$DIR/server.pid" 2>/dev/null)',
    'if [ -n "$pid" ]; then kill -"$SIG" "$pid" 2>/dev/null; i=0;',
    '  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done;',
    '  kill -9 "$pid" 2>/dev/null; fi',
    'rm -rf "$DIR"',
  ].join('\n');
  const reaper = spawn('sh', ['-c', script], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OWNER: String(process.pid), DIR: dir, SIG: signal },
  });
  reaper.unref();
  return reaper;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function postgresUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
  const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Starts a throw-away PostgreSQL 15 with a fresh cluster and one database (`dhakacart` by default). */
export async function startPostgres(opts: { database?: string } = {}): Promise<PostgresServer> {
  installExitHook();
  const database = opts.database ?? 'dhakacart';
  const user = await postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const reaper = startReaper(dir, 'QUIT');
  const port = await freePort();
  const bin = (name: string) => join(postgresBinDir, name);
  const childEnv = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };

  let child: ChildProcess | undefined;
  const entry = { pid: () => child?.pid, signal: 'SIGQUIT' as NodeJS.Signals, dir };
  live.add(entry);

  // initdb reads the superuser's password from a file (never argv); the file goes once the cluster exists.
  // Clients read it from a libpq password file, which libpq ignores unless only its owner can read it.
  const password = randomBytes(16).toString('hex');
  const pwFile = join(dir, 'initdb-password');
  const passFile = join(dir, 'pgpass');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  writeFileSync(passFile, `127.0.0.1:${port}:*:postgres:${password}\n`, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) chownSync(pwFile, user.uid, user.gid);
  try {
    await execFileAsync(
      bin('initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '-E',
        'UTF8',
        '--no-sync',
        '--locale=C.UTF-8',
      ],
      { ...user, env: childEnv },
    );
    rmSync(pwFile);
    // Only loopback TCP and the private socket, password always (initdb's own file also admits ::1 and
    // replication, which nothing here uses).
    writeFileSync(
      join(dataDir, 'pg_hba.conf'),
      'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n',
    );
  } catch (error) {
    live.delete(entry);
    reaper.kill();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`while creating a PostgreSQL cluster in ${dataDir}: ${(error as Error).message}`);
  }

  async function start(): Promise<void> {
    const log = openSync(logFile, 'a');
    if (user.uid !== undefined && user.gid !== undefined) chownSync(logFile, user.uid, user.gid);
    child = spawn(
      bin('postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=128MB',
        '-c',
        'password_encryption=scram-sha-256',
      ],
      { ...user, env: childEnv, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const started = child;
    if (started.pid) writeFileSync(join(dir, 'server.pid'), String(started.pid));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`PostgreSQL on port ${port} exited while starting:\n${tail(logFile)}`);
      }
      try {
        await execFileAsync(bin('pg_isready'), [
          '-q',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
        ]);
        return;
      } catch {}
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL on port ${port} not ready in 30 s:\n${tail(logFile)}`);
      await sleep(50);
    }
  }

  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (child) await signalAndWait(child, signal);
  }

  async function psql(sql: string, db = database): Promise<string> {
    const { stdout } = await execFileWithInput(
      bin('psql'),
      [
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        db,
        '-f',
        '-',
      ],
      // SQL on stdin, not argv: statements may carry a password (CREATE ROLE … PASSWORD).
      { env: { ...childEnv, PGPASSFILE: passFile }, maxBuffer: 64 * 1024 * 1024 },
      sql,
    );
    return stdout.trim();
  }

  try {
    await start();
    if (database !== 'postgres')
      await psql(`CREATE DATABASE "${database.replaceAll('"', '""')}"`, 'postgres');
  } catch (error) {
    await shutdown('SIGQUIT');
    live.delete(entry);
    reaper.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    port,
    user: 'postgres',
    password,
    clientEnv: {
      PGHOST: '127.0.0.1',
      PGPORT: String(port),
      PGUSER: 'postgres',
      PGDATABASE: database,
      PGPASSFILE: passFile,
    },
    database,
    async stop() {
      if (stopped) return;
      stopped = true;
      await shutdown('SIGINT');
      live.delete(entry);
      reaper.kill();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await shutdown('SIGINT');
      await start();
    },
    async kill() {
      await shutdown('SIGQUIT');
    },
    async startAgain() {
      if (stopped)
        throw new Error('PostgreSQL was stopped for good (stop() removes its data); use kill() or restart()');
      if (child && child.exitCode === null && child.signalCode === null) return;
      await start();
    },
    psql: (sql) => psql(sql),
  };
}

/** Sends PING and resolves true on +PONG. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Starts a throw-away Redis (no persistence) on a free loopback port. */
export async function startRedis(): Promise<RedisServer> {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-redis-'));
  const logFile = join(dir, 'redis.log');
  const reaper = startReaper(dir, 'TERM');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const entry = { pid: () => child?.pid, signal: 'SIGKILL' as NodeJS.Signals, dir };
  live.add(entry);

  async function start(): Promise<void> {
    const log = openSync(logFile, 'a');
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--protected-mode',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const started = child;
    started.on('error', () => {});
    if (started.pid) writeFileSync(join(dir, 'server.pid'), String(started.pid));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null || !started.pid) {
        throw new Error(
          `redis-server on port ${port} exited while starting (is it installed?):\n${tail(logFile)}`,
        );
      }
      if (await redisPing(port)) return;
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} not ready in 15 s:\n${tail(logFile)}`);
      await sleep(30);
    }
  }

  try {
    await start();
  } catch (error) {
    if (child) await signalAndWait(child, 'SIGKILL');
    live.delete(entry);
    reaper.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child) await signalAndWait(child, 'SIGTERM');
      // An empty folder is kept only while a startAgain() may still come; the exit hook removes it.
      if (existsSync(join(dir, 'server.pid'))) rmSync(join(dir, 'server.pid'), { force: true });
    },
    async startAgain() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      await start();
    },
  };
}
