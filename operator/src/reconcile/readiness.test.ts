// Readiness policies against observed objects: what `kubectl get dc` would say.
import type { V1Deployment, V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeConditions } from '../conditions.ts';
import {
  databaseReadiness,
  deploymentReadiness,
  readyEndpoints,
  summaryConditions,
  withServiceEndpoints,
} from './readiness.ts';

const deployment = (
  spec: number,
  status: Partial<NonNullable<V1Deployment['status']>>,
  generation = 1,
): V1Deployment => ({
  metadata: { name: 'x', generation },
  spec: { replicas: spec, selector: {}, template: {} },
  status: { observedGeneration: generation, ...status },
});

test('a Deployment with every replica updated and ready is ready', () => {
  const r = deploymentReadiness(
    'ApiReady',
    deployment(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }),
  );
  assert.is(r.condition.status, 'True');
  assert.equal(r.replicas, { ready: 3, desired: 3 });
});

test('a rollout in progress, a stalled rollout and a missing Deployment are not ready, with reasons', () => {
  assert.is(
    deploymentReadiness('ApiReady', deployment(3, { replicas: 4, updatedReplicas: 1, readyReplicas: 3 }))
      .condition.reason,
    'RolloutInProgress',
  );
  const stalled = deploymentReadiness(
    'ApiReady',
    deployment(3, {
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 1,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "x" has timed out progressing.',
        },
      ],
    }),
  );
  assert.is(stalled.condition.reason, 'ProgressDeadlineExceeded');
  assert.is(stalled.failed, true);
  assert.is(deploymentReadiness('ApiReady', undefined).condition.reason, 'NotCreated');
});

test('a Deployment scaled below the spec minimum is not ready, even with every pod it asks for ready', () => {
  const scaledToZero = deployment(0, {
    replicas: 0,
    updatedReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
  });
  assert.is(
    deploymentReadiness('StorefrontReady', scaledToZero).condition.status,
    'True',
    'without a minimum',
  );
  const r = deploymentReadiness('StorefrontReady', scaledToZero, [], 2);
  assert.is(r.condition.status, 'False');
  assert.is(r.condition.reason, 'BelowMinimum');
  assert.is(r.condition.message, "0/0 pods ready, fewer than the spec's minimum of 2");
});

test('a bad image is named in the condition', () => {
  const pod: V1Pod = {
    metadata: { name: 'x-1' },
    status: {
      containerStatuses: [
        {
          name: 'api',
          image: 'ghcr.io/dhakacart/api:9.9.9',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff', message: 'not found' } },
        },
      ],
    },
  };
  const r = deploymentReadiness(
    'ApiReady',
    deployment(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 0 }),
    [pod],
  );
  assert.is(r.condition.reason, 'ImagePullFailed');
  assert.match(r.condition.message, 'ghcr.io/dhakacart/api:9.9.9');
  assert.is(r.failed, true);
});

test('PostgreSQL waiting for a volume says so', () => {
  const r = databaseReadiness(
    { metadata: { generation: 1 }, status: { replicas: 1, readyReplicas: 0, observedGeneration: 1 } },
    { status: { phase: 'Pending' } },
    'data-x-postgres-0',
  );
  assert.is(r.condition.reason, 'VolumePending');
  assert.match(r.condition.message, 'data-x-postgres-0');
});

test('Ready is the conjunction of components; a user error names the reason and marks Degraded', () => {
  const ok = { type: 'ApiReady', status: 'True' as const, reason: 'PodsReady', message: '3/3' };
  const no = { type: 'DatabaseReady', status: 'False' as const, reason: 'VolumePending', message: 'pending' };
  const all = summaryConditions({
    components: [ok],
    userErrors: [],
    failed: false,
    rollingOut: false,
    servingVersion: '1.4.0',
    wantedVersion: '1.4.0',
  });
  assert.equal(
    all.slice(0, 3).map((c) => [c.type, c.status]),
    [
      ['Ready', 'True'],
      ['Progressing', 'False'],
      ['Degraded', 'False'],
    ],
  );
  const waiting = summaryConditions({
    components: [ok, no],
    userErrors: [],
    failed: false,
    rollingOut: false,
    servingVersion: undefined,
    wantedVersion: '1.4.0',
  });
  assert.is(waiting[0]?.reason, 'VolumePending');
  assert.is(waiting[2]?.status, 'False');
  const secret = summaryConditions({
    components: [ok],
    userErrors: [{ reason: 'SecretNotFound', message: 'Secret admin does not exist' }],
    failed: false,
    rollingOut: false,
    servingVersion: '1.4.0',
    wantedVersion: '1.4.0',
  });
  assert.is(secret[0]?.reason, 'SecretNotFound');
  assert.is(secret[2]?.status, 'True');
});

