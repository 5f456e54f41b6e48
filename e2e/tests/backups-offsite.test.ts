// The off-site path of the backup scripts, exactly as the operator renders them into its Jobs, run on this
// machine against real PostgreSQL servers and a real S3-compatible server (versitygw on loopback): a
// snapshot lands in the bucket, pruning removes the replaced snapshot's objects, a restore fetches from the
// bucket into an empty folder and brings back every order, and a snapshot that cannot be uploaded fails
// with a message that says so and leaves no files behind. The Job's environment comes from the operator's
// own builders; only the Secret's keys are filled in, as the kubelet would. On the real node the same path
// runs in pods: e2e/tests/node-backups-offsite.test.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Job } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { desiredRestoreJob, desiredSnapshotJob } from '../../operator/src/desired/backups/jobs.ts';
import { type DhakaCartSpecInput, makeShop } from '../../operator/src/types.ts';
import { repoRoot } from '../src/paths.ts';
import { type S3Server, startS3Server } from '../src/s3-server.ts';
import { type PostgresServer, postgresBinDir, startPostgres } from '../src/services.ts';

let s3: S3Server;
let source: PostgresServer;
let target: PostgresServer;
const work = mkdtempSync(join(tmpdir(), 'dhakacart-offsite-'));
const ORDERS = 17;
const PREFIX = 'shops/eid-sale';

const shop = () =>
  makeShop('eid-sale', 'shop', {
    version: '1.4.0',
    database: {
      backup: {
        snapshots: { schedule: '0 0 1 1 *', keep: 1 },
        offsite: {
          endpoint: s3.endpoint,
          bucket: s3.bucket,
          prefix: PREFIX,
          credentialsSecretRef: { name: 's3-keys' },
        },
      },
    },
  } as DhakaCartSpecInput);

/**
 * Runs a Job's container command as the kubelet would: its environment with the Secret's keys filled in,
 * the database at `server`, BACKUP_DIR at `dir`. Resolves the exit code and the termination message.
 */
async function runJob(job: V1Job, server: PostgresServer, dir: string, keys: Record<string, string>) {
  const container = job.spec?.template.spec?.containers[0];
  if (!container) throw new Error('a Job without a container');
  const scratch = mkdtempSync(join(work, 'pod-'));
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    const key = e.valueFrom?.secretKeyRef?.key;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (key && keys[key]) env[e.name] = keys[key];
  }
  const url = new URL(server.url);
  Object.assign(env, {
    PATH: `${postgresBinDir}:${process.env.PATH}`,
    LANG: 'C.UTF-8',
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: 'postgres',
    PGPASSWORD: server.password,
    PGDATABASE: server.database,
    BACKUP_DIR: dir,
    TERMINATION_LOG: join(scratch, 'termination-log'),
    HOME: scratch,
    TMPDIR: scratch,
    RCLONE_CONFIG: join(scratch, 'rclone.conf'),
  });
  const [command = 'sh', ...args] = container.command ?? [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (c) => resolve(c ?? 1));
  });
  let message = '';
  try {
    message = readFileSync(join(scratch, 'termination-log'), 'utf8').trim();
  } catch {}
  return { code, message };
}

let keys: Record<string, string>;
const volume = mkdtempSync(join(work, 'backups-'));

test.before(async () => {
  s3 = await startS3Server({ host: '127.0.0.1' });
  keys = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  [source, target] = await Promise.all([startPostgres(), startPostgres()]);
  const migrations = join(repoRoot, 'api', 'drizzle');
  for (const file of readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    await source.psql(readFileSync(join(migrations, file), 'utf8'));
  await source.psql(
    `INSERT INTO orders (idempotency_key, request_hash, total, customer_name, customer_phone, customer_address)
     SELECT 'key-' || g, 'hash', g * 100, 'Karim ' || g, '01800000' || g, 'Mirpur, Dhaka' FROM generate_series(1, ${ORDERS}) g`,
  );
});

test.after(async () => {
  await Promise.all([source?.stop(), target?.stop(), s3?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const first = 'eid-sale-snap-20261124-180000';
const second = 'eid-sale-snap-20261125-000000';
const filesOf = (name: string) => ['dump', 'manifest', 'sha256'].map((e) => `${PREFIX}/${name}.${e}`);

test('a snapshot lands in the bucket; the next one replaces it there too', async () => {
  const one = await runJob(desiredSnapshotJob(shop(), first, new Date(), []), source, volume, keys);
  assert.is(one.code, 0, one.message);
  assert.match(one.message, `copied to offsite:${s3.bucket}/${PREFIX}`);
  assert.equal(await s3.list(PREFIX), filesOf(first));
  const two = await runJob(desiredSnapshotJob(shop(), second, new Date(), [first]), source, volume, keys);
  assert.is(two.code, 0, two.message);
  assert.equal(await s3.list(PREFIX), filesOf(second), 'the replaced snapshot is pruned from the bucket');
});

test('a restore from the bucket into an empty folder brings back every order', async () => {
  const empty = mkdtempSync(join(work, 'scratch-'));
  const job = desiredRestoreJob(shop(), second, { offsite: true });
  const run = await runJob(job, target, empty, keys);
  assert.is(run.code, 0, run.message);
  assert.is(run.message, `restored ${second}: ${ORDERS} orders`);
  assert.is((await target.psql('SELECT count(*) FROM orders')).trim(), String(ORDERS));
});

test('a restore of a snapshot the bucket does not hold fails and says so', async () => {
  const run = await runJob(
    desiredRestoreJob(shop(), 'eid-sale-snap-20200101-000000', { offsite: true }),
    target,
    mkdtempSync(join(work, 'scratch-')),
    keys,
  );
  assert.is.not(run.code, 0);
  assert.match(run.message, 'not found in offsite:');
});

test('a snapshot that cannot be uploaded fails and leaves nothing behind', async () => {
  const dir = mkdtempSync(join(work, 'backups-'));
  const name = 'eid-sale-snap-20261126-000000';
  const run = await runJob(desiredSnapshotJob(shop(), name, new Date(), []), source, dir, {
    accessKeyId: 'nobody',
    secretAccessKey: 'wrong-secret',
  });
  assert.is.not(run.code, 0);
  assert.match(run.message, `snapshot ${name} failed: could not upload ${name}.dump`);
  assert.equal(readdirSync(dir), [], 'no local files of a failed snapshot');
  assert.equal(await s3.list(PREFIX), filesOf(second));
});

test.run();
