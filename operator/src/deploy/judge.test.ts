// How `npm run deploy` reads a shop's status at each stage of a release.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Condition, DhakaCart } from '../types.ts';
import { judgeDeploy, parseDeployArgs } from './judge.ts';

const cond = (type: string, status: string, reason: string, message = reason): Condition => ({
  type,
  status: status as Condition['status'],
  reason,
  message,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});
const shop = (status: Record<string, unknown>): DhakaCart =>
  ({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name: 'eid', namespace: 'shop', generation: 4 },
    spec: { version: '1.5.0' },
    status: { observedGeneration: 4, api: { replicas: '3/3' }, storefront: { replicas: '2/2' }, ...status },
  }) as unknown as DhakaCart;
const serving = [cond('Ready', 'True', 'AllComponentsReady'), cond('Progressing', 'False', 'UpToDate')];

test('the status of an older generation is not believed', () => {
  const state = judgeDeploy(
    shop({ observedGeneration: 3, version: '1.5.0', lastGoodVersion: '1.5.0', conditions: serving }),
    '1.5.0',
    4,
  );
  assert.is(state.kind, 'waiting');
});

test('a rollout in progress waits, and says what serves and why', () => {
  const state = judgeDeploy(
    shop({
      version: '1.4.0',
      lastGoodVersion: '1.4.0',
      api: { replicas: '2/3' },
      conditions: [
        cond('Ready', 'False', 'RolloutInProgress'),
        cond('Progressing', 'True', 'RollingOut', 'rolling out version 1.5.0'),
      ],
    }),
    '1.5.0',
    4,
  );
  assert.equal(state, {
    kind: 'waiting',
    line: 'serving 1.4.0 (api 2/3, storefront 2/2); rolling out version 1.5.0',
  });
});

test('the version serving on every pod, recorded as last good, is done', () => {
  const state = judgeDeploy(
    shop({ version: '1.5.0', lastGoodVersion: '1.5.0', conditions: serving }),
    '1.5.0',
    4,
  );
  assert.is(state.kind, 'serving');
});

test("a rollback fails the deploy with the operator's own message", () => {
  const message =
    'version 1.6.0 did not become available within 30s; rolled back to 1.5.0; change the spec to try again';
  const state = judgeDeploy(
    shop({
      version: '1.5.0',
      lastGoodVersion: '1.5.0',
      release: { failedVersion: '1.6.0', failedGeneration: 4 },
      conditions: [...serving, cond('Degraded', 'True', 'RolledBack', message)],
    }),
    '1.6.0',
    4,
  );
  assert.equal(state, { kind: 'failed', reason: 'RolledBack', message });
});

test('an old rollback of another version does not fail a new deploy', () => {
  const state = judgeDeploy(
    shop({
      version: '1.5.0',
      lastGoodVersion: '1.5.0',
      release: { failedVersion: '1.6.0', failedGeneration: 3 },
      conditions: [...serving, cond('Degraded', 'True', 'RolledBack', 'old news')],
    }),
    '1.7.0',
    4,
  );
  assert.is(state.kind, 'waiting');
});

test('the command line: a version or --rollback, durations in s/m/h, clear errors', () => {
  assert.equal(parseDeployArgs(['1.5.0', '--namespace', 'shop', '--timeout', '90s']), {
    rollback: false,
    version: '1.5.0',
    namespace: 'shop',
    timeoutMs: 90_000,
  });
  assert.is(parseDeployArgs(['--rollback', '--name', 'eid']).rollback, true);
  assert.is(parseDeployArgs(['1.5.0']).timeoutMs, 600_000);
  assert.throws(() => parseDeployArgs([]), /which version/);
  assert.throws(() => parseDeployArgs(['1.5.0', '--rollback']), /not both/);
  assert.throws(() => parseDeployArgs(['1.5.0', '--timeout', 'soon']), /not a duration/);
  assert.throws(() => parseDeployArgs(['1.5.0', '--name']), /--name needs a value/);
});

test.run();
