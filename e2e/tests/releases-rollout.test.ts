// Releases on the local control plane: a version bump rolls with no capacity lost at any moment; a version
// that never becomes Ready (kwok's `-unready` test hook) is rolled back within the progress deadline with
// Degraded=RolledBack and an Event, and is not retried until the spec changes; blue/green switches only to a
// ready colour and goes back instantly.
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace, testCluster } from '../src/harness.ts';
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
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;

const shopYaml = (name: string, version: string, rollout: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace: ns.name },
    spec: {
      version,
      api: { replicas: { min: 3, max: 6 } },
      storefront: { replicas: { min: 2, max: 4 } },
      ingress: { enabled: false },
      rollout,
    },
  });

const setVersion = (name: string, version: string) =>
  k(['patch', 'dc', name, '-n', ns.name, '--type', 'merge', '-p', JSON.stringify({ spec: { version } })]);

interface DeploymentState {
  name: string;
  replicas: number;
  available: number;
  image: string;
}

/** Watches the namespace's Deployments and records every state the API server reports. */
async function recordDeployments(): Promise<{ states: DeploymentState[]; stop: () => void }> {
  const { info } = await testCluster();
  const kc = new KubeConfig();
  kc.loadFromFile(info.kubeconfig);
  const states: DeploymentState[] = [];
  const request = await new Watch(kc).watch(
    `/apis/apps/v1/namespaces/${ns.name}/deployments`,
    {},
    (_type, d) =>
      states.push({
        name: d.metadata.name,
        replicas: d.spec.replicas,
        available: d.status?.availableReplicas ?? 0,
        image: d.spec.template.spec.containers[0].image,
      }),
    () => undefined,
  );
  return { states, stop: () => request.abort() };
}

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('releases');
  for (const shop of ['roll', 'bg']) await providePostgresVolume(ns.name, shop);
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '5' });
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

test('a version bump rolls the API and storefront with no unavailable replica at any moment', async () => {
  await k(['apply', '-f', '-'], shopYaml('roll', '1.4.0', { progressDeadlineSeconds: 30 }));
  const ready = await waitReady(ns.name, 'roll', 90_000);
  assert.is(ready.status?.version, '1.4.0');
  const watch = await recordDeployments();
  await setVersion('roll', '1.5.0');
  const after = await eventually(
    'the shop to serve 1.5.0',
    async () => {
      const shop = await getShop(ns.name, 'roll');
      return shop.status?.version === '1.5.0' && condition(shop, 'Ready')?.status === 'True'
        ? shop
        : undefined;
    },
    90_000,
  );
  watch.stop();
  assert.is((after.status as Record<string, unknown>).lastGoodVersion, '1.5.0');
  const api = watch.states.filter((s) => s.name === 'roll-api');
  assert.ok(
    api.some((s) => s.image.endsWith(':1.5.0')),
    'the watch saw the rollout',
  );
  for (const s of watch.states.filter((s) => s.name === 'roll-api' || s.name === 'roll-storefront'))
    assert.ok(
      s.available >= s.replicas,
      `${s.name}: ${s.available} of ${s.replicas} available at one moment`,
    );
});

