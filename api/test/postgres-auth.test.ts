// The test PostgreSQL asks for a password, as every real one the shop runs against does: the API connects
// with the password in DATABASE_URL; with a wrong one, or none, the server refuses it and /readyz says why.
// If the harness ever went back to trusting loopback, these would fail rather than pass silently.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type PostgresServer, postgresBinDir, startPostgres } from '@dhakacart/e2e/services';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migratePostgres } from '../src/db/migrate.ts';
import type { RunningServer } from '../src/server.ts';
import { call, startApi } from './helpers.ts';

const execFileAsync = promisify(execFile);
let pg: PostgresServer;
const apis: RunningServer[] = [];

test.before(async () => {
  pg = await startPostgres();
  await migratePostgres(pg.url);
});
test.after(async () => {
  await Promise.all(apis.map((api) => api.shutdown()));
  await pg?.stop();
});

/** The same server and user, another password. */
function withPassword(password: string): string {
  const url = new URL(pg.url);
  url.password = password;
  return url.toString();
}

test('the API with the right password is ready', async () => {
  const api = await startApi({ pg });
  apis.push(api);
  const ready = await call(`${api.url}/readyz`);
  assert.is(ready.status, 200);
  assert.is(ready.body.database, 'ok');
});

test('the API with a wrong password is refused by the server and stays unready', async () => {
  const api = await startApi({ pg: { url: withPassword(`not-${pg.password}`) } });
  apis.push(api);
  const ready = await call(`${api.url}/readyz`);
  assert.is(ready.status, 503);
  assert.is(ready.body.error.code, 'not_ready');
  assert.match(ready.body.error.message, 'password authentication failed for user "postgres"');
});

test('a client that sends no password is refused; with the password file it connects', async () => {
  // psql with the server's address but without its password file: nothing to answer the server's challenge.
  const { PGPASSFILE: _withheld, ...noPassword } = pg.clientEnv;
  const env = { PATH: process.env.PATH ?? '', ...noPassword, PGPASSFILE: '/dev/null' };
  const psql = join(postgresBinDir, 'psql');
  const error = await execFileAsync(psql, ['-X', '-w', '-c', 'SELECT 1'], { env }).then(
    () => undefined,
    (e: Error & { stderr?: string }) => e,
  );
  assert.ok(error, 'psql without a password connected');
  assert.match(error.stderr ?? '', /password/);
  const withPassword = await execFileAsync(psql, ['-X', '-w', '-A', '-t', '-c', 'SELECT 1'], {
    env: { PATH: process.env.PATH ?? '', ...pg.clientEnv },
  });
  assert.is(withPassword.stdout.trim(), '1');
});

test.run();
