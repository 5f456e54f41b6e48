// inCluster backups end to end: real data → snapshot → restore into a new shop → the orders are there; the
// restore drill reports success, and failure once the snapshot file is corrupted.
//
// kwok simulates the kubelet, so no container runs in the local control plane. The shops here use a
// PostgreSQL image tagged `-held`: kwok's test hook (e2e/toolchain/kwok.yaml) starts such a Job pod but never
// finishes it. This test then plays the kubelet for it: it runs the pod's own command line (the pg_dump,
// pg_restore or drill script exactly as the operator rendered it into the Job) against real PostgreSQL
// servers from startPostgres(), with the pod's volume mapped to a local folder and its database host to the
// server that stands in for that shop's PostgreSQL, and writes the real exit code and termination message
// into the pod's status. The Job controller and the operator take it from there.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, kubectl, type TestNamespace } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import { type PostgresServer, postgresBinDir, startPostgres } from '../src/services.ts';
import {
  condition,
  ensureCrd,
  eventsAbout,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  provideVolume,
  type RunningOperator,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;
let source: PostgresServer;
let restored: PostgresServer;
const work = mkdtempSync(join(tmpdir(), 'dhakacart-backups-'));
/** What each PersistentVolumeClaim is on this machine, and which server each database host is. */
const volumes: Record<string, string> = {};
const databases: Record<string, PostgresServer> = {};

const ORDERS = 42;
const HELD_POSTGRES = 'postgres:17-alpine-held';
const YEARLY = '0 0 1 1 *';

interface Pod {
  metadata: { name: string };
  spec: {
    containers: {
      name: string;
      image: string;
      command: string[];
      args?: string[];
      env: { name: string; value?: string }[];
      volumeMounts: { name: string; mountPath: string }[];
    }[];
    volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status?: { phase?: string; startTime?: string };
}

/**
 * Plays the kubelet for the held pod of Job `job`: runs its container's command with its environment, the
 * database host mapped to the stand-in server and the volume to its folder, then reports the outcome in the
 * pod's status. Returns the exit code and the termination message.
 */
async function runJobPod(job: string): Promise<{ code: number; message: string }> {
  const pod = await eventually(
    `the running pod of Job ${job}`,
    async () => {
      const pods = await getJson<{ items: Pod[] }>([
        'get',
        'pods',
        '-n',
        ns.name,
        '-l',
        `batch.kubernetes.io/job-name=${job}`,
      ]);
      return pods.items.find((p) => p.status?.phase === 'Running');
    },
    60_000,
  );
  const container = pod.spec.containers[0];
  if (!container) throw new Error(`pod ${pod.metadata.name} has no container`);
  const env: Record<string, string> = {};
  for (const e of container.env) if (e.value !== undefined) env[e.name] = e.value;
  const server = databases[env.PGHOST ?? ''];
  if (!server) throw new Error(`no stand-in for database host ${env.PGHOST}`);
  const mounted = (path: string | undefined) => {
    const mount = container.volumeMounts.find((m) => m.mountPath === path);
    const claim =
      pod.spec.volumes.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName ?? '';
    const dir = volumes[claim];
    if (!dir) throw new Error(`no folder for claim ${claim}`);
    return dir;
  };
  const scratch = mkdtempSync(join(work, 'pod-'));
  Object.assign(env, {
    PATH: `${postgresBinDir}:${process.env.PATH}`,
    LANG: 'C.UTF-8',
    ...server.clientEnv,
    BACKUP_DIR: mounted(env.BACKUP_DIR),
    TERMINATION_LOG: join(scratch, 'termination-log'),
    HOME: scratch,
    TMPDIR: scratch,
  });
  const [command = 'sh', ...args] = [...container.command, ...(container.args ?? [])];
  const started = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (c) => resolve(c ?? 1));
  });
  let message = '';
  try {
    message = readFileSync(join(scratch, 'termination-log'), 'utf8').trim();
  } catch {}
  const finished = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const outcome = code === 0 ? 'Succeeded' : 'Failed';
  await k([
    'patch',
    'pod',
    pod.metadata.name,
    '-n',
    ns.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        phase: outcome,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: code === 0 ? 'PodCompleted' : 'PodFailed',
            lastTransitionTime: finished,
          },
          {
            type: 'ContainersReady',
            status: 'False',
            reason: code === 0 ? 'PodCompleted' : 'PodFailed',
            lastTransitionTime: finished,
          },
        ],
        containerStatuses: [
          {
            name: container.name,
            image: container.image,
            imageID: '',
            ready: false,
            started: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode: code,
                reason: code === 0 ? 'Completed' : 'Error',
                message,
                startedAt: pod.status?.startTime ?? started,
                finishedAt: finished,
              },
            },
          },
        ],
      },
    }),
  ]);
  return { code, message };
}

