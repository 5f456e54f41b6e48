// The RDS Proxy builders: what a platform engineer would check before pointing the API at the proxy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QUERY_WAIT_TIMEOUT_SECONDS } from '../pgbouncer.ts';
import { awsShop } from './fixtures.ts';
import type { ManagedResource } from './managed.ts';
import { awsChildName } from './network.ts';
import { PROXY_MAX_CONNECTIONS_PERCENT, proxyChildName } from './rds-proxy.ts';
import { desiredAwsResources } from './resources.ts';

const auth = {
  secretArn: 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:dhakacart-db-AbCdEf',
  roleArn: 'arn:aws:iam::123456789012:role/dhakacart-rds-proxy',
};
type Params = Record<string, unknown>;
const params = (r: ManagedResource | undefined) => (r?.spec.forProvider ?? {}) as Params;
const byKind = (resources: ManagedResource[], kind: string) => resources.find((r) => r.kind === kind);

test('RDS Proxy: PostgreSQL, TLS required, SCRAM with the secret, in the database subnets and group', () => {
  const shop = awsShop();
  const planned = desiredAwsResources(shop, { proxyAuth: auth });
  const resources = planned.map((p) => p.resource);
  const proxy = params(byKind(resources, 'Proxy'));
  assert.is(proxy.engineFamily, 'POSTGRESQL');
  assert.is(proxy.requireTls, true);
  assert.equal(proxy.auth, [
    {
      authScheme: 'SECRETS',
      clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256',
      iamAuth: 'DISABLED',
      secretArn: auth.secretArn,
      description: 'the DhakaCart API user',
    },
  ]);
  assert.is(proxy.roleArn, auth.roleArn);
  assert.equal(proxy.vpcSubnetIds, ['subnet-a', 'subnet-b', 'subnet-c']);
  assert.equal(proxy.vpcSecurityGroupIdRefs, [{ name: awsChildName.postgresSecurityGroup(shop) }]);
  // Every proxy resource counts towards DatabaseReady and is owned and namespaced like the rest.
  for (const p of planned.filter((p) => p.resource.metadata.name.startsWith(proxyChildName.proxy(shop))))
    assert.is(p.part, 'database');
});

test('RDS Proxy pool: a share of max_connections, the same short wait as PgBouncer, targeting the shop’s instance', () => {
  const shop = awsShop();
  const resources = desiredAwsResources(shop, { proxyAuth: auth }).map((p) => p.resource);
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

test('no proxy is planned until its secret and role are known (AWS requires them first)', () => {
  const kinds = desiredAwsResources(awsShop()).map((p) => p.resource.kind);
  assert.not.ok(kinds.includes('Proxy'));
  assert.not.ok(kinds.includes('ProxyTarget'));
});

test.run();
