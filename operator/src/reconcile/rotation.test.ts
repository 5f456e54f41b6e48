// A password rotation step by step, against a fake context: each call takes one step and leaves a record,
// so an operator killed between any two calls carries on; a failed Job is reported and the pending password is
// reused by the next request, never replaced.
import type { KubernetesObject, V1Job, V1Secret } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  NEXT_PASSWORD_KEY,
  ROTATE_ANNOTATION,
  ROTATED_ANNOTATION,
  rotationJobName,
} from '../desired/rotation-job.ts';
import { sample } from '../fixtures/shops.ts';
import type { EventInput, KubeClient } from '../kube/client.ts';
import type { DhakaCart } from '../types.ts';
import type { ReconcileContext } from './context.ts';
import { fakeCluster } from './fake-cluster.ts';
import { reconcileRotation } from './rotation.ts';
import { reconcileShop } from './shop.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString();

/** RFC 7386 merge patch, enough for the patches the rotation sends. */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (typeof value === 'object' && !Array.isArray(value))
      out[key] = merge((out[key] as Record<string, unknown>) ?? {}, value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

function fakeContext() {
  const cache = new Map<string, KubernetesObject>();
  const events: EventInput[] = [];
  const calls: string[] = [];
  const key = (kind: string | undefined, name: string | undefined) => `${kind}/${name}`;
  cache.set(key('Secret', 'eid-sale-postgres-credentials'), {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'eid-sale-postgres-credentials', namespace: 'shop', labels: {} },
    data: { username: b64('dhakacart'), password: b64('old') },
  } as V1Secret);
  const informer = (kind: string) => ({
    get: (_ns: string, name: string) => cache.get(key(kind, name)),
    list: () => [...cache.values()].filter((o) => o.kind === kind),
    prime: (o: KubernetesObject) => cache.set(key(kind, o.metadata?.name), o),
  });
  const client = {
    create: async (o: KubernetesObject) => {
      calls.push(`create ${o.kind} ${o.metadata?.name}`);
      return o;
    },
    mergePatch: async (o: KubernetesObject, patch: Record<string, unknown>) => {
      calls.push(`patch ${o.kind}`);
      const live = cache.get(key(o.kind, o.metadata?.name)) as unknown as Record<string, unknown>;
      return merge(live, patch);
    },
    delete: async (o: KubernetesObject) => {
      calls.push(`delete ${o.kind} ${o.metadata?.name}`);
      cache.delete(key(o.kind, o.metadata?.name));
    },
    event: async (e: EventInput) => {
      events.push(e);
    },
  } as unknown as KubeClient;
  let n = 0;
  const ctx = {
    client,
    children: new Proxy({}, { get: (_t, kind: string) => informer(kind) }),
    log: () => {},
    now: () => new Date(0),
    randomHex: () => `new${++n}`,
  } as unknown as ReconcileContext;
  const secret = () => cache.get(key('Secret', 'eid-sale-postgres-credentials')) as V1Secret;
  const job = (request: string) =>
    cache.get(key('Job', rotationJobName(sample, request))) as V1Job | undefined;
  return { ctx, events, calls, secret, job };
}

const asked = (request: string): DhakaCart => ({
  ...sample,
  metadata: { ...sample.metadata, annotations: { [ROTATE_ANNOTATION]: request } },
});
const finish = (job: V1Job | undefined, type: 'Complete' | 'Failed') => {
  if (job) job.status = { conditions: [{ type, status: 'True', message: `${type} for the test` }] };
};

test('no request, nothing happens', async () => {
  const { ctx, calls } = fakeContext();
  assert.equal(await reconcileRotation(ctx, sample, true), { phase: 'Idle' });
  assert.equal(calls, []);
});

test('a request: new password kept aside, Job, then the Secret switches and the request is recorded', async () => {
  const { ctx, calls, secret, job, events } = fakeContext();
  const shop = asked('r1');
  // The database is not ready: the new password is stored first, and no Job runs yet.
  assert.is((await reconcileRotation(ctx, shop, false)).phase, 'Running');
  assert.is(text(secret().data?.['next-password']), 'new1');
  assert.is(text(secret().data?.password), 'old');
  assert.is(job('r1'), undefined);
  // A restart here (a new call) reuses the stored password and starts the Job.
  assert.is((await reconcileRotation(ctx, shop, true)).phase, 'Running');
  assert.is(text(secret().data?.['next-password']), 'new1');
  assert.ok(job('r1'), 'the Job exists');
  assert.is((await reconcileRotation(ctx, shop, true)).phase, 'Running', 'the Job still runs');
  finish(job('r1'), 'Complete');
  assert.equal(await reconcileRotation(ctx, shop, true), { phase: 'Idle' });
  assert.is(text(secret().data?.password), 'new1');
  assert.is(secret().data?.['next-password'], undefined);
  assert.is(secret().metadata?.annotations?.[ROTATED_ANNOTATION], 'r1');
  assert.is(job('r1'), undefined, 'the finished Job is removed');
  assert.equal(
    events.map((e) => e.reason),
    ['RotationStarted', 'CredentialsRotated'],
  );
  // Done: later reconciles write nothing.
  const writes = calls.length;
  assert.equal(await reconcileRotation(ctx, shop, true), { phase: 'Idle' });
  assert.is(calls.length, writes);
});

test('a failed Job is reported and the old password stays; asked again, the pending password is reused', async () => {
  const { ctx, secret, job } = fakeContext();
  await reconcileRotation(ctx, asked('r1'), true);
  await reconcileRotation(ctx, asked('r1'), true);
  finish(job('r1'), 'Failed');
  const failed = await reconcileRotation(ctx, asked('r1'), true);
  assert.is(failed.phase, 'Failed');
  if (failed.phase === 'Failed') {
    assert.is(failed.error.reason, 'RotationFailed');
    assert.match(failed.error.message, `Set ${ROTATE_ANNOTATION} to a new value`);
  }
  assert.is(text(secret().data?.password), 'old');
  await reconcileRotation(ctx, asked('r2'), true);
  assert.is(text(secret().data?.['next-password']), 'new1', 'never replaced while pending');
  finish(job('r2'), 'Complete');
  await reconcileRotation(ctx, asked('r2'), true);
  assert.is(text(secret().data?.password), 'new1');
});

// The annotation is an edit of the shop like any other: when it lands while a pass is writing the shop's status,
// the status write must not put the shop as that pass read it (without the request) back into the cache, or no
// later pass would ever see the request (its watch event has been handled already).
test('a rotation asked for while a pass writes the shop status is started by the next pass', async () => {
  const c = fakeCluster(sample);
  c.duringNextStatusWrite(() =>
    c.editShop((shop) => {
      shop.metadata.annotations = { ...shop.metadata.annotations, [ROTATE_ANNOTATION]: 'during-status' };
    }),
  );
  await reconcileShop(c.ctx, `${sample.metadata.namespace}/${sample.metadata.name}`);
  assert.is(
    c.shop().metadata.annotations?.[ROTATE_ANNOTATION],
    'during-status',
    'the request is in the cache',
  );
  await reconcileShop(c.ctx, `${sample.metadata.namespace}/${sample.metadata.name}`);
  const credentials = c.live<V1Secret>('Secret', 'eid-sale-postgres-credentials');
  assert.ok(credentials?.data?.[NEXT_PASSWORD_KEY], 'the new password is kept aside');
  assert.ok(
    c.events.some((e) => e.reason === 'RotationStarted'),
    'the rotation is announced',
  );
});

test.run();
