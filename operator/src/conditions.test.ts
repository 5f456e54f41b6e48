// kstatus's Reconciling and Stalled, derived from Ready, Progressing and Degraded: what Flux, kpt and Config
// Sync conclude about a shop at each stage of a release (e2e/tests/delivery-deploy.test.ts checks the same
// stages with the real kstatus library).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ConditionInput, withKstatusConditions } from './conditions.ts';

const c = (type: string, status: 'True' | 'False', reason: string, message = reason): ConditionInput => ({
  type,
  status,
  reason,
  message,
});
const kstatus = (conditions: ConditionInput[]) =>
  withKstatusConditions(conditions)
    .filter((x) => x.type === 'Reconciling' || x.type === 'Stalled')
    .map((x) => `${x.type}=${x.status}/${x.reason}: ${x.message}`);

test('a shop rolling out a version is Reconciling, with the rollout message', () => {
  assert.equal(
    kstatus([
      c('Ready', 'True', 'AllComponentsReady'),
      c('Progressing', 'True', 'RollingOut', 'rolling out version 1.5.0: 2 of 3 pods updated'),
      c('Degraded', 'False', 'AsExpected'),
    ]),
    ['Reconciling=True/RollingOut: rolling out version 1.5.0: 2 of 3 pods updated'],
  );
});

test('a shop that is not ready yet is Reconciling with the reason it is not ready', () => {
  assert.equal(
    kstatus([
      c('Ready', 'False', 'WaitingForDatabase', 'DatabaseReady: PostgreSQL is starting'),
      c('Progressing', 'False', 'UpToDate'),
      c('Degraded', 'False', 'AsExpected'),
    ]),
    ['Reconciling=True/WaitingForDatabase: DatabaseReady: PostgreSQL is starting'],
  );
});

test('a serving shop has neither condition', () => {
  assert.equal(
    kstatus([
      c('Ready', 'True', 'AllComponentsReady'),
      c('Progressing', 'False', 'UpToDate'),
      c('Degraded', 'False', 'AsExpected'),
    ]),
    [],
  );
});

test('a rolled-back release is Stalled with the rollback message, although the old version is Ready', () => {
  const message =
    'version 1.6.0 did not become available within 30s; rolled back to 1.5.0; change the spec to try again';
  assert.equal(
    kstatus([
      c('Ready', 'True', 'AllComponentsReady'),
      c('Progressing', 'False', 'UpToDate'),
      c('Degraded', 'True', 'RolledBack', message),
    ]),
    [`Stalled=True/RolledBack: ${message}`],
  );
});

test('other Degraded reasons do not stall the shop: the operator keeps retrying them', () => {
  assert.equal(
    kstatus([
      c('Ready', 'False', 'SecretNotFound', 'Secret admin-token not found'),
      c('Progressing', 'False', 'UpToDate'),
      c('Degraded', 'True', 'SecretNotFound', 'Secret admin-token not found'),
    ]),
    ['Reconciling=True/SecretNotFound: Secret admin-token not found'],
  );
});

test.run();