test('a version that never becomes ready is rolled back within the deadline, with Degraded=RolledBack and an Event', async () => {
  const watch = await recordDeployments();
  await setVersion('roll', '1.6.0-unready');
  const rolledBack = await eventually(
    'the rollback',
    async () => {
      const shop = await getShop(ns.name, 'roll');
      const degraded = condition(shop, 'Degraded');
      return degraded?.status === 'True' && degraded.reason === 'RolledBack' ? shop : undefined;
    },
    120_000,
  );
  // Whichever noticed first: the operator's clock or the Deployment controller's ProgressDeadlineExceeded.
  assert.match(
    condition(rolledBack, 'Degraded')?.message ?? '',
    /1\.6\.0-unready (did not become available within 30s|exceeded its progress deadline); rolled back to 1\.5\.0/,
  );
  assert.is(rolledBack.status?.version, '1.5.0', 'status.version is what serves now');
  const api = await eventually(
    'the API back on 1.5.0 with every pod ready',
    async () => {
      const d = await getJson(['get', 'deployment', 'roll-api', '-n', ns.name]);
      const image = d.spec.template.spec.containers[0].image;
      return image.endsWith(':1.5.0') &&
        d.status.updatedReplicas === d.spec.replicas &&
        d.status.availableReplicas === d.spec.replicas &&
        (d.status.replicas ?? 0) === d.spec.replicas
        ? d
        : undefined;
    },
    60_000,
  );
  assert.is(api.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.5.0');
  watch.stop();
  for (const s of watch.states.filter((s) => s.name === 'roll-api' || s.name === 'roll-storefront'))
    assert.ok(
      s.available >= s.replicas,
      `${s.name}: ${s.available} of ${s.replicas} available at one moment`,
    );
  const events = await eventsAbout(ns.name, 'roll', 'RolledBack');
  assert.match(events, 'Version 1.6.0-unready rolled back');

  // Not retried: through several resyncs the API keeps 1.5.0.
  await new Promise((r) => setTimeout(r, 12_000));
  const still = await getJson(['get', 'deployment', 'roll-api', '-n', ns.name]);
  assert.is(still.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.is(condition(await getShop(ns.name, 'roll'), 'Degraded')?.reason, 'RolledBack');

  // A spec change (a fixed version) releases again and clears Degraded.
  await setVersion('roll', '1.6.1');
  const fixed = await eventually(
    '1.6.1 to serve',
    async () => {
      const shop = await getShop(ns.name, 'roll');
      return shop.status?.version === '1.6.1' && condition(shop, 'Degraded')?.status === 'False'
        ? shop
        : undefined;
    },
    90_000,
  );
  assert.is((fixed.status as Record<string, unknown>).lastGoodVersion, '1.6.1');
});

const colourOf = async (service: string) =>
  (await getJson(['get', 'service', service, '-n', ns.name])).spec.selector['dhakacart.io/colour'];
const podNames = async (colour: string) =>
  (
    await getJson<{ items: { metadata: { name: string } }[] }>([
      'get',
      'pods',
      '-n',
      ns.name,
      '-l',
      `app.kubernetes.io/instance=bg,app.kubernetes.io/component=api,dhakacart.io/colour=${colour}`,
    ])
  ).items
    .map((p) => p.metadata.name)
    .sort();

test('blue/green: the new colour comes up beside the old one, the Services switch, and going back is instant', async () => {
  await k(
    ['apply', '-f', '-'],
    shopYaml('bg', '1.4.0', {
      strategy: 'BlueGreen',
      progressDeadlineSeconds: 60,
      blueGreen: { scaleDownDelaySeconds: 600 },
    }),
  );
  await waitReady(ns.name, 'bg', 90_000);
  assert.is(await colourOf('bg-api'), 'blue');
  const blue = await getJson(['get', 'deployment', 'bg-api-blue', '-n', ns.name]);
  assert.is(blue.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.4.0');
  const bluePods = await podNames('blue');
  assert.is(bluePods.length, 3);

  await setVersion('bg', '1.5.0');
  await eventually(
    'the switch to green',
    async () => {
      const shop = await getShop(ns.name, 'bg');
      return shop.status?.version === '1.5.0' && (await colourOf('bg-api')) === 'green' ? shop : undefined;
    },
    90_000,
  );
  assert.is(await colourOf('bg-storefront'), 'green', 'both Services switch together');
  const green = await getJson(['get', 'deployment', 'bg-api-green', '-n', ns.name]);
  assert.is(green.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.is(green.status.availableReplicas, 3, 'the new colour came up at full capacity');
  const hpa = await getJson(['get', 'hpa', 'bg-api', '-n', ns.name]);
  assert.is(hpa.spec.scaleTargetRef.name, 'bg-api-green');
  assert.equal(await podNames('blue'), bluePods, 'the old colour keeps its pods for the delay');

  // Going back within the delay: the Services switch to the pods that are already running.
  await setVersion('bg', '1.4.0');
  await eventually('the switch back to blue', async () => (await colourOf('bg-api')) === 'blue', 30_000);
  assert.equal(await podNames('blue'), bluePods, 'no new pod was needed to go back');
  // The switch did not wait for anything; the shop reports 1.4.0 (and Ready, once the migration gate of
  // 1.4.0 has run again) shortly after.
  await eventually(
    'status.version 1.4.0 and Ready',
    async () => {
      const shop = await getShop(ns.name, 'bg');
      return shop.status?.version === '1.4.0' && condition(shop, 'Ready')?.status === 'True'
        ? shop
        : undefined;
    },
    60_000,
  );
  const events = await eventsAbout(ns.name, 'bg', 'Switched');
  assert.match(events, 'Traffic switched to the blue colour');
});

test('changing the strategy to BlueGreen moves the shop onto a colour and removes the plain Deployments', async () => {
  await k([
    'patch',
    'dc',
    'roll',
    '-n',
    ns.name,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { rollout: { strategy: 'BlueGreen' } } }),
  ]);
  await eventually(
    'the plain Deployments to go',
    async () => {
      const names = (
        await getJson<{ items: { metadata: { name: string } }[] }>(['get', 'deployments', '-n', ns.name])
      ).items.map((d) => d.metadata.name);
      return (
        !names.includes('roll-api') && !names.includes('roll-storefront') && names.includes('roll-api-blue')
      );
    },
    90_000,
  );
  assert.is(await colourOf('roll-api'), 'blue');
  const blue = await getJson(['get', 'deployment', 'roll-api-blue', '-n', ns.name]);
  assert.is(blue.status.availableReplicas, 3);
  assert.is(blue.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.6.1');
  const shop = await waitReady(ns.name, 'roll', 60_000);
  assert.is(shop.status?.version, '1.6.1');
});

test.run();
