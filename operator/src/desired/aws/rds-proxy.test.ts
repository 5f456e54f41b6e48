// The RDS Proxy builders: what a platform engineer would check before pointing the API at the proxy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QUERY_WAIT_TIMEOUT_SECONDS } from '../pgbouncer.ts';
import { awsShop } from './fixtures.ts';
import type { ManagedResource } from './managed.ts';
import { awsChildName } from './network.ts';
import { PROXY_MAX_CONNECTIONS_PERCENT, proxyChildName } from './rds-proxy.ts';
import { desiredAwsResources } from './resources.ts';

const secretArn = 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';
type Params = Record<string, unknown>;
const params = (r: ManagedResource | undefined) => (r?.spec.forProvider ?? {}) as Params;
const byKind = (resources: ManagedResource[], kind: string) => resources.find((r) => r.kind === kind);

test('RDS Proxy: PostgreSQL, TLS required, SCRAM with the secret, in the database subnets and group', () => {
  const shop = awsShop();
  const planned = desiredAwsResources(shop, { masterUserSecretArn: secretArn });
  const resources = planned.map((p) => p.resource);
  const proxy = params(byKind(resources, 'Proxy'));
  assert.is(proxy.engineFamily, 'POSTGRESQL');
  assert.is(proxy.requireTls, true);
  assert.equal(proxy.auth, [
    {
      authScheme: 'SECRETS',
      clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256',
      iamAuth: 'DISABLED',
      secretArn,
      description: 'the DhakaCart API user',
    },
  ]);
  assert.equal(proxy.roleArnRef, { name: proxyChildName.role(shop) });
  assert.equal(proxy.vpcSubnetIds, ['subnet-a', 'subnet-b', 'subnet-c']);
  assert.equal(proxy.vpcSecurityGroupIdRefs, [{ name: awsChildName.postgresSecurityGroup(shop) }]);
  // Every proxy resource counts towards DatabaseReady and is owned and namespaced like the rest.
  for (const p of planned.filter((p) => p.resource.metadata.name.startsWith(proxyChildName.proxy(shop))))
    assert.is(p.part, 'database');
});

test('RDS Proxy pool: a share of max_connections, the same short wait as PgBouncer, targeting the shop’s instance', () => {
  const shop = awsShop();
  const resources = desiredAwsResources(shop, { masterUserSecretArn: secretArn }).map((p) => p.resource);
  const group = params(byKind(resources, 'ProxyDefaultTargetGroup'));
  assert.equal(group.dbProxyNameRef, { name: proxyChildName.proxy(shop) });
  const [pool] = group.connectionPoolConfig as Params[];
  assert.is(pool?.maxConnectionsPercent, PROXY_MAX_CONNECTIONS_PERCENT);
  assert.ok((pool?.maxIdleConnectionsPercent as number) <= PROXY_MAX_CONNECTIONS_PERCENT);
  assert.is(pool?.connectionBorrowTimeout, QUERY_WAIT_TIMEOUT_SECONDS);
  const target = params(byKind(resources, 'ProxyTarget'));
  assert.equal(target.dbInstanceIdentifierRef, { name: awsChildName.postgres(shop) });
  assert.is(target.targetGroupName, 'default');
  // The proxy shares the database's group; a self-referencing rule lets it reach the instance on 5432.
  const rule = resources.find((r) => r.metadata.name === proxyChildName.postgresFromProxy(shop));
  assert.equal(params(rule).securityGroupIdRef, params(rule).referencedSecurityGroupIdRef);
  assert.is(params(rule).fromPort, 5432);
});

test('the proxy reads the master user secret through a role only RDS may assume, allowed that one secret', () => {
  const shop = awsShop();
  const resources = desiredAwsResources(shop, { masterUserSecretArn: secretArn }).map((p) => p.resource);
  const role = params(byKind(resources, 'Role'));
  assert.equal(JSON.parse(role.assumeRolePolicy as string).Statement, [
    { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ]);
  const policy = JSON.parse(params(byKind(resources, 'Policy')).policy as string);
  assert.equal(policy.Statement, [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: secretArn,
    },
  ]);
  const attachment = params(byKind(resources, 'RolePolicyAttachment'));
  assert.equal(attachment.roleRef, { name: proxyChildName.role(shop) });
  assert.equal(attachment.policyArnRef, { name: proxyChildName.role(shop) });
  // What the proxy references is made before it.
  const order = resources.map((r) => r.kind);
  assert.ok(
    order.indexOf('Role') < order.indexOf('Proxy') && order.indexOf('Policy') < order.indexOf('Proxy'),
  );
});

test('before RDS reports the master user secret, neither the proxy nor its role is planned', () => {
  const kinds = desiredAwsResources(awsShop()).map((p) => p.resource.kind);
  for (const kind of [
    'Proxy',
    'ProxyDefaultTargetGroup',
    'ProxyTarget',
    'Role',
    'Policy',
    'RolePolicyAttachment',
  ])
    assert.not.ok(kinds.includes(kind), kind);
  assert.ok(kinds.includes('Instance'));
});

test.run();
