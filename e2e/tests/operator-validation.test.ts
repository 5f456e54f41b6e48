// Invalid specs are rejected by the API server itself (the CRD's schema and CEL rules), each with a
// message that names the field; `kubectl explain` teaches the API. No operator needed.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { createTestNamespace, kubectl, type TestNamespace } from '../src/harness.ts';
import { crdFile, ensureCrd, k } from './operator-support.ts';

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

const aws = {
  version: '1.4.0',
  platform: 'aws',
  aws: {
    region: 'ap-south-1',
    network: { vpcId: 'vpc-0abc1234', subnetIds: ['subnet-0abc1234', 'subnet-0def5678'] },
  },
};

const OFFSITE = {
  endpoint: 'https://s3.example.com',
  bucket: 'shop-backups',
  credentialsSecretRef: { name: 's3-keys' },
};

/** One spec per CEL rule that breaks only that rule, and the message the API server must answer with. */
const violations: { message: string; spec: Record<string, unknown> }[] = [
  {
    message: 'spec.aws (region and network) is required when spec.platform is aws',
    spec: { version: '1.4.0', platform: 'aws' },
  },
  {
    message: 'spec.database.restore.pointInTime needs platform aws',
    spec: {
      version: '1.4.0',
      database: {
        restore: { pointInTime: { sourceDBInstanceIdentifier: 'old', useLatestRestorableTime: true } },
      },
    },
  },
  {
    message: 'spec.database.backup.crossRegion needs platform aws',
    spec: { version: '1.4.0', database: { backup: { crossRegion: { region: 'ap-southeast-1' } } } },
  },
  { message: 'spec.version must be a semantic version', spec: { version: 'v1' } },
  { message: 'spec.platform must be one of inCluster, aws', spec: { version: '1.4.0', platform: 'gcp' } },
  {
    message: 'spec.images.api must be an image reference',
    spec: { version: '1.4.0', images: { api: 'GHCR.io/Shop/API:latest' } },
  },
  {
    message: 'spec.images.storefront must be an image reference',
    spec: { version: '1.4.0', images: { storefront: 'https://ghcr.io/x' } },
  },
  {
    message: 'spec.images.postgres must be an image reference',
    spec: { version: '1.4.0', images: { postgres: 'postgres 17' } },
  },
  {
    message: 'spec.images.redis must be an image reference',
    spec: { version: '1.4.0', images: { redis: 'redis:' } },
  },
  {
    message: 'spec.api.replicas.min must not be greater than spec.api.replicas.max',
    spec: { version: '1.4.0', api: { replicas: { min: 9, max: 3 } } },
  },
  {
    message: 'spec.api.replicas.min must be at least 1',
    spec: { version: '1.4.0', api: { replicas: { min: 0, max: 3 } } },
  },
  {
    message: 'spec.api.replicas.max must be at least 1',
    spec: { version: '1.4.0', api: { replicas: { min: -1, max: 0 } } },
  },
  {
    message: 'resources.requests.cpu must not be greater than resources.limits.cpu',
    spec: { version: '1.4.0', api: { resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } } },
  },
  {
    message: 'resources.requests.memory must not be greater than resources.limits.memory',
    spec: {
      version: '1.4.0',
      storefront: { resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } },
    },
  },
  {
    message: 'resources.requests.cpu must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', api: { resources: { requests: { cpu: 'lots' } } } },
  },
  {
    message: 'resources.requests.memory must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', storefront: { resources: { requests: { memory: '256MB' } } } },
  },
  {
    message: 'resources.limits.cpu must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', api: { resources: { limits: { cpu: 0 } } } },
  },
  {
    message: 'resources.limits.memory must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', api: { resources: { limits: { memory: '-1Gi' } } } },
  },
  {
    message: 'spec.api.adminTokenSecretRef.name must be a Secret name',
    spec: { version: '1.4.0', api: { adminTokenSecretRef: { name: 'Admin_Token' } } },
  },
  {
    message: 'spec.api.adminTokenSecretRef.key must be a Secret key',
    spec: { version: '1.4.0', api: { adminTokenSecretRef: { name: 'admin', key: 'a/b' } } },
  },
  {
    message: 'spec.storefront.replicas.min must not be greater than spec.storefront.replicas.max',
    spec: { version: '1.4.0', storefront: { replicas: { min: 5, max: 2 } } },
  },
  {
    message: 'spec.storefront.replicas.min must be at least 1',
    spec: { version: '1.4.0', storefront: { replicas: { min: 0, max: 2 } } },
  },
  {
    message: 'spec.storefront.replicas.max must be at least 1',
    spec: { version: '1.4.0', storefront: { replicas: { min: -3, max: 0 } } },
  },
  {
    message: 'spec.availability.maxUnavailable must be at least 1',
    spec: { version: '1.4.0', availability: { maxUnavailable: 0 } },
  },
  {
    message: 'spec.rollout.progressDeadlineSeconds must be at least 30',
    spec: { version: '1.4.0', rollout: { progressDeadlineSeconds: 10 } },
  },
  {
    message: 'spec.rollout.blueGreen.scaleDownDelaySeconds must not be negative',
    spec: { version: '1.4.0', rollout: { blueGreen: { scaleDownDelaySeconds: -1 } } },
  },
  {
    message: 'spec.rollout.smokeCheck.path must start with /',
    spec: { version: '1.4.0', rollout: { smokeCheck: { path: 'healthz' } } },
  },
  {
    message: 'spec.rollout.smokeCheck.timeoutSeconds must be between 1 and 300',
    spec: { version: '1.4.0', rollout: { smokeCheck: { timeoutSeconds: 301 } } },
  },
  {
    message: 'spec.ingress.tls takes either secretName or certificateArn, not both',
    spec: {
      version: '1.4.0',
      ingress: { className: 'alb', tls: { secretName: 'tls', certificateArn: 'arn:aws:acm:x' } },
    },
  },
  {
    message: 'spec.ingress.tls.certificateArn needs spec.ingress.className alb',
    spec: { version: '1.4.0', ingress: { tls: { certificateArn: 'arn:aws:acm:x' } } },
  },
  {
    message: 'spec.ingress.host must be a lowercase DNS name',
    spec: { version: '1.4.0', ingress: { host: 'https://shop.example.com/' } },
  },
  {
    message: 'spec.ingress.className must be an IngressClass name',
    spec: { version: '1.4.0', ingress: { className: 'Nginx Public' } },
  },
  {
    message: 'spec.ingress.tls.secretName must be a Secret name',
    spec: { version: '1.4.0', ingress: { tls: { secretName: 'shop_tls' } } },
  },
  {
    message: 'spec.aws.region must be an AWS region',
    spec: { ...aws, aws: { ...aws.aws, region: 'mumbai' } },
  },
  {
    message: 'spec.aws.network.vpcId must be a VPC id',
    spec: { ...aws, aws: { ...aws.aws, network: { vpcId: 'abc', subnetIds: ['subnet-1', 'subnet-2'] } } },
  },
  {
    message: 'spec.aws.network.subnetIds must be subnet ids',
    spec: { ...aws, aws: { ...aws.aws, network: { vpcId: 'vpc-1', subnetIds: ['sn-1', 'sn-2'] } } },
  },
  {
    message: 'spec.assets.replication.destinationBucketArn must be an S3 bucket ARN',
    spec: {
      ...aws,
      assets: { replication: { destinationBucketArn: 'shop-assets-dr', roleArn: 'arn:aws:iam::1:role/r' } },
    },
  },
  {
    message: 'spec.database.restore takes either fromSnapshot or pointInTime, not both',
    spec: {
      ...aws,
      database: {
        restore: {
          fromSnapshot: 'snap',
          pointInTime: { sourceDBInstanceIdentifier: 'old', useLatestRestorableTime: true },
        },
      },
    },
  },
  {
    message: 'spec.database.storage must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', database: { storage: '10 GB' } },
  },
  {
    message: 'spec.database.storageClassName must be a StorageClass name',
    spec: { version: '1.4.0', database: { storageClassName: 'Fast SSD' } },
  },
  {
    message: 'spec.database.instanceClass must be an RDS instance class',
    spec: { ...aws, database: { instanceClass: 'm6g.large' } },
  },
  {
    message: 'spec.database.backup.window must look like 17:00-17:30',
    spec: { version: '1.4.0', database: { backup: { window: '25:00-26:00' } } },
  },
  {
    message: 'spec.database.backup.snapshots.schedule must be a five-field cron expression',
    spec: { version: '1.4.0', database: { backup: { snapshots: { schedule: '61 25 * * *' } } } },
  },
  {
    message: 'spec.database.backup.snapshots.keep must be at least 1',
    spec: { version: '1.4.0', database: { backup: { snapshots: { keep: 0 } } } },
  },
  {
    message: 'spec.database.backup.verify.schedule must be a five-field cron expression',
    spec: { version: '1.4.0', database: { backup: { verify: { schedule: '0 0 31 2-1 *' } } } },
  },
  {
    message: 'spec.database.backup.storage must be a positive Kubernetes quantity',
    spec: { version: '1.4.0', database: { backup: { storage: '0' } } },
  },
  ...(
    [
      ['endpoint', { endpoint: 's3.example.com' }],
      ['bucket', { bucket: 'Shop_Backups' }],
      ['prefix', { prefix: '/shops/' }],
      ['region', { region: 'AP South 1' }],
      ['credentialsSecretRef.name', { credentialsSecretRef: { name: 'S3 Keys' } }],
    ] as const
  ).map(([field, bad]) => ({
    message: `spec.database.backup.offsite.${field} must be`,
    spec: { version: '1.4.0', database: { backup: { offsite: { ...OFFSITE, ...bad } } } },
  })),
  {
    message: 'spec.database.backup.offsite needs platform inCluster',
    spec: { ...aws, database: { backup: { offsite: OFFSITE } } },
  },
  {
    message: 'spec.database.confirmDataDeletion is allowed only with deletionPolicy Delete',
    spec: { version: '1.4.0', database: { deletionPolicy: 'Retain', confirmDataDeletion: 'rule' } },
  },
  {
    message: 'spec.database.restore.pointInTime takes restoreTime or useLatestRestorableTime, one of them',
    spec: { ...aws, database: { restore: { pointInTime: { sourceDBInstanceIdentifier: 'old' } } } },
  },
  ...(
    [
      ['catalog', 'availability', 100],
      ['catalog', 'latency', 49.9],
      ['checkout', 'availability', 120],
      ['checkout', 'latency', 0],
    ] as const
  ).map(([journey, kind, value]) => ({
    message: `spec.monitoring.slo.${journey}.${kind} must be a percentage from 50 up to (not including) 100`,
    spec: { version: '1.4.0', monitoring: { slo: { [journey]: { [kind]: value } } } },
  })),
];

