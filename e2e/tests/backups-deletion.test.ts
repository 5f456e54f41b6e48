// What each deletionPolicy does to the data of an inCluster shop when the shop is deleted and when its whole
// namespace is deleted: the rows of the table in docs/backups.md ("Deleting a shop"). Each test is a row.
//
// kwok runs no container: a shop with a PostgreSQL image tagged `-held` gets snapshot Jobs whose pods start
// and never finish (kwok's test hook, e2e/toolchain/kwok.yaml), which is how a final snapshot that never
// completes is shown. Volumes are observed as objects (claims and their owners).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, kubectl, type TestNamespace, testCluster } from '../src/harness.ts';
import {
  ensureCrd,
  eventsAbout,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  type RunningOperator,
  startOperator,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;
const others: { ns: TestNamespace; operator?: RunningOperator }[] = [];

const YEARLY = '0 0 1 1 *';

const shop = (namespace: string, name: string, database: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace },
    spec: {
      version: '1.4.0',
      images: { postgres: 'postgres:17-alpine-held' },
      api: { replicas: { min: 1, max: 2 } },
      storefront: { replicas: { min: 1, max: 2 } },
      ingress: { enabled: false },
      database: { storage: '1Gi', backup: { snapshots: { schedule: YEARLY, keep: 2 } }, ...database },
    },
  });

interface Claim {
  metadata: { name: string; deletionTimestamp?: string; ownerReferences?: { kind: string; uid: string }[] };
}

const claim = (namespace: string, name: string) =>
  getJson<Claim>(['get', 'pvc', name, '-n', namespace]).catch(() => undefined);

/** True once the object is gone (or on its way: the garbage collector set its deletionTimestamp). */
const goneOrGoing = async (namespace: string, name: string) => {
  const c = await claim(namespace, name);
  return !c || Boolean(c.metadata.deletionTimestamp);
};

const hasFinalSnapshotFinalizer = async (namespace: string, name: string) =>
  (
    await getJson<{ metadata: { finalizers?: string[] } }>(['get', 'dc', name, '-n', namespace])
  ).metadata.finalizers?.includes('dhakacart.io/final-snapshot') ?? false;

const exists = async (kind: string, namespace: string, name: string) =>
  (await kubectl(['get', kind, name, '-n', namespace, '-o', 'name'])).code === 0;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('bak-del');
  operator = await operatorAsServiceAccount(ns.name, { LEADER_ELECTION: 'false' });
});

test.after(async () => {
  await operator?.stop();
  for (const other of others) {
    await other.operator?.stop();
    await other.ns.delete();
  }
  await ns?.delete();
});

test('Retain, shop deleted: the database volume and the backups volume stay', async () => {
  await k(['apply', '-f', '-'], shop(ns.name, 'keeps', { deletionPolicy: 'Retain' }));
  await eventually('both volumes', async () =>
    Boolean((await claim(ns.name, 'keeps-backups')) && (await claim(ns.name, 'data-keeps-postgres-0'))),
  );
  await k(['delete', 'dc', 'keeps', '-n', ns.name, '--wait=true', '--timeout=60s']);
  await eventually(
    'the StatefulSet to be collected',
    async () => !(await exists('sts', ns.name, 'keeps-postgres')),
  );
  const backups = await claim(ns.name, 'keeps-backups');
  const data = await claim(ns.name, 'data-keeps-postgres-0');
  assert.ok(backups && !backups.metadata.deletionTimestamp, 'the backups volume stays');
  assert.ok(data && !data.metadata.deletionTimestamp, 'the database volume stays');
  assert.equal(
    backups.metadata.ownerReferences ?? [],
    [],
    'the backups volume has no owner that could take it',
  );
});

test('Delete, shop deleted: the database volume and the backups volume go with it', async () => {
  await k(['apply', '-f', '-'], shop(ns.name, 'drops', { deletionPolicy: 'Delete' }));
  await eventually('both volumes', async () =>
    Boolean((await claim(ns.name, 'drops-backups')) && (await claim(ns.name, 'data-drops-postgres-0'))),
  );
  await k(['delete', 'dc', 'drops', '-n', ns.name, '--wait=true', '--timeout=60s']);
  await eventually('the backups volume to go', () => goneOrGoing(ns.name, 'drops-backups'), 60_000);
  await eventually('the database volume to go', () => goneOrGoing(ns.name, 'data-drops-postgres-0'), 60_000);
});

