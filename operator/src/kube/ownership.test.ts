// Folding the create's field ownership into the apply's, as kubectl's csaupgrade does for one manager.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { foldCreateIntoApply, mergeFields, withoutPath } from './ownership.ts';

const now = new Date('2026-12-01T00:00:00Z');

test('the Update entry of the manager moves into its Apply entry, without spec.replicas', () => {
  const entries = [
    {
      manager: 'dhakacart-operator',
      operation: 'Update',
      apiVersion: 'apps/v1',
      fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:hostname': {} } } } },
    },
    {
      manager: 'dhakacart-operator',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } },
    },
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': {} },
    },
    {
      manager: 'kubectl-edit',
      operation: 'Update',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:mine': {} } } },
    },
  ];
  const folded = foldCreateIntoApply(entries, 'dhakacart-operator', now);
  assert.equal(
    folded?.map((e) => `${e.manager}/${e.operation}`),
    ['kube-controller-manager/Update', 'kubectl-edit/Update', 'dhakacart-operator/Apply'],
  );
  assert.equal(folded?.at(-1)?.fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:template': { 'f:spec': { 'f:hostname': {} } } },
  });
});

test('nothing to fold when the manager never created with an Update', () => {
  assert.is(
    foldCreateIntoApply([{ manager: 'dhakacart-operator', operation: 'Apply' }], 'dhakacart-operator', now),
    undefined,
  );
});

test('field sets merge and lose a path', () => {
  assert.equal(mergeFields({ 'f:a': { 'f:b': {} } }, { 'f:a': { 'f:c': {} }, 'f:d': {} }), {
    'f:a': { 'f:b': {}, 'f:c': {} },
    'f:d': {},
  });
  assert.equal(withoutPath({ 'f:spec': { 'f:replicas': {}, 'f:x': {} } }, ['f:spec', 'f:replicas']), {
    'f:spec': { 'f:x': {} },
  });
});

test.run();