/** The newest Job of `component` for `shop` once it exists (after `after`, if given). */
async function nextJob(shop: string, component: string, after: string[] = []): Promise<string> {
  return eventually(
    `a ${component} Job of ${shop}`,
    async () => {
      const jobs = await getJson<{ items: { metadata: { name: string } }[] }>([
        'get',
        'jobs',
        '-n',
        ns.name,
        '-l',
        `app.kubernetes.io/instance=${shop},app.kubernetes.io/component=${component}`,
      ]);
      return jobs.items.map((j) => j.metadata.name).find((n) => !after.includes(n));
    },
    60_000,
  );
}

const kubectlExists = async (kind: string, name: string) =>
  (await kubectl(['get', kind, name, '-n', ns.name, '-o', 'name'])).code === 0;

/** status.backups and status.restore as the tests read them. */
interface BackupsView {
  count?: number;
  lastSnapshot?: string;
  lastSuccessTime?: string;
  lastScheduleTime?: string;
  nextTime?: string;
  lastVerify?: { time: string; result: string; snapshot: string; message: string; durationSeconds: number };
}
interface RestoreView {
  source: string;
  phase: string;
  message: string;
  completionTime: string;
}

const backups = async (shop: string): Promise<BackupsView> =>
  ((await getShop(ns.name, shop)).status as { backups?: BackupsView } | undefined)?.backups ?? {};

const annotate = (shop: string, key: string, value: string) =>
  k(['annotate', 'dc', shop, '-n', ns.name, `${key}=${value}`, '--overwrite']);

