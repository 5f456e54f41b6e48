// The write path for one child, against a fake context: a converged child costs nothing; a spec change is
// an Update (and drops fields no longer sent, after moving the create's ownership to the apply); someone
// else's edit is a Repair; another manager's env variable is left alone.
import type { KubernetesObject, V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventInput, KubeClient } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { ensureChild, SPEC_HASH_ANNOTATION, withSpecHash } from './apply.ts';
import { type ReconcileContext, UserFixableError } from './context.ts';

const shop = { metadata: { name: 'eid', namespace: 'shop', uid: 'u1' }, spec: {} } as unknown as DhakaCart;
const ownerReferences = [
  { apiVersion: 'dhakacart.io/v1alpha1', kind: 'DhakaCart', name: 'eid', uid: 'u1', controller: true },
];

/** A context whose cache holds `live` and whose client records every call instead of sending it. */
function fakeContext(live: KubernetesObject[]) {
  const cache = new Map(live.map((o) => [`${o.kind}/${o.metadata?.name}`, o]));
  const calls: string[] = [];
  const events: EventInput[] = [];
  const informer = (kind: string) => ({
    get: (_ns: string, name: string) => cache.get(`${kind}/${name}`),
    wasDeleted: () => false,
    prime: (o: KubernetesObject) => cache.set(`${kind}/${o.metadata?.name}`, o),
  });
  const client = {
    create: async (o: KubernetesObject) => {
      calls.push(`create ${o.kind}`);
      return o;
    },
    apply: async (o: KubernetesObject) => {
      calls.push(`apply ${o.kind}`);
      return o;
    },
    moveCreateOwnershipToApply: async (o: KubernetesObject) => {
      calls.push(`ownership ${o.kind}`);
    },
    event: async (e: EventInput) => {
      events.push(e);
    },
  } as unknown as KubeClient;
  const ctx = {
    client,
    children: new Proxy({}, { get: (_t, kind: string) => informer(kind) }),
    log: () => {},
    now: () => new Date(0),
    randomHex: () => '00',
  } as unknown as ReconcileContext;
  return { ctx, calls, events, cache };
}

const configMap = (data: Record<string, string>): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'eid-config', namespace: 'shop', ownerReferences },
  data,
});

test('a missing child is created with the hash of its desired state', async () => {
  const { ctx, calls, events, cache } = fakeContext([]);
  assert.is(await ensureChild(ctx, shop, configMap({ a: '1' })), 'created');
  assert.equal(calls, ['create ConfigMap']);
  assert.is(events[0]?.reason, 'Created');
  assert.ok(cache.get('ConfigMap/eid-config')?.metadata?.annotations?.[SPEC_HASH_ANNOTATION]);
});

test('a child that matches its desired state is not written', async () => {
  const desired = configMap({ a: '1' });
  const { ctx, calls } = fakeContext([toWire(withSpecHash(desired))]);
  assert.is(await ensureChild(ctx, shop, desired), 'unchanged');
  assert.equal(calls, []);
});

test('a removed field is a spec change: applied as an Update, after the create ownership moved to apply', async () => {
  const before = toWire(withSpecHash(configMap({ a: '1', host: 'shop.example.com' })));
  // Created by POST and never applied since: the create still owns every field.
  before.metadata = {
    ...before.metadata,
    managedFields: [{ manager: 'dhakacart-operator', operation: 'Update' }],
  };
  const { ctx, calls, events } = fakeContext([before]);
  // Only a key goes away: nothing the operator still sends differs.
  assert.is(await ensureChild(ctx, shop, configMap({ a: '1' })), 'updated');
  assert.equal(calls, ['ownership ConfigMap', 'apply ConfigMap']);
  assert.is(events[0]?.reason, 'Updated');
});

test('an upgrade is announced as Updated, naming what changed, not as a repair', async () => {
  const deployment = (image: string): V1Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'eid-api',
      namespace: 'shop',
      ownerReferences,
      annotations: { 'dhakacart.io/version': image },
    },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { spec: { containers: [{ name: 'api', image: `ghcr.io/dhakacart/api:${image}` }] } },
    },
  });
  const { ctx, events } = fakeContext([toWire(withSpecHash(deployment('1.4.0')))]);
  await ensureChild(ctx, shop, deployment('1.5.0'));
  assert.is(events[0]?.reason, 'Updated');
  assert.match(
    events[0]?.message ?? '',
    /^Updated Deployment eid-api to the new spec: metadata\.annotations/,
  );
});

test("someone else's change to an owned value is Repaired; their extra env variable is left alone", async () => {
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'eid-api', namespace: 'shop', ownerReferences },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        spec: { containers: [{ name: 'api', image: 'a:1', env: [{ name: 'PORT', value: '3000' }] }] },
      },
    },
  };
  const converged = toWire(withSpecHash(deployment)) as V1Deployment;
  const withExtra = structuredClone(converged);
  withExtra.spec?.template.spec?.containers[0]?.env?.push({ name: 'EXTRA', value: '1' });
  const extra = fakeContext([withExtra]);
  assert.is(await ensureChild(extra.ctx, shop, deployment), 'unchanged');
  assert.equal(extra.calls, []);

  const edited = structuredClone(converged);
  const container = edited.spec?.template.spec?.containers[0];
  if (container) container.image = 'evil:1';
  const repair = fakeContext([edited]);
  assert.is(await ensureChild(repair.ctx, shop, deployment), 'updated');
  assert.equal(repair.calls, ['apply Deployment']);
  assert.is(repair.events[0]?.reason, 'Repaired');
  assert.match(repair.events[0]?.message ?? '', 'spec.template.spec.containers[0].image had been changed');
});

test('an object of the same name the shop did not create is never adopted: NameTaken, no write', async () => {
  const theirs = { ...configMap({ theirs: 'yes' }), metadata: { name: 'eid-config', namespace: 'shop' } };
  const { ctx, calls } = fakeContext([theirs]);
  const error = await ensureChild(ctx, shop, configMap({ a: '1' })).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.instance(error, UserFixableError);
  assert.is((error as UserFixableError).reason, 'NameTaken');
  assert.match(String(error), 'ConfigMap eid-config already exists and was not created by this shop');
  assert.equal(calls, []);
});

test.run();
