// The operator's own lifecycle: killed mid-reconcile and restarted it converges with no duplicates; with two
// replicas one leads and killing the leader hands over; deleting a shop removes its children, and the
// database volume follows spec.database.deletionPolicy (Retain keeps it, Delete removes it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  ensureCrd,
  getJson,
  installChart,
  k,
  providePostgresVolume,
  type RunningOperator,
  sampleShop,
  serviceAccountKubeconfig,
  startOperator,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let kubeconfig: string;
const running: RunningOperator[] = [];

async function start(env: Record<string, string> = {}) {
  const op = await startOperator(kubeconfig, ns.name, { LEASE_DURATION_SECONDS: '6', ...env });
  running.push(op);
  return op;
}

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-life');
  kubeconfig = await serviceAccountKubeconfig(ns.name, await installChart(ns.name));
});

test.after(async () => {
  for (const op of running)
    if (op.process.exitCode === null && op.process.signalCode === null) await op.kill();
  await ns?.delete();
});

async function childNames(): Promise<string[]> {
  const out = await k([
    'get',
    'deploy,sts,svc,sa,hpa,pdb,ing,netpol,cm,secret,job',
    '-n',
    ns.name,
    '-l',
    'app.kubernetes.io/managed-by=dhakacart-operator',
    '-o',
    'name',
  ]);
  return out.trim().split('\n').filter(Boolean).sort();
}

test('killed mid-reconcile, the operator converges after a restart with no duplicate objects', async () => {
  await providePostgresVolume(ns.name, 'crash');
  const first = await start({ LEADER_ELECTION: 'false' });
  await k(['apply', '-f', '-'], sampleShop('crash', ns.name));
  // Kill it as soon as it has written something, before the shop can be complete.
  await eventually('the first writes', async () => (await first.writes()) > 3, 20_000);
  await first.kill();
  const partial = await childNames();
  const second = await start({ LEADER_ELECTION: 'false' });
  await waitReady(ns.name, 'crash');
  const names = await childNames();
  assert.ok(
    names.length > partial.length,
    `${partial.length} children before the restart, ${names.length} after`,
  );
  assert.is(new Set(names).size, names.length);
  // One ReplicaSet per Deployment, one Job per version, one pod per StatefulSet: nothing was created twice.
  const rs = await getJson<{ items: unknown[] }>([
    'get',
    'rs',
    '-n',
    ns.name,
    '-l',
    'app.kubernetes.io/instance=crash',
  ]);
  const deployments = await getJson<{ items: unknown[] }>([
    'get',
    'deployments',
    '-n',
    ns.name,
    '-l',
    'app.kubernetes.io/instance=crash',
  ]);
  assert.is(deployments.items.length, 4, 'api, storefront, redis and pgbouncer');
  assert.is(rs.items.length, deployments.items.length);
  const jobs = await getJson<{ items: unknown[] }>([
    'get',
    'jobs',
    '-n',
    ns.name,
    '-l',
    'app.kubernetes.io/instance=crash',
  ]);
  assert.is(jobs.items.length, 1);
  const secrets = await k([
    'get',
    'secret',
    'crash-postgres-credentials',
    '-n',
    ns.name,
    '-o',
    'jsonpath={.metadata.name}',
  ]);
  assert.is(secrets, 'crash-postgres-credentials');
  await second.stop();
});

test('with two replicas one leads, and killing the leader hands over', async () => {
  const a = await start();
  const b = await start();
  const leaderOf = async () => {
    const lease = await getJson(['get', 'lease', 'dhakacart-operator-leader', '-n', ns.name]);
    return lease.spec.holderIdentity as string;
  };
  const leaders = async () => [
    (await a.metric('dhakacart_operator_leader')) === 1,
    (await b.metric('dhakacart_operator_leader')) === 1,
  ];
  await eventually('one leader', async () => (await leaders()).filter(Boolean).length === 1, 30_000);
  await new Promise((r) => setTimeout(r, 3000));
  assert.is((await leaders()).filter(Boolean).length, 1, 'exactly one leader');
  const [aLeads] = await leaders();
  const leader = aLeads ? a : b;
  const follower = aLeads ? b : a;
  const holder = await leaderOf();
  await leader.kill();
  await eventually(
    'the follower to take over',
    async () => (await follower.metric('dhakacart_operator_leader')) === 1,
    30_000,
  );
  assert.is.not(await leaderOf(), holder);
  // The new leader reconciles: a deleted child comes back.
  await k(['delete', 'configmap', 'crash-config', '-n', ns.name]);
  await eventually(
    'the new leader to restore the ConfigMap',
    async () => getJson(['get', 'configmap', 'crash-config', '-n', ns.name]).catch(() => undefined),
    30_000,
  );
  // Graceful shutdown releases the Lease.
  await follower.stop();
  assert.is(await leaderOf(), '');
});

test('deleting a shop removes its children; deletionPolicy Retain keeps the database volume and its password', async () => {
  const op = await start({ LEADER_ELECTION: 'false' });
  const credentials = await getJson(['get', 'secret', 'crash-postgres-credentials', '-n', ns.name]);
  await k(['delete', 'dc', 'crash', '-n', ns.name, '--wait=true', '--timeout=60s']);
  // Everything goes but the database's password, which stays with its volume (docs/credentials.md).
  await eventually(
    'the children to be garbage collected',
    async () => JSON.stringify(await childNames()) === JSON.stringify(['secret/crash-postgres-credentials']),
    60_000,
  );
  const pvc = await getJson(['get', 'pvc', 'data-crash-postgres-0', '-n', ns.name]);
  assert.is(pvc.status.phase, 'Bound', 'Retain keeps the PostgreSQL volume (and its data)');
  // A new shop of the same name reuses both.
  await k(['apply', '-f', '-'], sampleShop('crash', ns.name));
  await waitReady(ns.name, 'crash');
  const again = await getJson(['get', 'pvc', 'data-crash-postgres-0', '-n', ns.name]);
  assert.is(again.metadata.uid, pvc.metadata.uid);
  const kept = await getJson(['get', 'secret', 'crash-postgres-credentials', '-n', ns.name]);
  assert.is(kept.metadata.uid, credentials.metadata.uid, 'the same credentials Secret');
  assert.equal(kept.data, credentials.data, 'the same password');
  await op.stop();
});

test('deletionPolicy Delete removes the database volume with the shop', async () => {
  const op = await start({ LEADER_ELECTION: 'false' });
  await providePostgresVolume(ns.name, 'gone');
  await k(['apply', '-f', '-'], sampleShop('gone', ns.name));
  await k([
    'patch',
    'dc',
    'gone',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"database":{"deletionPolicy":"Delete","confirmDataDeletion":"gone"}}}',
  ]);
  await waitReady(ns.name, 'gone');
  await eventually(
    'the claim to be owned by the StatefulSet',
    async () => {
      const pvc = await getJson(['get', 'pvc', 'data-gone-postgres-0', '-n', ns.name]);
      return pvc.metadata.ownerReferences?.some((o: { kind: string }) => o.kind === 'StatefulSet');
    },
    30_000,
  );
  await k(['delete', 'dc', 'gone', '-n', ns.name, '--wait=true', '--timeout=60s']);
  await eventually(
    'the claim to be deleted',
    async () => {
      const r = await getJson(['get', 'pvc', 'data-gone-postgres-0', '-n', ns.name]).catch(() => undefined);
      return !r || Boolean(r.metadata.deletionTimestamp);
    },
    60_000,
  );
  await op.stop();
});

test.run();
