// `npm run db:migrate -w api` (what the operator's migration Job runs) and `npm run db:seed -w api` on a
// fresh PostgreSQL: an unmigrated database keeps the API unready, concurrent migration runs are safe, and
// seeding twice loads the catalog once; the migration waits for a database that refuses its first
// connections (as a NetworkPolicy does for a new pod's first second) and fails at once on a wrong password.
import { execFile } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type PostgresServer, startPostgres } from '@dhakacart/e2e/services';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../src/server.ts';
import { call, sleep, startApi } from './helpers.ts';

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let pg: PostgresServer;
let api: RunningServer | undefined;

const npmRun = (script: string, env: Record<string, string> = {}) =>
  execFileAsync('npm', ['run', '-s', script, '-w', 'api'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'warn', ...env },
  });

/**
 * A TCP relay to PostgreSQL that resets its first `refuse` connections (Infinity: all of them), the way a
 * new pod's first packets are turned away; `connections` counts every connection it saw.
 */
async function flakyRelay(
  refuse: number,
): Promise<{ url: string; connections: () => number; server: Server }> {
  const target = new URL(pg.url);
  let seen = 0;
  const server = createServer((socket) => {
    seen++;
    if (seen <= refuse) {
      socket.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(pg.url);
  url.port = String(port);
  return { url: url.toString(), connections: () => seen, server };
}

test.before(async () => {
  pg = await startPostgres();
});
test.after(async () => {
  await api?.shutdown();
  await pg?.stop();
});

test('unready until migrated; two migration runs at once both succeed; seeding is idempotent', async () => {
  api = await startApi({ pg });
  const before = await call(`${api.url}/readyz`);
  assert.is(before.status, 503);
  assert.match(before.body.error.message, /0 of \d+ migrations/);

  await Promise.all([npmRun('db:migrate'), npmRun('db:migrate')]);
  await sleep(1_100); // readiness is re-checked at most once a second
  assert.is((await call(`${api.url}/readyz`)).status, 200);
  assert.equal(
    (await call(`${api.url}/api/products`)).body,
    { items: [], nextCursor: null },
    'migrated, not seeded',
  );

  const first = await npmRun('db:seed');
  assert.match(first.stdout, /"products":223/);
  const second = await npmRun('db:seed');
  assert.match(second.stdout, /"products":0/);
  assert.is(await pg.psql('SELECT count(*) FROM products'), '223');
});

test('the migration waits for a database whose first connections are refused, then migrates', async () => {
  const relay = await flakyRelay(3);
  try {
    const { stdout } = await npmRun('db:migrate', {
      DATABASE_URL: relay.url,
      DATABASE_WAIT_SECONDS: '60',
    });
    assert.match(stdout, /"msg":"the database does not answer yet","attempt":3/);
    assert.match(stdout, /migrations applied/);
    assert.ok(relay.connections() > 3, 'connected after the refusals');
  } finally {
    relay.server.close();
  }
});

test('a wrong password fails the migration at once (one connection), naming the cause', async () => {
  const relay = await flakyRelay(0);
  const url = new URL(relay.url);
  url.password = 'not-the-password';
  try {
    const failed = await npmRun('db:migrate', {
      DATABASE_URL: url.toString(),
      DATABASE_WAIT_SECONDS: '60',
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    assert.ok(failed, 'the migration must fail');
    assert.is(failed.code, 1);
    assert.match(failed.stderr, /db:migrate failed: password authentication failed/);
    assert.is(relay.connections(), 1, 'no retry for an answer waiting cannot change');
  } finally {
    relay.server.close();
  }
});

test('a database that never answers fails the migration after DATABASE_WAIT_SECONDS, naming where', async () => {
  const relay = await flakyRelay(Number.POSITIVE_INFINITY);
  try {
    const failed = await npmRun('db:migrate', { DATABASE_URL: relay.url, DATABASE_WAIT_SECONDS: '1' }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    assert.ok(failed, 'the migration must fail');
    assert.match(
      failed.stderr,
      new RegExp(
        `db:migrate failed: the database at 127\\.0\\.0\\.1:${new URL(relay.url).port} did not answer within 1 s`,
      ),
    );
    assert.ok(relay.connections() > 1, 'it tried more than once');
  } finally {
    relay.server.close();
  }
});

test.run();
