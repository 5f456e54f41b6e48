// `npm run db:migrate -w api` (what the operator's migration Job runs) and `npm run db:seed -w api` on a
// fresh PostgreSQL: an unmigrated database keeps the API unready, concurrent migration runs are safe, and
// seeding twice loads the catalog once.
import { execFile } from 'node:child_process';
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

const npmRun = (script: string) =>
  execFileAsync('npm', ['run', '-s', script, '-w', 'api'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'warn' },
  });

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

test.run();