test('conditions keep their transition time while their status holds', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const first = mergeConditions(
    undefined,
    [{ type: 'Ready', status: 'False', reason: 'A', message: 'a' }],
    1,
    t0,
  );
  const same = mergeConditions(
    first,
    [{ type: 'Ready', status: 'False', reason: 'B', message: 'b' }],
    1,
    new Date('2026-01-01T00:05:00Z'),
  );
  assert.is(same[0]?.lastTransitionTime, '2026-01-01T00:00:00Z');
  const flipped = mergeConditions(
    same,
    [{ type: 'Ready', status: 'True', reason: 'C', message: 'c' }],
    1,
    new Date('2026-01-01T00:06:00Z'),
  );
  assert.is(flipped[0]?.lastTransitionTime, '2026-01-01T00:06:00Z');
});

const slice = (service: string, ready: (boolean | undefined)[]): V1EndpointSlice => ({
  addressType: 'IPv4',
  metadata: { name: `${service}-x`, labels: { 'kubernetes.io/service-name': service } },
  endpoints: ready.map((r, i) => ({
    addresses: [`10.244.0.${i + 2}`],
    conditions: r === undefined ? {} : { ready: r },
  })),
});
const readyApi = () =>
  deploymentReadiness(
    'ApiReady',
    deployment(2, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }),
    [],
    2,
  );

test('ready endpoints are counted per Service; an endpoint with no ready condition counts as ready', () => {
  const slices = [slice('shop-api', [true, false, undefined]), slice('shop-storefront', [true])];
  assert.is(readyEndpoints('shop-api', slices), 2);
  assert.is(readyEndpoints('shop-storefront', slices), 1);
  assert.is(readyEndpoints('other', slices), 0);
});

test('ready pods behind a Service with no ready endpoint are not ready: shoppers would get nothing', () => {
  const none = withServiceEndpoints(readyApi(), 'shop-api', [slice('shop-api', [false, false])]);
  assert.is(none.condition.status, 'False');
  assert.is(none.condition.reason, 'NoEndpoints');
  assert.match(none.condition.message, '2/2 pods ready, but Service shop-api has no ready endpoint');
  assert.is(withServiceEndpoints(readyApi(), 'shop-api', []).condition.reason, 'NoEndpoints');
  const some = withServiceEndpoints(readyApi(), 'shop-api', [slice('shop-api', [false, true])]);
  assert.is(some.condition.status, 'True');
  // What is not ready already keeps its own, more precise reason.
  const below = deploymentReadiness(
    'StorefrontReady',
    deployment(0, { replicas: 0, updatedReplicas: 0, readyReplicas: 0 }),
    [],
    2,
  );
  assert.is(withServiceEndpoints(below, 'shop-storefront', []).condition.reason, 'BelowMinimum');
});

test('a component scaled to 0 under a minimum of 20 is never Ready with 0/0 pods', () => {
  const scaled = deploymentReadiness('StorefrontReady', deployment(0, { replicas: 0 }), [], 20);
  assert.is(scaled.condition.status, 'False');
  assert.match(scaled.condition.message, "0/0 pods ready, fewer than the spec's minimum of 20");
  const summary = summaryConditions({
    components: [scaled.condition],
    userErrors: [],
    failed: false,
    rollingOut: false,
    servingVersion: '1.4.0',
    wantedVersion: '1.4.0',
  });
  assert.is(summary[0]?.status, 'False');
  assert.is(summary[0]?.reason, 'BelowMinimum');
});

test.run();