test('the backups volume’s owner follows a confirmed change of deletionPolicy, both ways', async () => {
  await k(['apply', '-f', '-'], shop(ns.name, 'turns', { deletionPolicy: 'Retain' }));
  await eventually('the backups volume', async () => Boolean(await claim(ns.name, 'turns-backups')));
  const { metadata } = await getShop(ns.name, 'turns');
  const ownedByShop = async () =>
    ((await claim(ns.name, 'turns-backups'))?.metadata.ownerReferences ?? []).some(
      (o) => o.uid === metadata.uid,
    );
  const patch = (database: Record<string, unknown>) =>
    k(['patch', 'dc', 'turns', '-n', ns.name, '--type=merge', '-p', JSON.stringify({ spec: { database } })]);
  await patch({ deletionPolicy: 'Delete', confirmDataDeletion: 'turns' });
  // Generous waits: on a machine busy with other suites one reconcile of this shop can take long.
  await eventually('the shop to own its backups volume', ownedByShop, 180_000);
  await patch({ deletionPolicy: 'Retain', confirmDataDeletion: null });
  await eventually('the backups volume to be released', async () => !(await ownedByShop()), 180_000).catch(
    async (error: Error) => {
      const owners = (await claim(ns.name, 'turns-backups'))?.metadata.ownerReferences;
      throw new Error(`${error.message}; its owners: ${JSON.stringify(owners)}`);
    },
  );
  assert.match(await eventsAbout(ns.name, 'turns'), 'no longer owned by the shop');
});

test('Snapshot, shop deleted, the final snapshot never finishes: status says why, and the wait ends at the timeout', async () => {
  await k(
    ['apply', '-f', '-'],
    shop(ns.name, 'waits', { deletionPolicy: 'Snapshot', finalSnapshotTimeoutSeconds: 240 }),
  );
  await eventually('the final-snapshot finalizer', async () => hasFinalSnapshotFinalizer(ns.name, 'waits'));
  await k(['delete', 'dc', 'waits', '-n', ns.name, '--wait=false']);
  const ready = await eventually(
    'Ready=False saying what the deletion waits for',
    async () => {
      const c = (await getShop(ns.name, 'waits').catch(() => undefined))?.status?.conditions?.find(
        (x) => x.type === 'Ready',
      );
      return c?.reason === 'FinalSnapshotRunning' ? c : undefined;
    },
    230_000,
  );
  assert.is(ready.status, 'False');
  assert.match(ready.message, 'Waiting for the final snapshot waits-snap-');
  assert.match(ready.message, 'spec.database.finalSnapshotTimeoutSeconds');
  await eventually(
    'the shop to go after the timeout',
    async () => !(await exists('dc', ns.name, 'waits')),
    300_000,
  );
  assert.match(await eventsAbout(ns.name, 'waits', 'FinalSnapshotAbandoned'), 'did not succeed within 240s');
  const data = await claim(ns.name, 'data-waits-postgres-0');
  assert.ok(data && !data.metadata.deletionTimestamp, 'the database volume is kept');
});

test('Retain, Snapshot and Delete, namespace deleted: the namespace goes at once, nothing stays in it', async () => {
  const other = await createTestNamespace('bak-ns');
  // The operator runs with the cluster's admin credentials here: its usual ServiceAccount would be deleted
  // with the namespace it watches, and with it the operator's access.
  const entry: { ns: TestNamespace; operator?: RunningOperator } = { ns: other };
  others.push(entry);
  entry.operator = await startOperator((await testCluster()).info.kubeconfig, other.name, {
    LEADER_ELECTION: 'false',
  });
  for (const policy of ['Retain', 'Snapshot', 'Delete'])
    await k(['apply', '-f', '-'], shop(other.name, policy.toLowerCase(), { deletionPolicy: policy }));
  await eventually('the Snapshot shop’s finalizer', async () =>
    hasFinalSnapshotFinalizer(other.name, 'snapshot'),
  );
  await eventually('every shop’s backups volume', async () => {
    for (const name of ['retain', 'snapshot', 'delete'])
      if (!(await claim(other.name, `${name}-backups`))) return false;
    return true;
  });
  await k(['delete', 'namespace', other.name, '--wait=false']);
  await eventually(
    'the namespace to be gone',
    async () => (await kubectl(['get', 'namespace', other.name, '-o', 'name'])).code !== 0,
    120_000,
  );
  assert.match(entry.operator.logs(), 'is being deleted, so no snapshot Job can run in it');
});

test.run();
