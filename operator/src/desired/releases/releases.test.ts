// Release rules as the platform engineer relies on them: a bad version is rolled back to the last good one
// and not retried until the spec changes; blue/green switches only to a ready, checked colour and goes back
// instantly while the old colour still runs.
import type { V1Deployment, V1Service, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../../fixtures/shops.ts';
import { desiredChildren } from '../children.ts';
import { VERSION_ANNOTATION } from '../meta.ts';
import { blueGreenChildren, COLOUR_LABEL, planBlueGreen } from './blue-green.ts';
import {
  deploymentRollout,
  judgeRollout,
  nextLastGood,
  nextReleaseStatus,
  type RolloutObservation,
  releaseTarget,
} from './policy.ts';
import { desiredSmokeJob, smokeUrl } from './smoke-job.ts';
import { rolloutSpec } from './spec.ts';

const at = (iso: string) => new Date(iso);
const now = at('2026-11-24T21:00:00Z');

test('target: spec.version normally; the last good version after that version was rolled back', () => {
  assert.equal(releaseTarget('1.5.0', 7, {}, '1.4.0'), { target: '1.5.0', blocked: false });
  const rolledBack = { failedVersion: '1.5.0', failedGeneration: 7 };
  assert.equal(releaseTarget('1.5.0', 7, rolledBack, '1.4.0'), { target: '1.4.0', blocked: true });
  assert.equal(
    releaseTarget('1.5.0', 8, rolledBack, '1.4.0'),
    { target: '1.5.0', blocked: false },
    'spec changed',
  );
  assert.equal(releaseTarget('1.5.1', 8, rolledBack, '1.4.0'), { target: '1.5.1', blocked: false });
});

const deployment = (version: string, status: V1Deployment['status'], generation = 3): V1Deployment => ({
  metadata: { generation, annotations: { [VERSION_ANNOTATION]: version } },
  spec: { replicas: 3 } as V1Deployment['spec'],
  status: { observedGeneration: generation, ...status },
});

test('a Deployment is available only when every pod runs the version and is ready', () => {
  assert.is(deploymentRollout(undefined, '1.5.0'), 'Missing');
  assert.is(deploymentRollout(deployment('1.4.0', {}), '1.5.0'), 'Progressing', 'not yet updated');
  assert.is(
    deploymentRollout(
      deployment('1.5.0', { replicas: 4, updatedReplicas: 1, availableReplicas: 3 }),
      '1.5.0',
    ),
    'Progressing',
    'surge pod not ready: the old pods still serve',
  );
  assert.is(
    deploymentRollout(
      deployment('1.5.0', { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      '1.5.0',
    ),
    'Available',
  );
  assert.is(
    deploymentRollout(
      deployment('1.5.0', {
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: '' },
        ],
      }),
      '1.5.0',
    ),
    'Stalled',
  );
  assert.is(
    deploymentRollout(
      {
        ...deployment('1.5.0', { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 3),
        metadata: { generation: 4, annotations: { [VERSION_ANNOTATION]: '1.5.0' } },
      },
      '1.5.0',
    ),
    'Progressing',
    'the controller has not seen the latest spec',
  );
});

const judge = (
  observation: RolloutObservation,
  startedAt = '2026-11-24T20:59:00Z',
  lastGood: string | null = '1.4.0',
) =>
  judgeRollout({
    choice: { target: '1.5.0', blocked: false },
    lastGood: lastGood ?? undefined,
    observation,
    startedAt: at(startedAt),
    deadlineSeconds: 120,
    now,
  });

test('judge: steady once available; progressing within the deadline', () => {
  assert.equal(judge({ available: true }), { kind: 'Steady' });
  assert.is(judge({ available: false }).kind, 'Progressing');
});

test('judge: not available within the progress deadline ⇒ roll back to the last good version', () => {
  const verdict = judge({ available: false }, '2026-11-24T20:57:59Z');
  assert.is(verdict.kind, 'RollBack');
  assert.ok(verdict.kind === 'RollBack' && verdict.to === '1.4.0');
  assert.match(
    (verdict as { message: string }).message,
    /1\.5\.0 did not become available within 120s; rolled back to 1\.4\.0/,
  );
});

test('judge: a stalled Deployment or failed migration rolls back before the deadline', () => {
  const verdict = judge({ available: false, failure: 'the migration Job for 1.5.0 failed' });
  assert.is(verdict.kind, 'RollBack');
});

test('judge: a failed smoke check rolls back even though the pods are ready; a running one waits', () => {
  assert.is(judge({ available: true, smoke: { phase: 'Running', message: '' } }).kind, 'Progressing');
  const failed = judge({ available: true, smoke: { phase: 'Failed', message: 'GET /readyz: 503' } });
  assert.is(failed.kind, 'RollBack');
  assert.match((failed as { message: string }).message, /smoke check failed: GET \/readyz: 503/);
  assert.equal(judge({ available: true, smoke: { phase: 'Succeeded', message: '' } }), { kind: 'Steady' });
});

test('judge: with nothing good to go back to (first release), the failure is reported, not rolled back', () => {
  assert.is(judge({ available: false }, '2026-11-24T20:50:00Z', null).kind, 'Failing');
});

test('status: a rollback records the failed version and generation, and restarts the clock for the old one', () => {
  const choice = { target: '1.5.0', blocked: false };
  const verdict = { kind: 'RollBack' as const, to: '1.4.0', message: 'm' };
  const next = nextReleaseStatus(
    { target: '1.5.0', startedAt: '2026-11-24T20:50:00Z' },
    choice,
    verdict,
    7,
    now,
  );
  assert.equal(next, {
    target: '1.4.0',
    startedAt: '2026-11-24T21:00:00Z',
    failedVersion: '1.5.0',
    failedGeneration: 7,
    failureMessage: 'm',
  });
  assert.is(nextLastGood('1.4.0', choice, verdict), '1.4.0');
  assert.is(nextLastGood('1.4.0', choice, { kind: 'Steady' }), '1.5.0');
});

test('status: the deadline clock starts when the target changes and holds while it does not', () => {
  const choice = { target: '1.5.0', blocked: false };
  const progressing = { kind: 'Progressing' as const, message: '' };
  const first = nextReleaseStatus(
    { target: '1.4.0', startedAt: '2026-11-20T00:00:00Z' },
    choice,
    progressing,
    7,
    now,
  );
  assert.is(first.startedAt, '2026-11-24T21:00:00Z');
  const later = nextReleaseStatus(first, choice, progressing, 7, at('2026-11-24T21:01:00Z'));
  assert.is(later.startedAt, '2026-11-24T21:00:00Z');
  const newVersion = nextReleaseStatus(
    { ...later, failedVersion: '1.4.9', failedGeneration: 6 },
    { target: '1.5.0', blocked: false },
    progressing,
    7,
    now,
  );
  assert.is(newVersion.failedVersion, undefined, 'asking for a new version clears the old failure');
});

const bg = (over: Partial<Parameters<typeof planBlueGreen>[0]>) =>
  planBlueGreen({
    target: '1.5.0',
    migrated: '1.5.0',
    state: { active: { colour: 'blue', version: '1.4.0' } },
    previewReady: false,
    previewChecked: true,
    now,
    scaleDownDelaySeconds: 300,
    ...over,
  });

test('blue/green: a new version comes up in the other colour while the active one keeps serving', () => {
  assert.equal(bg({}), {
    active: { colour: 'blue', version: '1.4.0' },
    preview: { colour: 'green', version: '1.5.0' },
    switched: false,
  });
  assert.equal(bg({ migrated: '1.4.0' }).preview, undefined, 'not before its migration succeeded');
});

test('blue/green: switch only when the preview is ready and checked; the old colour is kept for the delay', () => {
  assert.is(bg({ previewReady: true, previewChecked: false }).switched, false);
  assert.equal(bg({ previewReady: true }), {
    active: { colour: 'green', version: '1.5.0' },
    retiring: { colour: 'blue', version: '1.4.0', retireAt: '2026-11-24T21:05:00Z' },
    switched: true,
  });
});

test('blue/green: going back while the old colour still runs is an instant switch', () => {
  const plan = bg({
    target: '1.4.0',
    state: {
      active: { colour: 'green', version: '1.5.0' },
      retiring: { colour: 'blue', version: '1.4.0', retireAt: '2026-11-24T21:05:00Z' },
    },
  });
  assert.equal(plan.active, { colour: 'blue', version: '1.4.0' });
  assert.is(plan.switched, true);
  assert.is(plan.retiring?.colour, 'green');
});

test('blue/green: after the delay the old colour retires', () => {
  const plan = bg({
    target: '1.5.0',
    state: {
      active: { colour: 'green', version: '1.5.0' },
      retiring: { colour: 'blue', version: '1.4.0', retireAt: '2026-11-24T20:59:59Z' },
    },
  });
  assert.equal(plan, { active: { colour: 'green', version: '1.5.0' }, switched: false });
});

test('blue/green children: colour Deployments at full capacity, Services on the active colour, HPA on it too', () => {
  const shop = {
    ...sample,
    spec: { ...sample.spec, rollout: { ...sample.spec.rollout, strategy: 'BlueGreen' } },
  };
  const children = desiredChildren(shop as typeof sample, { apiVersion: '1.5.0' });
  const plan = bg({});
  const live = { 'api:blue': 7 } as Record<string, number>;
  const out = blueGreenChildren(shop as typeof sample, children, plan, {
    live: (c, colour) => live[`${c}:${colour}`],
    min: (c) => (c === 'api' ? 3 : 2),
  });
  const byName = new Map(out.map((o) => [`${o.kind}/${o.metadata?.name}`, o]));
  assert.not.ok(byName.has('Deployment/eid-sale-api'), 'the plain Deployment is replaced');
  const blue = byName.get('Deployment/eid-sale-api-blue') as V1Deployment;
  const green = byName.get('Deployment/eid-sale-api-green') as V1Deployment;
  assert.is(blue.spec?.replicas, 7, 'the active colour keeps the autoscaler’s count');
  assert.is(green.spec?.replicas, 7, 'the preview comes up at full capacity');
  assert.is(blue.spec?.template.spec?.containers[0]?.image, 'ghcr.io/dhakacart/api:1.4.0');
  assert.is(green.spec?.template.spec?.containers[0]?.image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.is(green.spec?.selector.matchLabels?.[COLOUR_LABEL], 'green');
  assert.is(green.spec?.template.metadata?.labels?.[COLOUR_LABEL], 'green');
  assert.is(green.spec?.strategy?.rollingUpdate?.maxUnavailable, 0);
  assert.is((byName.get('Service/eid-sale-api') as V1Service).spec?.selector?.[COLOUR_LABEL], 'blue');
  assert.is(
    (byName.get('Service/eid-sale-api-preview') as V1Service).spec?.selector?.[COLOUR_LABEL],
    'green',
  );
  assert.is(
    (byName.get('HorizontalPodAutoscaler/eid-sale-api') as V2HorizontalPodAutoscaler).spec?.scaleTargetRef
      .name,
    'eid-sale-api-blue',
  );
  assert.ok(byName.has('Deployment/eid-sale-storefront-green'));
});

test('blue/green children: switching from a rolling update keeps the plain pods in the Services until a colour serves', () => {
  const shop = {
    ...sample,
    spec: { ...sample.spec, rollout: { ...sample.spec.rollout, strategy: 'BlueGreen' } },
  };
  const children = desiredChildren(shop as typeof sample, { apiVersion: '1.4.0' });
  const out = blueGreenChildren(shop as typeof sample, children, bg({ target: '1.4.0', state: {} }), {
    live: () => undefined,
    min: () => 3,
    plainServes: true,
  });
  const service = out.find((o) => o.kind === 'Service' && o.metadata?.name === 'eid-sale-api') as V1Service;
  assert.is(service.spec?.selector?.[COLOUR_LABEL], undefined, 'every api pod, plain or blue, serves');
  const hpa = out.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata?.name === 'eid-sale-api');
  assert.is((hpa as V2HorizontalPodAutoscaler).spec?.scaleTargetRef.name, 'eid-sale-api');
  assert.ok(
    out.some((o) => o.metadata?.name === 'eid-sale-api-blue'),
    'the blue colour comes up beside it',
  );
});

test('smoke check: a GET of the configured path against the new pods, in the new version’s image', () => {
  const shop = {
    ...sample,
    spec: { ...sample.spec, rollout: { ...sample.spec.rollout, smokeCheck: { path: '/api/products' } } },
  } as typeof sample;
  const rollout = rolloutSpec(shop);
  assert.is(smokeUrl(shop, rollout), 'http://eid-sale-api:3000/api/products');
  const job = desiredSmokeJob(shop, '1.5.0', rollout);
  const container = job.spec?.template.spec?.containers[0];
  assert.is(container?.image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.is(container?.command?.at(-1), 'http://eid-sale-api:3000/api/products');
  const bgShop = {
    ...shop,
    spec: { ...shop.spec, rollout: { ...shop.spec.rollout, strategy: 'BlueGreen' } },
  } as unknown as typeof sample;
  assert.is(smokeUrl(bgShop, rolloutSpec(bgShop)), 'http://eid-sale-api-preview:3000/api/products');
});

test.run();
