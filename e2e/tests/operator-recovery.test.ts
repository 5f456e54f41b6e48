// The operator after an API-server outage: the operator talks to an API server of its own (a second
// kube-apiserver on the cluster's etcd); stopping it for longer than the Lease makes the operator give up
// leadership and stop reconciling; started again, the operator leads again with a fresh controller, and
// self-heal works: a child deleted during the outage and one deleted afterwards are both put back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ApiServerReplica, startApiServerReplica } from '../src/cluster.ts';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  ensureCrd,
  eventsAbout,
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

const SHOP = 'outage';
let ns: TestNamespace;
let replica: ApiServerReplica;
let operator: RunningOperator;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-outage');
  replica = await startApiServerReplica();
  const kubeconfig = await serviceAccountKubeconfig(ns.name, await installChart(ns.name), replica.server);
  await providePostgresVolume(ns.name, SHOP);
  operator = await startOperator(kubeconfig, ns.name, { LEASE_DURATION_SECONDS: '6' });
  await k(['apply', '-f', '-'], sampleShop(SHOP, ns.name));
  await waitReady(ns.name, SHOP);
});

test.after(async () => {
  await operator?.stop();
  await replica?.stop();
  await ns?.delete();
});

const count = (text: string, msg: string) =>
  text.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
const healthz = async () => (await fetch(`http://127.0.0.1:${operator.port}/healthz`)).status;

test('after its API server was down, the operator leads again and puts back what was deleted', async () => {
  assert.is(await operator.metric('dhakacart_operator_leader'), 1);
  assert.is(count(operator.logs(), 'reconciling'), 1);

  await replica.stop();
  // Past its renew deadline the operator stops leading and its controller stops.
  await eventually(
    'the operator to give up leadership',
    async () => count(operator.logs(), 'lost leadership') === 1,
  );
  await eventually('its controller to stop', async () => count(operator.logs(), 'stopped reconciling') === 1);
  assert.is(await operator.metric('dhakacart_operator_leader'), 0);
  assert.is(await healthz(), 200, 'a replica that does not lead is healthy');
  // Deleted while nobody reconciles.
  await k(['delete', 'configmap', `${SHOP}-config`, '-n', ns.name]);
  // The outage lasts longer than the Lease.
  await new Promise((r) => setTimeout(r, 8_000));

  await replica.start();
  await eventually(
    'the operator to lead again',
    async () => (await operator.metric('dhakacart_operator_leader')) === 1,
  );
  await eventually(
    'a fresh controller to run',
    async () => count(operator.logs(), 'reconciling') === 2,
    60_000,
  );
  await eventually(
    'the ConfigMap deleted during the outage to be put back',
    async () => getJson(['get', 'configmap', `${SHOP}-config`, '-n', ns.name]).catch(() => undefined),
    30_000,
  );
  // And the new term's watches work: a child deleted now comes back too.
  const before = await getJson(['get', 'service', `${SHOP}-api`, '-n', ns.name]);
  await k(['delete', 'service', `${SHOP}-api`, '-n', ns.name, '--wait=false']);
  await eventually(
    'the Service deleted after the outage to be put back',
    async () => {
      const r = await getJson(['get', 'service', `${SHOP}-api`, '-n', ns.name]).catch(() => undefined);
      return r && r.metadata.uid !== before.metadata.uid;
    },
    30_000,
  );
  // The new term's caches never saw the ConfigMap go (it was created again as missing); the Service they
  // saw deleted is announced as restored.
  assert.match(await eventsAbout(ns.name, SHOP, 'Restored'), `Restored missing Service ${SHOP}-api`);
  assert.is(await healthz(), 200);
  await waitReady(ns.name, SHOP);
});

test.run();