const shopManifest = (name: string, database: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace: ns.name },
    spec: {
      version: '1.4.0',
      images: { postgres: HELD_POSTGRES },
      api: { replicas: { min: 2, max: 4 } },
      storefront: { replicas: { min: 1, max: 2 } },
      ingress: { enabled: false },
      database,
    },
  });

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('backups');
  [source, restored] = await Promise.all([startPostgres(), startPostgres()]);
  databases['shop-a-postgres'] = source;
  databases['shop-b-postgres'] = restored;
  volumes['shop-a-backups'] = mkdtempSync(join(work, 'shop-a-backups-'));
  // The shop's real data: the API's schema (its migrations) and some orders.
  const migrations = join(repoRoot, 'api', 'drizzle');
  for (const file of readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    await source.psql(readFileSync(join(migrations, file), 'utf8'));
  await source.psql(
    `INSERT INTO orders (idempotency_key, request_hash, total, customer_name, customer_phone, customer_address)
     SELECT 'key-' || g, 'hash', g * 100, 'Rahim ' || g, '01700000' || g, 'Dhanmondi, Dhaka' FROM generate_series(1, ${ORDERS}) g`,
  );
  for (const shop of ['shop-a', 'shop-b']) await providePostgresVolume(ns.name, shop);
  await provideVolume(ns.name, 'shop-a-backups');
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '5' });
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
  await Promise.all([source?.stop(), restored?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

let snapshot = '';

test('a requested snapshot dumps the real database and is recorded in status', async () => {
  await k(
    ['apply', '-f', '-'],
    shopManifest('shop-a', {
      backup: { snapshots: { schedule: YEARLY, keep: 2 }, verify: { schedule: YEARLY } },
    }),
  );
  await waitReady(ns.name, 'shop-a', 90_000);
  await annotate('shop-a', 'dhakacart.io/snapshot-request', 'first');
  snapshot = await nextJob('shop-a', 'snapshot');
  assert.match(snapshot, /^shop-a-snap-\d{8}-\d{6}$/);
  const run = await runJobPod(snapshot);
  assert.is(run.code, 0, run.message);
  assert.match(run.message, `${ORDERS} orders`);
  const status = await eventually('the snapshot in status', async () => {
    const b = await backups('shop-a');
    return b.count === 1 && b.lastSnapshot === snapshot ? b : undefined;
  });
  assert.ok(status.lastSuccessTime);
  const files = readdirSync(volumes['shop-a-backups'] ?? '').sort();
  assert.equal(files, [`${snapshot}.dump`, `${snapshot}.manifest`, `${snapshot}.sha256`]);
  const events = await eventsAbout(ns.name, 'shop-a', 'SnapshotSucceeded');
  assert.match(events, snapshot);
});

test('the restore drill restores the snapshot into a scratch database and reports success', async () => {
  await annotate('shop-a', 'dhakacart.io/verify-request', 'first');
  const drill = await nextJob('shop-a', 'drill');
  const run = await runJobPod(drill);
  assert.is(run.code, 0, run.message);
  const verify = await eventually(
    'the drill result in status',
    async () => (await backups('shop-a')).lastVerify,
  );
  assert.is(verify.result, 'Succeeded');
  assert.is(verify.snapshot, snapshot);
  assert.match(verify.message, `${ORDERS} orders, checksum`);
  assert.ok(verify.durationSeconds >= 0);
  assert.not.match(
    await source.psql('SELECT datname FROM pg_database'),
    'dhakacart_drill',
    'the scratch copy is gone',
  );
});

test('a new shop restored from the snapshot has the orders', async () => {
  await k(['apply', '-f', '-'], shopManifest('shop-b', { restore: { fromSnapshot: snapshot } }));
  const run = await runJobPod(await nextJob('shop-b', 'restore'));
  assert.is(run.code, 0, run.message);
  const shop = await waitReady(ns.name, 'shop-b', 90_000);
  const restore = (shop.status as { restore: RestoreView }).restore;
  assert.is(restore.phase, 'Succeeded');
  assert.is(restore.source, snapshot);
  assert.is((await restored.psql('SELECT count(*) FROM orders')).trim(), String(ORDERS));
  assert.is(
    (await restored.psql(`SELECT customer_address FROM orders WHERE idempotency_key = 'key-7'`)).trim(),
    'Dhanmondi, Dhaka',
  );
  // The migration gate ran only after the restore.
  const migration = await getJson(['get', 'job', 'shop-b-migrate-1-4-0', '-n', ns.name]);
  assert.ok(new Date(migration.metadata.creationTimestamp) >= new Date(restore.completionTime));
});

test('the drill reports failure when the snapshot file is corrupted', async () => {
  const file = join(volumes['shop-a-backups'] ?? '', `${snapshot}.dump`);
  const bytes = readFileSync(file);
  for (let i = 64; i < bytes.length; i += 97) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
  const before = (await backups('shop-a')).lastVerify?.time;
  const drills = await getJson<{ items: { metadata: { name: string } }[] }>([
    'get',
    'jobs',
    '-n',
    ns.name,
    '-l',
    'app.kubernetes.io/instance=shop-a,app.kubernetes.io/component=drill',
  ]);
  await annotate('shop-a', 'dhakacart.io/verify-request', 'second');
  const drill = await nextJob(
    'shop-a',
    'drill',
    drills.items.map((j) => j.metadata.name),
  );
  const run = await runJobPod(drill);
  assert.is.not(run.code, 0);
  const verify = await eventually('the failed drill in status', async () => {
    const v = (await backups('shop-a')).lastVerify;
    return v && v.time !== before ? v : undefined;
  });
  assert.is(verify.result, 'Failed');
  assert.match(verify.message, 'corrupted');
  const shop = await getShop(ns.name, 'shop-a');
  assert.is(condition(shop, 'Ready')?.status, 'True', 'a failed drill does not take the shop down');
  const events = await eventsAbout(ns.name, 'shop-a', 'RestoreDrillFailed');
  assert.match(events, 'corrupted');
});

test('deleting a shop with deletionPolicy Snapshot takes a final snapshot first', async () => {
  await k([
    'patch',
    'dc',
    'shop-a',
    '-n',
    ns.name,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { database: { deletionPolicy: 'Snapshot' } } }),
  ]);
  await eventually('the final-snapshot finalizer', async () =>
    ((await getShop(ns.name, 'shop-a')).metadata as { finalizers?: string[] }).finalizers?.includes(
      'dhakacart.io/final-snapshot',
    ),
  );
  const existing = (
    await getJson<{ items: { metadata: { name: string } }[] }>([
      'get',
      'jobs',
      '-n',
      ns.name,
      '-l',
      'app.kubernetes.io/instance=shop-a,app.kubernetes.io/component=snapshot',
    ])
  ).items.map((j) => j.metadata.name);
  await k(['delete', 'dc', 'shop-a', '-n', ns.name, '--wait=false']);
  const final = await nextJob('shop-a', 'snapshot', existing);
  assert.ok(await kubectlExists('dc', 'shop-a'), 'the shop waits for its final snapshot');
  const run = await runJobPod(final);
  assert.is(run.code, 0, run.message);
  await eventually('the shop to be gone', async () => !(await kubectlExists('dc', 'shop-a')), 60_000);
  const files = readdirSync(volumes['shop-a-backups'] ?? '');
  assert.ok(files.includes(`${final}.dump`), 'the final snapshot outlives the shop on its backups volume');
});

test.run();