/** Rules that judge a change (oldSelf): the spec a shop is created with, the change, the message. */
const transitions: { message: string; spec: Record<string, unknown>; patch: Record<string, unknown> }[] = [
  {
    message: 'spec.platform cannot be changed after creation',
    spec: { version: '1.4.0' },
    patch: { spec: { platform: 'aws', aws: aws.aws } },
  },
  {
    message: 'spec.database.storage cannot change on platform inCluster',
    spec: { version: '1.4.0', database: { storage: '10Gi' } },
    patch: { spec: { database: { storage: '20Gi' } } },
  },
  {
    message: 'spec.database.restore cannot change after creation',
    spec: { ...aws, database: { restore: { fromSnapshot: 'snap-1' } } },
    patch: { spec: { database: { restore: { fromSnapshot: 'snap-2' } } } },
  },
  {
    message: 'spec.database.deletionPolicy can change to Delete only with spec.database.confirmDataDeletion',
    spec: { version: '1.4.0', database: { deletionPolicy: 'Snapshot' } },
    patch: { spec: { database: { deletionPolicy: 'Delete' } } },
  },
];

/** The message of every CEL rule in the CRD file. */
function crdMessages(): Set<string> {
  const crd = parse(readFileSync(crdFile, 'utf8'));
  const found = new Set<string>();
  interface Schema {
    'x-kubernetes-validations'?: { message: string }[];
    properties?: Record<string, Schema>;
    items?: Schema;
  }
  const walk = (schema: Schema | undefined) => {
    if (!schema) return;
    for (const rule of schema['x-kubernetes-validations'] ?? []) found.add(rule.message);
    for (const child of Object.values(schema.properties ?? {})) walk(child);
    walk(schema.items);
  };
  const root = crd.spec.versions[0].schema.openAPIV3Schema;
  // The root's own rules about metadata.name are tested in operator-lifecycle; the one about spec is here.
  for (const rule of root['x-kubernetes-validations'] ?? [])
    if (rule.message.startsWith('spec.')) found.add(rule.message);
  walk(root.properties.spec);
  return found;
}

