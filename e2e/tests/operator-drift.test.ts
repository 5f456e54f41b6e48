// What the operator owns, and what it does not: a field removed from the spec leaves the child; another
// field manager's env variable is left alone without a write on every resync; an object of a child's name
// that the shop did not create is never adopted; a Deployment scaled below the spec's minimum is scaled
// back; an upgrade is announced as Updated, never as a repair.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  condition,
  ensureCrd,
  eventsAbout,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  sampleShop,
  waitReady,
} from './operator-support.ts';

const SHOP = 'drift';
let ns: TestNamespace;
let operator: RunningOperator;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-drift');
  await providePostgresVolume(ns.name, SHOP);
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '2' });
  await k(['apply', '-f', '-'], sampleShop(SHOP, ns.name));
  await waitReady(ns.name, SHOP);
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

const reconciles = () => operator.metric('dhakacart_operator_reconciles_total');

/** Waits for `count` more reconciles of the shop (resyncs every 2 s) and returns the writes they made. */
async function writesOver(count: number): Promise<number> {
  const writes = await operator.writes();
  const before = await reconciles();
  await eventually(`${count} reconciles`, async () => (await reconciles()) >= before + count, 60_000);
  return (await operator.writes()) - writes;
}

test('removing spec.ingress.host removes the host from the Ingress', async () => {
  const before = await getJson(['get', 'ingress', SHOP, '-n', ns.name]);
  assert.is(before.spec.rules[0].host, 'shop.example.com');
  await k([
    'patch',
    'dc',
    SHOP,
    '-n',
    ns.name,
    '--type=json',
    '-p',
    '[{"op":"remove","path":"/spec/ingress/host"}]',
  ]);
  await eventually('the host to leave the Ingress', async () => {
    const ingress = await getJson(['get', 'ingress', SHOP, '-n', ns.name]);
    return ingress.spec.rules.every((r: { host?: string }) => r.host === undefined);
  });
  await waitReady(ns.name, SHOP);
  assert.match(await eventsAbout(ns.name, SHOP, 'Updated'), `Updated Ingress ${SHOP} to the new spec`);
});

test("another manager's env variable is left alone, with no write on later resyncs", async () => {
  await k(['set', 'env', `deployment/${SHOP}-api`, '-n', ns.name, 'EXTRA=1']);
  // The edit rolls the API's pods (status follows that rollout); once they are all replaced and the shop
  // is Ready again, the operator writes nothing more.
  await eventually(
    'the rollout of the edited pods to finish',
    async () => {
      const d = await getJson(['get', 'deployment', `${SHOP}-api`, '-n', ns.name]);
      const s = d.status ?? {};
      return (
        s.observedGeneration === d.metadata.generation &&
        s.updatedReplicas === d.spec.replicas &&
        s.replicas === d.spec.replicas &&
        s.readyReplicas === d.spec.replicas
      );
    },
    60_000,
  );
  await waitReady(ns.name, SHOP);
  await writesOver(2);
  assert.is(await writesOver(5), 0, 'writes during five resyncs with the foreign edit present');
  const env = await k([
    'get',
    'deployment',
    `${SHOP}-api`,
    '-n',
    ns.name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="EXTRA")].value}',
  ]);
  assert.is(env, '1');
  assert.not.match(await eventsAbout(ns.name, SHOP, 'Repaired'), `Deployment ${SHOP}-api`);
});

test('a Deployment scaled below the spec minimum is scaled back, and said so', async () => {
  await k(['scale', `deployment/${SHOP}-storefront`, '-n', ns.name, '--replicas=0']);
  await eventually('the storefront to be scaled back to 2', async () => {
    const d = await getJson(['get', 'deployment', `${SHOP}-storefront`, '-n', ns.name]);
    return d.spec.replicas === 2;
  });
  assert.match(
    await eventsAbout(ns.name, SHOP, 'Repaired'),
    `Repaired Deployment ${SHOP}-storefront: scaled from 0 back to 2 replicas`,
  );
  await waitReady(ns.name, SHOP);
});

test('an upgrade is announced as Updated, never as a repair', async () => {
  await k(['patch', 'dc', SHOP, '-n', ns.name, '--type=merge', '-p', '{"spec":{"version":"1.4.1"}}']);
  await eventually(
    '1.4.1 to serve',
    async () => (await getShop(ns.name, SHOP)).status?.version === '1.4.1',
    90_000,
  );
  assert.match(await eventsAbout(ns.name, SHOP, 'Updated'), `Updated Deployment ${SHOP}-api to the new spec`);
  assert.not.match(await eventsAbout(ns.name, SHOP, 'Repaired'), 'dhakacart.io/version');
});

test('an object with a child name that the shop did not create is never adopted', async () => {
  const other = 'taken';
  await providePostgresVolume(ns.name, other);
  // A user's Service and Deployment with the names the shop's API would get.
  await k(['create', 'service', 'clusterip', `${other}-api`, '-n', ns.name, '--tcp=80:8080']);
  await k([
    'create',
    'deployment',
    `${other}-api`,
    '-n',
    ns.name,
    '--image=registry.k8s.io/pause:3.10',
    '--replicas=1',
    '--dry-run=client',
    '-o',
    'json',
  ]).then((json) => {
    const d = JSON.parse(json);
    d.spec.template.spec.securityContext = {
      runAsNonRoot: true,
      runAsUser: 65535,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    d.spec.template.spec.containers[0].securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    };
    return k(['apply', '-f', '-'], JSON.stringify(d));
  });
  const serviceBefore = await getJson(['get', 'service', `${other}-api`, '-n', ns.name]);
  await k(['apply', '-f', '-'], sampleShop(other, ns.name));
  await eventually('NameTaken in status', async () => {
    const ready = condition(await getShop(ns.name, other), 'Ready');
    return ready?.status === 'False' && ready.reason === 'NameTaken';
  });
  const shop = await getShop(ns.name, other);
  assert.match(condition(shop, 'Degraded')?.message ?? '', 'was not created by this shop');
  assert.match(
    await eventsAbout(ns.name, other, 'NameTaken'),
    'already exists and was not created by this shop',
  );
  // Untouched: same selector, no owner, and no autoscaler pointed at the user's Deployment.
  const service = await getJson(['get', 'service', `${other}-api`, '-n', ns.name]);
  assert.equal(service.spec.selector, serviceBefore.spec.selector);
  assert.is(service.metadata.ownerReferences, undefined);
  const deployment = await getJson(['get', 'deployment', `${other}-api`, '-n', ns.name]);
  assert.is(deployment.metadata.ownerReferences, undefined);
  assert.is(deployment.spec.template.spec.containers[0].image, 'registry.k8s.io/pause:3.10');
  const hpa = await k(['get', 'hpa', '-n', ns.name, '-o', 'name']);
  assert.not.match(hpa, `${other}-api`);
  // Once the user frees the names, the shop is made whole.
  await k(['delete', 'service', `${other}-api`, '-n', ns.name]);
  await k(['delete', 'deployment', `${other}-api`, '-n', ns.name]);
  await waitReady(ns.name, other, 90_000);
});

test.run();
