// Invalid specs are rejected by the API server itself (the CRD's schema and CEL rules), each with a
// message that names the field; `kubectl explain` teaches the API. No operator needed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, kubectl, type TestNamespace } from '../src/harness.ts';
import { ensureCrd, k } from './operator-support.ts';

let ns: TestNamespace;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-valid');
});

test.after(async () => {
  await ns?.delete();
});

function manifest(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace: ns.name },
    spec,
  });
}

async function rejected(name: string, spec: Record<string, unknown>, message: string) {
  const result = await kubectl(['apply', '-f', '-'], manifest(name, spec));
  assert.is.not(result.code, 0, `${name} was accepted`);
  assert.match(result.stderr, message, `${name}: ${result.stderr}`);
}

test('a valid minimal spec is accepted and defaulted', async () => {
  await k(['apply', '-f', '-'], manifest('minimal', { version: '1.4.0' }));
  const shop = JSON.parse(await k(['get', 'dc', 'minimal', '-n', ns.name, '-o', 'json']));
  assert.is(shop.spec.platform, 'inCluster');
  assert.equal(shop.spec.api.replicas, { min: 3, max: 60 });
  assert.equal(shop.spec.storefront.replicas, { min: 2, max: 20 });
  assert.is(shop.spec.database.deletionPolicy, 'Retain');
});

test('min greater than max is rejected', async () => {
  await rejected(
    'min-max',
    { version: '1.4.0', api: { replicas: { min: 10, max: 5 } } },
    'spec.api.replicas.min must not be greater than spec.api.replicas.max',
  );
  await rejected(
    'sf-min-max',
    { version: '1.4.0', storefront: { replicas: { min: 4, max: 3 } } },
    'spec.storefront.replicas.min must not be greater than spec.storefront.replicas.max',
  );
});

test('zero or negative replicas are rejected', async () => {
  await rejected(
    'zero',
    { version: '1.4.0', api: { replicas: { min: 0, max: 5 } } },
    'spec.api.replicas.min must be at least 1',
  );
  await rejected(
    'negative',
    { version: '1.4.0', storefront: { replicas: { min: -2, max: 5 } } },
    'spec.storefront.replicas.min must be at least 1',
  );
});

test('a malformed cron schedule is rejected', async () => {
  await rejected(
    'cron',
    { version: '1.4.0', database: { backup: { snapshots: { schedule: 'every six hours' } } } },
    'spec.database.backup.snapshots.schedule must be a five-field cron expression',
  );
  await rejected(
    'cron4',
    { version: '1.4.0', database: { backup: { snapshots: { schedule: '0 */6 * *' } } } },
    'spec.database.backup.snapshots.schedule',
  );
  await k(
    ['apply', '-f', '-'],
    manifest('cron-ok', {
      version: '1.4.0',
      database: { backup: { snapshots: { schedule: '15 2 * * MON-FRI' } } },
    }),
  );
});

test('a malformed version is rejected', async () => {
  await rejected('version', { version: 'latest' }, 'spec.version must be a semantic version');
  await rejected('version2', { version: '1.4' }, 'spec.version must be a semantic version');
});

test('an unknown platform is rejected', async () => {
  await rejected(
    'platform',
    { version: '1.4.0', platform: 'gcp' },
    'spec.platform must be one of inCluster, aws',
  );
});

test('changing spec.platform after creation is rejected', async () => {
  await k(['apply', '-f', '-'], manifest('fixed', { version: '1.4.0', platform: 'inCluster' }));
  const result = await kubectl([
    'patch',
    'dc',
    'fixed',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    '{"spec":{"platform":"aws"}}',
  ]);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, 'spec.platform cannot be changed after creation');
});

test('TLS takes a Secret or an ACM certificate, and the certificate only with alb', async () => {
  await rejected(
    'tls-both',
    {
      version: '1.4.0',
      ingress: { className: 'alb', tls: { secretName: 'x', certificateArn: 'arn:aws:acm:x' } },
    },
    'spec.ingress.tls takes either secretName or certificateArn',
  );
  await rejected(
    'tls-arn',
    { version: '1.4.0', ingress: { className: 'nginx', tls: { certificateArn: 'arn:aws:acm:x' } } },
    'spec.ingress.tls.certificateArn needs spec.ingress.className alb',
  );
});

test('kubectl explain describes every field', async () => {
  const text = await k(['explain', 'dhakacart.spec.api.replicas']);
  assert.match(text, 'Autoscaling bounds of the API');
  assert.match(text, 'min');
  const capacity = await k(['explain', 'dhakacart.spec.capacity.peakConcurrentVisitors']);
  assert.match(capacity, 'Visitors on the shop at the same moment');
  assert.match(await k(['get', 'dhakacart', '-n', ns.name]), 'READY');
  assert.match(await k(['api-resources', '--api-group=dhakacart.io']), 'dc');
});

test.run();
