// The shop really runs on the real node: the operator installed by its chart makes it from the project's own
// images; every container runs under Pod Security "restricted" with a read-only root filesystem; the migration
// Job migrates; a shopper buys in Chromium through the in-cluster storefront and the order is in the in-cluster
// PostgreSQL (through PgBouncer); the NetworkPolicies are enforced; and no packet from a pod left the machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchBrowser, screenshot } from '../../storefront/test/support/browser.ts';
import { eventually, type TestNamespace } from '../src/harness.ts';
import { guardDrops } from '../src/node-network.ts';
import {
  applyShop,
  buyOneProduct,
  exec,
  installOperator,
  podNames,
  psql,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SHOP = 'bazar';
let ns: TestNamespace;
let other: TestNamespace;

test.before(async () => {
  ns = await realNamespace('node-shop');
  other = await realNamespace('node-other');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, { version: '1.4.0', ...SMALL_SHOP });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
});

test.after(async () => {
  await other?.delete();
  await ns?.delete();
});

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    nodeName: string;
    securityContext?: { runAsNonRoot?: boolean };
    containers: {
      name: string;
      securityContext?: { readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean };
    }[];
  };
  status: {
    phase: string;
    containerStatuses?: { name: string; ready: boolean; restartCount: number; state: { running?: object } }[];
  };
}

