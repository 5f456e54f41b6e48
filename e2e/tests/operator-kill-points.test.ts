// The operator killed (SIGKILL, no cleanup) at 20 points while it creates a shop, deletes one, takes a
// snapshot, rolls a bad version back and switches blue/green. Each time a new operator converges to exactly
// the children the builders give for the shop (kind, name and owner), with nothing left over.
//
// Kill points come from a seed printed at the start: `DHAKACART_KILL_SEED=<seed>` replays the same points.
// A point is a number of operator writes (dhakacart_operator_api_writes_total) after the action starts; the
// kill follows within one poll of the counter, so a replay lands near the same point (writes sent together,
// as a new shop's children are, can overshoot it). Where the operator writes fewer than that in the action's
// time limit (a deletion under Retain is the garbage collector's work), the kill comes at the limit.
import type { KubernetesObject } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiReplicaBounds } from '../../operator/src/desired/capacity.ts';
import { desiredChildren } from '../../operator/src/desired/children.ts';
import {
  blueGreenChildren,
  colourName,
  planBlueGreen,
} from '../../operator/src/desired/releases/blue-green.ts';
import { releaseStatus } from '../../operator/src/desired/releases/spec.ts';
import { desiredGeneratedSecrets } from '../../operator/src/desired/secrets.ts';
import type { DhakaCart } from '../../operator/src/types.ts';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  condition,
  ensureCrd,
  getJson,
  getShop,
  installChart,
  k,
  providePostgresVolume,
  provideVolume,
  type RunningOperator,
  serviceAccountKubeconfig,
  startOperator,
  waitReady,
} from './operator-support.ts';

const SEED = Number(process.env.DHAKACART_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`kill points from seed ${SEED} (replay: DHAKACART_KILL_SEED=${SEED})`);

/** mulberry32: a small seeded generator, enough to pick kill points reproducibly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);
/** The number of writes after which the operator is killed: 1 to `most`. */
const killAfter = (most: number) => 1 + Math.floor(random() * most);

let ns: TestNamespace;
let kubeconfig: string;
const running: RunningOperator[] = [];

async function start(): Promise<RunningOperator> {
  const op = await startOperator(kubeconfig, ns.name, { LEADER_ELECTION: 'false', RESYNC_SECONDS: '3' });
  running.push(op);
  return op;
}

/** Kills `op` once it has made `writes` writes since `base`, or after `withinMs` if it makes fewer. */
async function killAt(op: RunningOperator, base: number, writes: number, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  let made = 0;
  while (Date.now() < deadline) {
    made = (await op.writes()) - base;
    if (made >= writes) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await op.kill();
  return made;
}

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-kill');
  kubeconfig = await serviceAccountKubeconfig(ns.name, await installChart(ns.name));
});

test.after(async () => {
  for (const op of running)
    if (op.process.exitCode === null && op.process.signalCode === null) await op.kill();
  await ns?.delete();
});

const KINDS = 'deploy,sts,svc,sa,hpa,pdb,ing,netpol,cm,secret';

interface Live {
  kind: string;
  metadata: {
    name: string;
    uid: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; uid: string; controller?: boolean }[];
  };
  spec?: { replicas?: number };
}

/** `Kind/name → owner uid ('' for none)` of every object the operator labelled as the shop's. */
async function liveSet(shop: string): Promise<Map<string, string>> {
  const list = await getJson<{ items: Live[] }>([
    'get',
    KINDS,
    '-n',
    ns.name,
    '-l',
    `dhakacart.io/shop=${shop}`,
  ]);
  const out = new Map<string, string>();
  for (const item of list.items) {
    const key = `${item.kind}/${item.metadata.name}`;
    assert.not.ok(out.has(key), `${key} twice`);
    const owner = item.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'DhakaCart');
    out.set(key, owner?.uid ?? '');
  }
  return out;
}

