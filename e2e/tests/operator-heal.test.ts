// Self-healing: every child deleted comes back; a hand edit to something the operator owns (an image, a
// probe, a NetworkPolicy rule) is put back; replica counts set by the autoscaler are left alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import {
  ensureCrd,
  eventsAbout,
  getJson,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  sampleShop,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;
const SHOP = 'heal';

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-heal');
  await providePostgresVolume(ns.name, SHOP);
  operator = await operatorAsServiceAccount(ns.name);
  await k(['apply', '-f', '-'], sampleShop(SHOP, ns.name));
  await waitReady(ns.name, SHOP);
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

const children = [
  'deployment/heal-api',
  'deployment/heal-storefront',
  'deployment/heal-redis',
  'statefulset/heal-postgres',
  'service/heal-api',
  'service/heal-storefront',
  'service/heal-postgres',
  'service/heal-redis',
  'serviceaccount/heal-api',
  'horizontalpodautoscaler/heal-api',
  'horizontalpodautoscaler/heal-storefront',
  'poddisruptionbudget/heal-api',
  'poddisruptionbudget/heal-storefront',
  'ingress/heal',
  'networkpolicy/heal-default-deny',
  'networkpolicy/heal-allow-dns',
  'networkpolicy/heal-postgres',
  'configmap/heal-config',
  'secret/heal-postgres-credentials',
];

test('each child deleted is put back', async () => {
  for (const child of children) {
    const before = await getJson(['get', child, '-n', ns.name]);
    await k(['delete', child, '-n', ns.name, '--wait=false']);
    await eventually(
      `${child} to be put back`,
      async () => {
        const r = await getJson(['get', child, '-n', ns.name]).catch(() => undefined);
        return r && r.metadata.uid !== before.metadata.uid && !r.metadata.deletionTimestamp;
      },
      30_000,
    );
  }
  await waitReady(ns.name, SHOP);
  const events = await eventsAbout(ns.name, SHOP, 'Restored');
  assert.match(events, 'Restored missing Deployment heal-api');
});

test('generated Secrets are never rewritten by later reconciles', async () => {
  const before = await getJson(['get', 'secret', 'heal-redis-credentials', '-n', ns.name]);
  await k([
    'patch',
    'dc',
    SHOP,
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"api":{"replicas":{"max":61}}}}',
  ]);
  await waitReady(ns.name, SHOP);
  const after = await getJson(['get', 'secret', 'heal-redis-credentials', '-n', ns.name]);
  assert.is(after.data.password, before.data.password);
  assert.is(after.metadata.resourceVersion, before.metadata.resourceVersion);
});

test('a hand-edited image, probe and NetworkPolicy rule are put back', async () => {
  await k(['set', 'image', 'deployment/heal-api', '-n', ns.name, 'api=evil.example/api:latest']);
  await k([
    'patch',
    'deployment',
    'heal-storefront',
    '-n',
    ns.name,
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/httpGet/path","value":"/nope"}]',
  ]);
  await k([
    'patch',
    'networkpolicy',
    'heal-postgres',
    '-n',
    ns.name,
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":1}]',
  ]);
  await eventually(
    'the API image to be put back',
    async () => {
      const d = await getJson(['get', 'deployment', 'heal-api', '-n', ns.name]);
      return d.spec.template.spec.containers[0].image === 'ghcr.io/dhakacart/api:1.4.0';
    },
    30_000,
  );
  await eventually(
    'the storefront probe to be put back',
    async () => {
      const d = await getJson(['get', 'deployment', 'heal-storefront', '-n', ns.name]);
      return d.spec.template.spec.containers[0].readinessProbe.httpGet.path === '/';
    },
    30_000,
  );
  await eventually(
    'the NetworkPolicy rule to be put back',
    async () => {
      const p = await getJson(['get', 'networkpolicy', 'heal-postgres', '-n', ns.name]);
      return p.spec.ingress[0].ports[0].port === 5432;
    },
    30_000,
  );
  const events = await eventsAbout(ns.name, SHOP, 'Repaired');
  assert.match(events, 'Repaired Deployment heal-api');
});

test('replica counts set by the autoscaler are left alone', async () => {
  // `kubectl scale` writes the scale subresource, exactly as the HorizontalPodAutoscaler does.
  await k(['scale', 'deployment/heal-api', '-n', ns.name, '--replicas=5']);
  const deploymentWrites = () => operator.metric('dhakacart_operator_api_writes_total', 'kind="Deployment"');
  const writes = await deploymentWrites();
  await eventually(
    'the operator to see the change',
    async () => {
      const d = await getJson(['get', 'deployment', 'heal-api', '-n', ns.name]);
      return d.status.readyReplicas === 5;
    },
    30_000,
  );
  await waitReady(ns.name, SHOP);
  await new Promise((r) => setTimeout(r, 2000));
  const d = await getJson(['get', 'deployment', 'heal-api', '-n', ns.name]);
  assert.is(d.spec.replicas, 5);
  // Status follows the new count; the Deployment itself is not written.
  assert.is(await deploymentWrites(), writes, 'writes to Deployments');
  assert.match(await k(['get', 'dc', SHOP, '-n', ns.name]), '5/5');
});

test.run();
