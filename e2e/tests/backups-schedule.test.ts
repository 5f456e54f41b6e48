// Snapshot schedules on the local control plane: a fast schedule (every minute, keep 2) creates snapshots
// and prunes to 2; suspend stops it. The snapshot Jobs here use the default PostgreSQL image, so kwok
// completes their pods at once without running anything (backups-restore.test.ts runs the real commands);
// what is tested is the operator's scheduling, pruning and status.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  ensureCrd,
  eventsAbout,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;
const SHOP = 'cron';

interface BackupsView {
  count?: number;
  lastSnapshot?: string;
  lastScheduleTime?: string;
  nextTime?: string;
}
const backups = async (): Promise<BackupsView> =>
  ((await getShop(ns.name, SHOP)).status as { backups?: BackupsView } | undefined)?.backups ?? {};
const snapshotJobs = async () =>
  (
    await getJson<{ items: { metadata: { name: string }; status?: { succeeded?: number } }[] }>([
      'get',
      'jobs',
      '-n',
      ns.name,
      '-l',
      `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=snapshot`,
    ])
  ).items;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('backups-cron');
  await providePostgresVolume(ns.name, SHOP);
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${ns.name}-backups`, labels: { 'dhakacart.io/test': 'true' } },
      spec: {
        capacity: { storage: '100Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        claimRef: { namespace: ns.name, name: `${SHOP}-backups` },
        hostPath: { path: `/tmp/dhakacart-pv/${ns.name}-backups` },
      },
    }),
  );
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '10' });
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

test('every minute, keep 2: snapshots are taken on the minute and pruned to 2', async () => {
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name: SHOP, namespace: ns.name },
      spec: {
        version: '1.4.0',
        api: { replicas: { min: 2, max: 4 } },
        storefront: { replicas: { min: 1, max: 2 } },
        ingress: { enabled: false },
        database: { backup: { snapshots: { schedule: '* * * * *', keep: 2 } } },
      },
    }),
  );
  await waitReady(ns.name, SHOP, 90_000);
  const seen = new Set<string>();
  let maxCount = 0;
  await eventually(
    'a third snapshot, and the first pruned',
    async () => {
      const jobs = await snapshotJobs();
      for (const j of jobs) seen.add(j.metadata.name);
      const b = await backups();
      maxCount = Math.max(maxCount, b.count ?? 0);
      return seen.size >= 3 && b.count === 2 && jobs.length === 2 ? b : undefined;
    },
    240_000,
  );
  assert.ok(maxCount <= 2, `status.backups.count never exceeded keep (saw ${maxCount})`);
  const names = [...seen].sort();
  for (const name of names) assert.match(name, /^cron-snap-\d{8}-\d{4}00$/, 'named by its scheduled minute');
  const remaining = (await snapshotJobs()).map((j) => j.metadata.name).sort();
  assert.equal(remaining, names.slice(-2), 'the newest two are kept');
  const b = await backups();
  assert.is(b.lastSnapshot, names.at(-1));
  assert.ok(new Date(b.nextTime ?? 0) > new Date(b.lastScheduleTime ?? 0), 'the next run is announced');
  const events = await eventsAbout(ns.name, SHOP, 'SnapshotPruned');
  assert.match(events, names[0] ?? '');
});

test('suspend stops the schedule and keeps the snapshots', async () => {
  await k([
    'patch',
    'dc',
    SHOP,
    '-n',
    ns.name,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { database: { backup: { snapshots: { suspend: true } } } } }),
  ]);
  await eventually('nextTime to go', async () => (await backups()).nextTime === undefined, 30_000);
  const before = (await snapshotJobs()).map((j) => j.metadata.name).sort();
  // Past at least one whole scheduled minute.
  await new Promise((r) => setTimeout(r, 75_000));
  const after = (await snapshotJobs()).map((j) => j.metadata.name).sort();
  assert.equal(after, before, 'no snapshot was taken while suspended');
  assert.is((await backups()).count, 2);
});

test.run();
