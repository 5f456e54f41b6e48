// Self-healing: every child deleted comes back; a hand edit to something the operator owns (an image, a
// probe, a NetworkPolicy rule) is put back; replica counts set by the autoscaler are left alone.
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
  // Redis keeps no data, so its password may be generated again (the pods that read it then roll); the
  // database's may not: see the test after this one.
  'secret/heal-redis-credentials',
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

const templateHash = async (deployment: string) =>
  (await getJson(['get', 'deployment', deployment, '-n', ns.name])).spec.template.metadata.annotations?.[
    'dhakacart.io/secrets-hash'
  ];

test('the database credentials deleted over its existing volume: reported, never generated again; restored, the shop is Ready', async () => {
  const saved = await getJson(['get', 'secret', 'heal-postgres-credentials', '-n', ns.name]);
  const apiHash = await templateHash('heal-api');
  await k(['delete', 'secret', 'heal-postgres-credentials', '-n', ns.name]);
  const shop = await eventually(
    'Ready=False CredentialsMissing',
    async () => {
      const s = await getShop(ns.name, SHOP);
      return condition(s, 'Ready')?.reason === 'CredentialsMissing' ? s : undefined;
    },
    30_000,
  );
  assert.is(condition(shop, 'Ready')?.status, 'False');
  assert.match(condition(shop, 'Ready')?.message ?? '', 'Secret heal-postgres-credentials');
  assert.match(condition(shop, 'Ready')?.message ?? '', 'docs/credentials.md');
  assert.match(await eventsAbout(ns.name, SHOP, 'CredentialsMissing'), 'is missing');
  await k(['get', 'secret', 'heal-postgres-credentials', '-n', ns.name]).then(
    () => assert.unreachable('the database credentials were generated again'),
    (error: Error) => assert.match(error.message, 'NotFound'),
  );
  // The API's pod template is left as it was, so no pod is started that could not log in.
  assert.is(await templateHash('heal-api'), apiHash);

  const { name, namespace, labels } = saved.metadata;
  await k(['create', '-f', '-'], JSON.stringify({ ...saved, metadata: { name, namespace, labels } }));
  await waitReady(ns.name, SHOP);
  assert.is(await templateHash('heal-api'), apiHash, 'the same password rolls nothing');
});

test('the database credentials are owned by the shop exactly while deletionPolicy is Delete', async () => {
  const owners = async () =>
    (await getJson(['get', 'secret', 'heal-postgres-credentials', '-n', ns.name])).metadata.ownerReferences;
  assert.is(await owners(), undefined, 'under Retain (the default) the credentials outlive the shop');
  const policy = (p: string) =>
    k([
      'patch',
      'dc',
      SHOP,
      '-n',
      ns.name,
      '--type=merge',
      '-p',
      // A change to Delete must be confirmed with the shop's name (admission); the confirmation goes with it.
      JSON.stringify({
        spec: { database: { deletionPolicy: p, confirmDataDeletion: p === 'Delete' ? SHOP : null } },
      }),
    ]);
  await policy('Delete');
  await eventually(
    'the shop to own its credentials',
    async () => (await owners())?.[0]?.kind === 'DhakaCart',
  );
  await policy('Retain');
  await eventually('the credentials to have no owner again', async () => (await owners()) === undefined);
  await waitReady(ns.name, SHOP);
});

test('a changed Secret rolls the pods that read it, and only those', async () => {
  const before = { api: await templateHash('heal-api'), redis: await templateHash('heal-redis') };
  assert.ok(before.api && before.redis, 'both read Secrets and carry the hash');
  await k([
    'patch',
    'secret',
    'heal-redis-credentials',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"stringData":{"password":"changed-by-hand"}}',
  ]);
  await eventually(
    'the API and Redis pod templates to follow the Secret',
    async () =>
      (await templateHash('heal-api')) !== before.api && (await templateHash('heal-redis')) !== before.redis,
    30_000,
  );
  assert.is(await templateHash('heal-storefront'), undefined, 'the storefront reads no Secret');
  await waitReady(ns.name, SHOP);
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