/** What the builders say a converged shop has: `Kind/name → owner uid`, as liveSet reports it. */
async function expectedSet(shop: DhakaCart): Promise<Map<string, string>> {
  const uid = shop.metadata.uid ?? '';
  const version = shop.status?.version ?? shop.spec.version;
  const serving = { ...shop, spec: { ...shop.spec, version } } as DhakaCart;
  let children: KubernetesObject[] = desiredChildren(serving, { apiVersion: version });
  if (shop.spec.rollout?.strategy === 'BlueGreen') {
    const plan = planBlueGreen({
      target: version,
      migrated: version,
      state: releaseStatus(shop),
      previewReady: false,
      previewChecked: true,
      now: new Date(),
      scaleDownDelaySeconds: shop.spec.rollout.blueGreen?.scaleDownDelaySeconds ?? 0,
    });
    const deployments = (await getJson<{ items: Live[] }>(['get', 'deploy', '-n', ns.name])).items;
    const bounds = apiReplicaBounds(shop.spec);
    children = blueGreenChildren(serving, children, plan, {
      live: (c, colour) =>
        deployments.find((d) => d.metadata.name === colourName(shop, c, colour))?.spec?.replicas,
      min: (c) => (c === 'api' ? bounds.api.min : shop.spec.storefront.replicas.min),
      plainServes: false,
    });
  }
  const out = new Map<string, string>();
  for (const child of [...children, ...desiredGeneratedSecrets(shop, () => '')])
    out.set(`${child.kind}/${child.metadata?.name}`, child.metadata?.ownerReferences?.[0]?.uid ?? '');
  assert.ok(out.size > 0);
  for (const [key, owner] of out) if (owner) out.set(key, uid);
  return out;
}

const show = (m: Map<string, string>) => [...m.entries()].map(([k, v]) => `${k}@${v || 'no owner'}`).sort();