test('every CEL rule of spec has a case here', () => {
  const tested = [...violations, ...transitions].map((v) => v.message);
  const untested = [...crdMessages()].filter((m) => !tested.some((t) => m.startsWith(t)));
  assert.equal(untested, [], 'rules without a test case');
});

test('every CEL rule rejects a spec that breaks it, with its message', async () => {
  for (const [i, { message, spec }] of violations.entries()) await rejected(`rule-${i}`, spec, message);
});

test('every rule about a change rejects the change, with its message', async () => {
  for (const [i, { message, spec, patch }] of transitions.entries()) {
    await k(['apply', '-f', '-'], manifest(`change-${i}`, spec));
    const result = await kubectl([
      'patch',
      'dc',
      `change-${i}`,
      '-n',
      ns.name,
      '--type=merge',
      '-p',
      JSON.stringify(patch),
    ]);
    assert.is.not(result.code, 0, `change-${i} was accepted`);
    assert.match(result.stderr, message, result.stderr);
  }
});

test('valid values of the validated fields are accepted', async () => {
  await k(
    ['apply', '--dry-run=server', '-f', '-'],
    manifest('all-valid', {
      version: '1.5.0-rc.1',
      images: {
        api: 'ghcr.io/dhakacart/api:1.5.0-rc.1',
        storefront: `registry.local:5000/shop/storefront@sha256:${'a'.repeat(64)}`,
        postgres: 'postgres:17-alpine',
        redis: 'redis',
      },
      api: {
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: 1, memory: '1Gi' } },
        adminTokenSecretRef: { name: 'shop.admin-token', key: 'token_v2.txt' },
      },
      ingress: { host: '*.shop.example.com', className: 'nginx', tls: { secretName: 'shop-tls' } },
      database: {
        storage: 20,
        storageClassName: 'fast.ssd',
        backup: {
          storage: '50Gi',
          snapshots: { schedule: '0 */6 * * MON-FRI' },
          verify: { schedule: '@daily' },
          offsite: {
            endpoint: 'http://10.0.0.5:7070/',
            bucket: 'shop.backups-1',
            prefix: 'shops/eid-sale',
            region: 'ap-south-1',
            credentialsSecretRef: { name: 's3.keys' },
          },
        },
        finalSnapshotTimeoutSeconds: 600,
      },
    }),
  );
});

test('a change of deletionPolicy to Delete is accepted with the shop named in confirmDataDeletion', async () => {
  await k(
    ['apply', '-f', '-'],
    manifest('confirm', { version: '1.4.0', database: { deletionPolicy: 'Retain' } }),
  );
  await k([
    'patch',
    'dc',
    'confirm',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { database: { deletionPolicy: 'Delete', confirmDataDeletion: 'confirm' } } }),
  ]);
  const back = await kubectl([
    'patch',
    'dc',
    'confirm',
    '-n',
    ns.name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { database: { deletionPolicy: 'Retain', confirmDataDeletion: null } } }),
  ]);
  assert.is(back.code, 0, back.stderr);
  const other = await kubectl(
    ['patch', 'dc', 'confirm', '-n', ns.name, '--type=merge', '-p'].concat(
      JSON.stringify({
        spec: { database: { deletionPolicy: 'Delete', confirmDataDeletion: 'another-shop' } },
      }),
    ),
  );
  assert.is.not(other.code, 0, 'a confirmation naming another shop was accepted');
  assert.match(other.stderr, 'spec.database.deletionPolicy can change to Delete only with');
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