test('every container of the shop and its operator runs on the real node: Running, ready, never restarted, read-only root', async () => {
  const pods = (await getJson<{ items: Pod[] }>(['get', 'pods', '-n', ns.name])).items.filter(
    (p) => p.status.phase !== 'Succeeded',
  );
  const components = new Set(
    pods.map((p) => p.metadata.labels?.['app.kubernetes.io/component'] ?? p.metadata.name),
  );
  for (const c of ['api', 'storefront', 'postgres', 'pgbouncer', 'redis'])
    assert.ok(components.has(c), `no ${c} pod: ${[...components]}`);
  assert.ok(
    pods.some((p) => p.metadata.name.includes('dhakacart-operator')),
    'the operator runs in the namespace',
  );
  for (const pod of pods) {
    assert.is(pod.spec.nodeName, 'dhakacart-node', `${pod.metadata.name} is on the real node`);
    assert.is(pod.status.phase, 'Running', pod.metadata.name);
    for (const c of pod.status.containerStatuses ?? []) {
      assert.ok(c.ready && c.state.running, `${pod.metadata.name}/${c.name} running and ready`);
      assert.is(c.restartCount, 0, `${pod.metadata.name}/${c.name} restarts`);
    }
    for (const c of pod.spec.containers)
      assert.is(
        c.securityContext?.readOnlyRootFilesystem,
        true,
        `${pod.metadata.name}/${c.name} read-only root`,
      );
  }
  // The namespace enforces "restricted": a pod that breaks it is refused by the API server.
  const labels = (await getJson<{ metadata: { labels: Record<string, string> } }>(['get', 'ns', ns.name]))
    .metadata.labels;
  assert.is(labels['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('the migration Job ran in the API image and migrated the database', async () => {
  const jobs = await getJson<{ items: { metadata: { name: string }; status: { succeeded?: number } }[] }>([
    'get',
    'jobs',
    '-n',
    ns.name,
  ]);
  const migration = jobs.items.find((j) => j.metadata.name.startsWith(`${SHOP}-migrate-`));
  assert.ok(migration, 'a migration Job exists');
  assert.is(migration?.status.succeeded, 1);
  const tables = await psql(
    ns.name,
    SHOP,
    "select count(*) from information_schema.tables where table_schema = 'public'",
  );
  assert.ok(Number(tables.trim()) >= 3, `public tables after migration: ${tables}`);
});

test('PgBouncer, the API’s way to PostgreSQL, refuses a connection without the password (SCRAM, not trust)', async () => {
  const [api] = await podNames(ns.name, `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`);
  const script = `const net=require('node:net');const s=net.connect(6432,'${SHOP}-pgbouncer');
const user=Buffer.from('user\\0dhakacart\\0database\\0dhakacart\\0\\0');const len=Buffer.alloc(8);len.writeInt32BE(8+user.length);len.writeInt32BE(196608,4);
s.on('connect',()=>s.write(Buffer.concat([len,user])));s.on('data',d=>{console.log(d[0]===82?'auth-request:'+d.readInt32BE(5):'other:'+d[0]);s.destroy()});s.on('error',e=>console.log('error:'+e.message))`;
  const out = await exec(ns.name, api ?? '', ['node', '-e', script]);
  // An AuthenticationSASL request (10) is what scram-sha-256 asks for; 0 would mean trust (no password).
  assert.is(out.trim(), 'auth-request:10');
});

test('a shopper buys in Chromium through the in-cluster storefront; the order is in the in-cluster PostgreSQL', async () => {
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/');
  await buyOneProduct(storefront, 'Rahim Uddin', 'node-shop-purchase-failed');
  const orders = await psql(ns.name, SHOP, 'select customer_name from orders');
  assert.match(orders, 'Rahim Uddin');
});

/** Tries a TCP connection from inside a pod; resolves 'open', 'refused' or 'timeout'. */
async function connectFrom(namespace: string, pod: string, host: string, port: number): Promise<string> {
  const script = `const s=require('node:net').connect(${port},'${host}');s.setTimeout(3000);
s.on('connect',()=>{console.log('open');s.destroy()});s.on('timeout',()=>{console.log('timeout');s.destroy()});
s.on('error',e=>console.log(e.code==='ECONNREFUSED'?'refused':'error:'+e.code))`;
  return (await exec(namespace, pod, ['node', '-e', script])).trim();
}

/** A connection to a port that is listening, refused or left unanswered by the policy (kube-router rejects). */
const blocked = (outcome: string) => outcome === 'refused' || outcome === 'timeout';

test('NetworkPolicies are enforced: the API reaches PgBouncer, the storefront cannot; DNS works', async () => {
  const [api] = await podNames(ns.name, `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`);
  const [storefront] = await podNames(
    ns.name,
    `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=storefront`,
  );
  assert.is(await connectFrom(ns.name, api ?? '', `${SHOP}-pgbouncer`, 6432), 'open');
  assert.ok(blocked(await connectFrom(ns.name, storefront ?? '', `${SHOP}-pgbouncer`, 6432)));
  assert.ok(blocked(await connectFrom(ns.name, storefront ?? '', `${SHOP}-postgres`, 5432)));
  assert.is(await connectFrom(ns.name, storefront ?? '', `${SHOP}-api`, 3000), 'open');
  const resolved = await exec(ns.name, storefront ?? '', [
    'node',
    '-e',
    `require('node:dns').lookup('${SHOP}-api.${ns.name}.svc.cluster.local',(e,a)=>console.log(e?e.code:a))`,
  ]);
  assert.match(resolved.trim(), /^10\.96\./);
});

test('a pod in another namespace cannot reach the API, though it reaches the storefront', async () => {
  await k(
    ['apply', '-n', other.name, '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'visitor' },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'visitor',
            image: 'ghcr.io/dhakacart/api:1.4.0',
            command: ['node', '-e', 'setInterval(() => {}, 1000)'],
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              readOnlyRootFilesystem: true,
            },
          },
        ],
      },
    }),
  );
  await k(['wait', '-n', other.name, '--for=condition=Ready', 'pod/visitor', '--timeout=120s']);
  const api = `${SHOP}-api.${ns.name}.svc.cluster.local`;
  const storefront = `${SHOP}-storefront.${ns.name}.svc.cluster.local`;
  assert.ok(blocked(await connectFrom(other.name, 'visitor', api, 3000)));
  assert.is(await connectFrom(other.name, 'visitor', storefront, 80), 'open');
});

test('no packet from a pod left the machine: the guard dropped nothing', async () => {
  // Names outside the cluster fail inside it without an upstream (CoreDNS has no forwarder).
  const [api] = await podNames(ns.name, `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`);
  const outside = await exec(ns.name, api ?? '', [
    'node',
    '-e',
    "require('node:dns').lookup('example.com',(e,a)=>console.log(e?e.code:a))",
  ]);
  assert.not.match(outside.trim(), /^\d/);
  await eventually('the guard counters read', async () => (await guardDrops()) === 0, 5_000);
});

test.run();