/** Waits until the live set of `name` is exactly the builders' set, and its Jobs are owned and unique. */
async function assertConverged(name: string, point: string): Promise<void> {
  let last = '';
  await eventually(
    `${point}: the live children to be exactly the builders' set`,
    async () => {
      const shop = await getJson<DhakaCart>(['get', 'dhakacart', name, '-n', ns.name]);
      const [live, expected] = [show(await liveSet(name)), show(await expectedSet(shop))];
      last = `live:     ${live.join(' ')}\nexpected: ${expected.join(' ')}`;
      return JSON.stringify(live) === JSON.stringify(expected);
    },
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${last}`);
  });
  const shop = await getShop(ns.name, name);
  const jobs = await getJson<{ items: Live[] }>([
    'get',
    'jobs',
    '-n',
    ns.name,
    '-l',
    `dhakacart.io/shop=${name}`,
  ]);
  for (const job of jobs.items) {
    const owner = job.metadata.ownerReferences?.find((o) => o.controller);
    // Snapshots outlive the shop under Retain (docs/backups.md); every other Job goes with it.
    if (!owner && job.metadata.labels?.['app.kubernetes.io/component'] === 'snapshot') continue;
    assert.is(owner?.uid, shop.metadata.uid, `${point}: Job ${job.metadata.name} owned by the shop`);
  }
}

const shopSpec = (version: string, extra: Record<string, unknown> = {}) => ({
  version,
  api: { replicas: { min: 2, max: 4 } },
  storefront: { replicas: { min: 1, max: 2 } },
  ingress: { enabled: false },
  ...extra,
});
const apply = (name: string, spec: Record<string, unknown>) =>
  k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name, namespace: ns.name },
      spec,
    }),
  );
const setVersion = (name: string, version: string) =>
  k(['patch', 'dc', name, '-n', ns.name, '--type=merge', '-p', JSON.stringify({ spec: { version } })]);

/** A shop made and Ready under a first operator, which then stays running for the action. */
async function readyShop(name: string, spec: Record<string, unknown>): Promise<RunningOperator> {
  await providePostgresVolume(ns.name, name);
  const op = await start();
  await apply(name, spec);
  await waitReady(ns.name, name, 90_000);
  return op;
}

/** Kills `op` at the point, starts a new operator and waits for `done`; the next step's operator. */
async function killAndRestart(
  op: RunningOperator,
  point: string,
  base: number,
  writes: number,
  withinMs: number,
): Promise<RunningOperator> {
  const made = await killAt(op, base, writes, withinMs);
  console.log(`${point}: killed after ${made} writes (chosen: ${writes})`);
  return start();
}

const SCENARIOS = ['creating', 'deleting', 'snapshotting', 'rolling back', 'blue/green'] as const;

test('killed at 20 seeded points, the operator converges every time to exactly the builders’ set', async () => {
  for (let i = 0; i < 20; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length] as (typeof SCENARIOS)[number];
    const name = `k${i}`;
    const point = `point ${i + 1} (${scenario})`;
    let op: RunningOperator;
    switch (scenario) {
      case 'creating': {
        await providePostgresVolume(ns.name, name);
        op = await start();
        const base = await op.writes();
        await apply(name, shopSpec('1.4.0'));
        op = await killAndRestart(op, point, base, killAfter(30), 20_000);
        await waitReady(ns.name, name, 90_000);
        await assertConverged(name, point);
        break;
      }
      case 'deleting': {
        op = await readyShop(name, shopSpec('1.4.0'));
        const uid = (await getShop(ns.name, name)).metadata.uid;
        const base = await op.writes();
        await k(['delete', 'dc', name, '-n', ns.name, '--wait=false']);
        op = await killAndRestart(op, point, base, killAfter(3), 2_000);
        await eventually(`${point}: the shop gone`, async () =>
          (await k(['get', 'dc', '-n', ns.name, '-o', 'name'])).includes(`/${name}\n`) ? undefined : true,
        );
        // Only what deletionPolicy Retain keeps, and nothing still owned by the deleted shop.
        await eventually(
          `${point}: only the kept credentials left`,
          async () =>
            JSON.stringify(show(await liveSet(name))) ===
            JSON.stringify([`Secret/${name}-postgres-credentials@no owner`]),
          60_000,
        );
        const leftovers = await k(['get', `${KINDS},job`, '-n', ns.name, '-o', 'json']);
        assert.not.match(leftovers, uid, `${point}: nothing refers to the deleted shop`);
        break;
      }
      case 'snapshotting': {
        await provideVolume(ns.name, `${name}-backups`);
        op = await readyShop(
          name,
          shopSpec('1.4.0', { database: { backup: { snapshots: { schedule: '* * * * *', keep: 2 } } } }),
        );
        // Just before the next minute, when the snapshot Job is due.
        await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() % 60_000) - 500)));
        const base = await op.writes();
        op = await killAndRestart(op, point, base, killAfter(4), 5_000);
        await eventually(
          `${point}: a snapshot taken`,
          async () => {
            const shop = await getShop(ns.name, name);
            return ((shop.status as { backups?: { count?: number } })?.backups?.count ?? 0) >= 1;
          },
          90_000,
        );
        await waitReady(ns.name, name, 90_000);
        await assertConverged(name, point);
        break;
      }
      case 'rolling back': {
        op = await readyShop(name, shopSpec('1.4.0', { rollout: { progressDeadlineSeconds: 30 } }));
        const base = await op.writes();
        await setVersion(name, '1.6.0-unready');
        op = await killAndRestart(op, point, base, killAfter(12), 40_000);
        await eventually(
          `${point}: rolled back to 1.4.0`,
          async () => {
            const shop = await getShop(ns.name, name);
            return condition(shop, 'Degraded')?.reason === 'RolledBack' && shop.status?.version === '1.4.0';
          },
          120_000,
        );
        await assertConverged(name, point);
        break;
      }
      case 'blue/green': {
        op = await readyShop(
          name,
          shopSpec('1.4.0', { rollout: { strategy: 'BlueGreen', blueGreen: { scaleDownDelaySeconds: 0 } } }),
        );
        const base = await op.writes();
        await setVersion(name, '1.5.0');
        op = await killAndRestart(op, point, base, killAfter(15), 30_000);
        await waitReady(ns.name, name, 120_000);
        await eventually(
          `${point}: 1.5.0 serves`,
          async () => (await getShop(ns.name, name)).status?.version === '1.5.0',
        );
        await assertConverged(name, point);
        break;
      }
    }
    await op.stop();
    // Fewer pods for the points still to come.
    if (scenario !== 'deleting') await k(['delete', 'dc', name, '-n', ns.name, '--wait=false']);
  }
});

test.run();
