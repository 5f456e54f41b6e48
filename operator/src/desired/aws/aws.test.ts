// The `platform: aws` builders against fixtures: what a platform engineer would check in the managed
// resources before trusting them with the shop's data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childName } from '../meta.ts';
import { assetsBucketName } from './assets.ts';
import { MINIMUM_TLS } from './cdn.ts';
import { awsApiEnv, databaseRoute, desiredEndpointsConfigMap } from './env.ts';
import { awsShop } from './fixtures.ts';
import { type ManagedResource, RETAIN_POLICIES } from './managed.ts';
import { awsChildName } from './network.ts';
import { observedInstanceAddress, observedProxy, observedTls, partReadiness } from './readiness.ts';
import { desiredAwsResources, type PlannedResource } from './resources.ts';
import { storageGiB } from './spec.ts';

type Params = Record<string, unknown>;
const find = (planned: PlannedResource[], kind: string, name?: string) => {
  const found = planned.find((p) => p.resource.kind === kind && (!name || p.resource.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found.resource;
};
const params = (r: ManagedResource) => r.spec.forProvider as Params;

test('every managed resource is namespaced with the shop, owned by it, and uses the ProviderConfig', () => {
  const shop = awsShop();
  for (const { resource } of desiredAwsResources(shop)) {
    assert.match(resource.apiVersion, /\.aws\.m\.upbound\.io\/v1beta1$/);
    assert.is(resource.metadata.namespace, 'shop');
    assert.is(resource.metadata.ownerReferences?.[0]?.uid, shop.metadata.uid);
    assert.is(resource.metadata.ownerReferences?.[0]?.controller, true);
    assert.equal(resource.spec.providerConfigRef, { kind: 'ClusterProviderConfig', name: 'default' });
  }
});

test('RDS: Multi-AZ, encrypted, deletion protection, private, backups from the spec, password managed by RDS', () => {
  const db = params(find(desiredAwsResources(awsShop()), 'Instance'));
  assert.is(db.engine, 'postgres');
  assert.is(db.engineVersion, '16.4');
  assert.is(db.instanceClass, 'db.r6g.large');
  assert.is(db.allocatedStorage, 100);
  assert.is(db.multiAz, true);
  assert.is(db.storageEncrypted, true);
  assert.is(db.deletionProtection, true);
  assert.is(db.publiclyAccessible, false);
  assert.is(db.backupRetentionPeriod, 14);
  assert.is(db.backupWindow, '18:00-18:30');
  assert.is(db.manageMasterUserPassword, true);
  assert.not.ok('passwordSecretRef' in db);
  assert.not.ok('password' in db);
  assert.equal(db.dbSubnetGroupNameRef, { name: awsChildName.postgres(awsShop()) });
  assert.equal(db.vpcSecurityGroupIdRefs, [{ name: awsChildName.postgresSecurityGroup(awsShop()) }]);
});

test('RDS subnet group spans the spec subnets; the database security group admits only the API on 5432', () => {
  const planned = desiredAwsResources(awsShop());
  assert.equal(params(find(planned, 'SubnetGroup', 'eid-sale-postgres')).subnetIds, [
    'subnet-a',
    'subnet-b',
    'subnet-c',
  ]);
  const rules = planned
    .filter((p) => p.resource.kind === 'SecurityGroupIngressRule')
    .map((p) => params(p.resource));
  const toDb = rules.find((r) => (r.securityGroupIdRef as { name: string }).name === 'eid-sale-postgres-sg');
  assert.equal(toDb?.referencedSecurityGroupIdRef, { name: 'eid-sale-api-sg' });
  assert.is(toDb?.fromPort, 5432);
  assert.is(toDb?.toPort, 5432);
  assert.not.ok('cidrIpv4' in (toDb ?? {}));
  const toCache = rules.find((r) => (r.securityGroupIdRef as { name: string }).name === 'eid-sale-redis-sg');
  assert.equal(toCache?.referencedSecurityGroupIdRef, { name: 'eid-sale-api-sg' });
  assert.is(toCache?.fromPort, 6379);
});

test('deletion policy: Snapshot keeps a final snapshot, Delete skips it, Retain never lets Crossplane delete', () => {
  const snapshot = find(desiredAwsResources(awsShop('Snapshot')), 'Instance');
  assert.is(params(snapshot).skipFinalSnapshot, false);
  assert.match(String(params(snapshot).finalSnapshotIdentifier), /^dc-shop-eid-sale-final-/);
  assert.equal(snapshot.spec.managementPolicies, ['*']);

  const del = find(desiredAwsResources(awsShop('Delete')), 'Instance');
  assert.is(params(del).skipFinalSnapshot, true);
  assert.not.ok('finalSnapshotIdentifier' in params(del));

  for (const { resource } of desiredAwsResources(awsShop('Retain'))) {
    assert.equal(resource.spec.managementPolicies, RETAIN_POLICIES, `${resource.kind}`);
    assert.not.ok(resource.spec.managementPolicies?.includes('Delete'));
  }
});

test('deletion protection is lifted only while releasing under Snapshot or Delete', () => {
  const lifted = (policy: 'Snapshot' | 'Delete' | 'Retain') =>
    params(find(desiredAwsResources(awsShop(policy), { releasing: true }), 'Instance')).deletionProtection;
  assert.is(lifted('Snapshot'), false);
  assert.is(lifted('Delete'), false);
  assert.is(lifted('Retain'), true);
});

test('ElastiCache: automatic failover, Multi-AZ, TLS in transit, encryption at rest, auth token by reference', () => {
  const rg = params(find(desiredAwsResources(awsShop()), 'ReplicationGroup'));
  assert.is(rg.automaticFailoverEnabled, true);
  assert.is(rg.multiAzEnabled, true);
  assert.is(rg.transitEncryptionEnabled, true);
  assert.is(rg.atRestEncryptionEnabled, 'true');
  assert.is(rg.numCacheClusters, 3);
  assert.is(rg.nodeType, 'cache.r7g.large');
  assert.equal(rg.authTokenSecretRef, { name: childName.redisCredentials(awsShop()), key: 'password' });
  assert.ok(
    String(
      find(desiredAwsResources(awsShop()), 'ReplicationGroup').metadata.annotations?.[
        'crossplane.io/external-name'
      ],
    ).length <= 40,
  );
});

test('S3: versioning on, encrypted by default, all public access blocked, a globally unique name', () => {
  const planned = desiredAwsResources(awsShop());
  assert.equal(params(find(planned, 'BucketVersioning')).versioningConfiguration, { status: 'Enabled' });
  const sse = params(find(planned, 'BucketServerSideEncryptionConfiguration')).rule as Params[];
  assert.is((sse[0]?.applyServerSideEncryptionByDefault as Params | undefined)?.sseAlgorithm, 'AES256');
  const pab = params(find(planned, 'BucketPublicAccessBlock'));
  for (const key of ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets']) {
    assert.is(pab[key], true, key);
  }
  const name = assetsBucketName(awsShop());
  assert.ok(name.length <= 63 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name), name);
  assert.is(find(planned, 'Bucket').metadata.annotations?.['crossplane.io/external-name'], name);
});

test('S3 replication to a second region only when the spec asks for it', () => {
  assert.not.ok(
    desiredAwsResources(awsShop()).some((p) => p.resource.kind === 'BucketReplicationConfiguration'),
  );
  const shop = awsShop('Snapshot', {
    assets: {
      replication: {
        destinationBucketArn: 'arn:aws:s3:::shop-assets-dr',
        roleArn: 'arn:aws:iam::1:role/replicate',
      },
    },
  });
  const replication = params(find(desiredAwsResources(shop), 'BucketReplicationConfiguration'));
  assert.is(replication.role, 'arn:aws:iam::1:role/replicate');
  const rule = (replication.rule as Params[])[0] ?? {};
  assert.is(rule.status, 'Enabled');
  assert.equal(rule.destination, { bucket: 'arn:aws:s3:::shop-assets-dr', storageClass: 'STANDARD' });
});

test('CloudFront: HTTPS only to viewers and origin, TLS 1.2+, the shop host as alias', () => {
  const cdn = params(find(desiredAwsResources(awsShop()), 'Distribution'));
  assert.is((cdn.defaultCacheBehavior as Params).viewerProtocolPolicy, 'redirect-to-https');
  const origin = (cdn.origin as Params[])[0] as Params;
  assert.is((origin.customOriginConfig as Params).originProtocolPolicy, 'https-only');
  assert.equal((origin.customOriginConfig as Params).originSslProtocols, ['TLSv1.2']);
  assert.is((cdn.viewerCertificate as Params).minimumProtocolVersion, MINIMUM_TLS);
  assert.is((cdn.viewerCertificate as Params).sslSupportMethod, 'sni-only');
  assert.equal(cdn.aliases, ['shop.example.com']);
});

test('CloudFront waits for an origin: without one the distribution is not planned', () => {
  const shop = awsShop('Snapshot', { assets: {} });
  assert.not.ok(desiredAwsResources(shop).some((p) => p.resource.kind === 'Distribution'));
  assert.ok(
    desiredAwsResources(shop, { originDomain: 'lb.example.com' }).some(
      (p) => p.resource.kind === 'Distribution',
    ),
  );
});

test('API environment: the database through the RDS Proxy, passwords by reference, URLs composed by the kubelet', () => {
  const env = awsApiEnv(awsShop());
  const byName = Object.fromEntries(env.map((e) => [e.name, e]));
  assert.equal(byName.DATABASE_HOST?.valueFrom?.configMapKeyRef, {
    name: 'eid-sale-aws-endpoints',
    key: 'DATABASE_API_HOST',
  });
  assert.equal(byName.DATABASE_URL_QUERY?.valueFrom?.configMapKeyRef?.key, 'DATABASE_API_URL_QUERY');
  assert.equal(byName.DATABASE_PASSWORD?.valueFrom?.secretKeyRef, {
    name: 'eid-sale-postgres-credentials',
    key: 'password',
  });
  assert.equal(byName.REDIS_HOST?.valueFrom?.secretKeyRef, {
    name: 'eid-sale-redis-connection',
    key: 'primary_endpoint_address',
  });
  assert.is(
    byName.DATABASE_URL?.value,
    'postgres://dhakacart:$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/dhakacart$(DATABASE_URL_QUERY)',
  );
  assert.is(byName.REDIS_URL?.value, '$(REDIS_SCHEME)://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)');
  for (const e of env)
    assert.ok(e.valueFrom || e.value?.includes('$('), `${e.name} carries no literal secret`);
});

test('the migration Job connects to the instance itself, not through the proxy (its advisory lock needs a session)', () => {
  const byName = Object.fromEntries(awsApiEnv(awsShop(), 'direct').map((e) => [e.name, e]));
  assert.equal(byName.DATABASE_HOST?.valueFrom?.secretKeyRef, {
    name: 'eid-sale-postgres-connection',
    key: 'address',
  });
  assert.equal(byName.DATABASE_URL_QUERY?.valueFrom?.configMapKeyRef?.key, 'DATABASE_URL_QUERY');
});

test('the database route of the API: the instance until the proxy has an endpoint, then the proxy, each with its TLS', () => {
  const tls = { database: true, cache: true };
  assert.is(databaseRoute(tls, undefined, undefined), undefined, 'nothing observed: no route');
  const before = desiredEndpointsConfigMap(awsShop(), tls).data;
  assert.not.ok(before && 'DATABASE_API_HOST' in before, 'no route: the API cannot start yet');

  const instanceAddress = 'dc-shop-eid-sale-db.abc.ap-south-1.rds.amazonaws.com';
  const direct = databaseRoute({ database: false, cache: true }, undefined, instanceAddress);
  assert.equal(direct, { via: 'instance', host: instanceAddress, query: '' });

  const proxy = {
    endpoint: 'dc-shop-eid-sale-proxy.proxy-abc.ap-south-1.rds.amazonaws.com',
    requireTls: true,
  };
  const route = databaseRoute({ database: false, cache: true }, proxy, instanceAddress);
  assert.equal(route, { via: 'proxy', host: proxy.endpoint, query: '?uselibpqcompat=true&sslmode=require' });
  const after = desiredEndpointsConfigMap(awsShop(), tls, route).data;
  assert.is(after?.DATABASE_API_HOST, proxy.endpoint);
  assert.is(after?.DATABASE_API_URL_QUERY, '?uselibpqcompat=true&sslmode=require');
  const instance = find(desiredAwsResources(awsShop()), 'Instance');
  assert.is(
    observedInstanceAddress({ ...instance, status: { atProvider: { address: instanceAddress } } }),
    instanceAddress,
  );
  assert.is(observedInstanceAddress(instance), undefined);
});

test('endpoints ConfigMap: TLS parts of the URLs follow what the provider observed', () => {
  const tls = desiredEndpointsConfigMap(awsShop(), { database: true, cache: true }).data;
  assert.is(tls?.DATABASE_URL_QUERY, '?uselibpqcompat=true&sslmode=require');
  assert.is(tls?.REDIS_SCHEME, 'rediss');
  const plain = desiredEndpointsConfigMap(awsShop(), { database: false, cache: false }).data;
  assert.is(plain?.DATABASE_URL_QUERY, '');
  assert.is(plain?.REDIS_SCHEME, 'redis');
});

test('readiness follows Ready and Synced, and carries AWS message when something fails', () => {
  const planned = desiredAwsResources(awsShop());
  const withConditions =
    (conditions: { type: string; status: string; reason?: string; message?: string }[]) =>
    (r: ManagedResource): ManagedResource => ({ ...r, status: { conditions } });
  const ok = withConditions([
    { type: 'Ready', status: 'True', reason: 'Available' },
    { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
  ]);
  assert.is(partReadiness('database', planned, () => undefined).condition.reason, 'NotCreated');
  assert.is(partReadiness('database', planned, ok).condition.status, 'True');
  assert.is(partReadiness('cache', planned, ok).condition.type, 'CacheReady');
  const creating = withConditions([{ type: 'Ready', status: 'False', reason: 'Creating' }]);
  const c = partReadiness('database', planned, creating);
  assert.is(c.condition.reason, 'Creating');
  assert.is(c.failed, false);
  const broken = (r: ManagedResource) =>
    r.kind === 'Instance'
      ? withConditions([
          {
            type: 'Ready',
            status: 'False',
            reason: 'Unavailable',
            message: 'InsufficientDBInstanceCapacity',
          },
          { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        ])(r)
      : ok(r);
  const failed = partReadiness('database', planned, broken);
  assert.is(failed.condition.status, 'False');
  assert.is(failed.failed, true);
  assert.match(failed.condition.message, /Instance eid-sale-postgres: InsufficientDBInstanceCapacity/);
  const unsynced = withConditions([
    { type: 'Synced', status: 'False', reason: 'ReconcileError', message: 'AccessDenied' },
  ]);
  assert.match(partReadiness('assets', planned, unsynced).condition.message, /AccessDenied/);
});

test('TLS is taken from what the provider observed', () => {
  const instance = {
    status: { atProvider: { caCertIdentifier: 'rds-ca-rsa2048-g1' } },
  } as unknown as ManagedResource;
  const group = { status: { atProvider: { transitEncryptionEnabled: true } } } as unknown as ManagedResource;
  assert.equal(observedTls(instance, group), { database: true, cache: true });
  assert.equal(observedTls(undefined, undefined), { database: false, cache: false });
});

test('storage: Kubernetes quantities become whole GiB, at least RDS minimum of 20', () => {
  assert.is(storageGiB('100Gi'), 100);
  assert.is(storageGiB('1Ti'), 1024);
  assert.is(storageGiB('10Gi'), 20);
  assert.is(storageGiB(50), 20);
});

test('DatabaseReady waits for the RDS Proxy: no endpoint observed, no proxy; a missing proxy keeps the part False', () => {
  const proxy = (atProvider?: Record<string, unknown>) =>
    ({
      apiVersion: 'rds.aws.m.upbound.io/v1beta1',
      kind: 'Proxy',
      status: { atProvider },
    }) as ManagedResource;
  assert.is(observedProxy(undefined), undefined);
  assert.is(observedProxy(proxy({ arn: 'arn:aws:rds:ap-south-1:1:db-proxy:prx-1' })), undefined);
  assert.equal(observedProxy(proxy({ endpoint: 'p.proxy-1.rds.amazonaws.com' })), {
    endpoint: 'p.proxy-1.rds.amazonaws.com',
    requireTls: true,
  });
  const waiting = partReadiness('database', [], () => undefined, {
    reason: 'WaitingForMasterUserSecret',
    message: 'the RDS Proxy is made once RDS reports the master user secret',
  });
  assert.is(waiting.condition.status, 'False');
  assert.is(waiting.condition.reason, 'WaitingForMasterUserSecret');
});

test.run();
