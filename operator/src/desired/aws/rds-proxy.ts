// RDS Proxy: on `platform: aws`, what PgBouncer is on inCluster. The API's pods (up to HPA max × 10
// connections) connect to the proxy, which multiplexes them onto a share of the instance's max_connections and
// keeps client connections open through a failover. Three provider-aws kinds: the Proxy (TLS required, SCRAM to
// the database, in the database's subnets and security group), its default target group (the pool's share of
// max_connections and how long a client waits for a connection), and the target (the shop's RDS instance),
// plus one rule that lets the proxy reach the instance inside their shared security group.
//
// The proxy logs in to PostgreSQL with the master user secret RDS keeps in Secrets Manager
// (manageMasterUserPassword, database.ts), through an IAM role it assumes: the Role (trusting
// rds.amazonaws.com only), a Policy that may read that one secret, and their attachment. The secret's ARN is
// known only once RDS has made the instance, so these are planned from then on (resources.ts).
import type { DhakaCart } from '../../types.ts';
import { QUERY_WAIT_TIMEOUT_SECONDS } from '../pgbouncer.ts';
import { AwsGroup, awsName, awsTags, type ManagedResource, managed } from './managed.ts';
import { awsChildName, POSTGRES_PORT } from './network.ts';
import type { AwsShopSpec } from './spec.ts';

/**
 * The share of the instance's max_connections the proxy may use (RDS default 100). 90 leaves the rest for
 * what connects to the instance directly: the migration Job (its advisory lock needs a session, which would pin
 * a proxied connection anyway), snapshot tooling and an on-call engineer's psql.
 */
export const PROXY_MAX_CONNECTIONS_PERCENT = 90;

/**
 * Seconds a client waits for a pooled connection before the proxy returns an error: the same short wait as
 * PgBouncer's query_wait_timeout, so a database outage turns into a quick 503 with Retry-After.
 */
export const PROXY_BORROW_TIMEOUT_SECONDS = QUERY_WAIT_TIMEOUT_SECONDS;

/**
 * spec.forProvider of provider-aws v2.6.0 `rds.aws.m.upbound.io/v1beta1` Proxy, transcribed: the fields
 * DhakaCart sets (names as in the provider's schema; meanings from the AWS CreateDBProxy API).
 */
export interface ProxyParameters {
  region: string;
  engineFamily: 'POSTGRESQL';
  auth: {
    authScheme: 'SECRETS';
    clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256';
    iamAuth: 'DISABLED';
    secretArn: string;
    description: string;
  }[];
  /** The IAM role that may read the secret (desiredProxyRole), resolved by the provider to its ARN. */
  roleArnRef: { name: string };
  requireTls: boolean;
  /** Seconds a client connection may sit idle before the proxy closes it. */
  idleClientTimeout: number;
  debugLogging: boolean;
  vpcSubnetIds: string[];
  vpcSecurityGroupIdRefs: { name: string }[];
  tags: Record<string, string>;
}

/** spec.forProvider of provider-aws v2.6.0 `rds.aws.m.upbound.io/v1beta1` ProxyDefaultTargetGroup, transcribed. */
export interface ProxyDefaultTargetGroupParameters {
  region: string;
  dbProxyNameRef: { name: string };
  connectionPoolConfig: {
    /** Percent of the target's max_connections the proxy may open. */
    maxConnectionsPercent: number;
    /** Percent of the target's max_connections the proxy keeps open while idle. */
    maxIdleConnectionsPercent: number;
    /** Seconds a client waits for a connection from the pool before an error. */
    connectionBorrowTimeout: number;
  }[];
}

/** spec.forProvider of provider-aws v2.6.0 `rds.aws.m.upbound.io/v1beta1` ProxyTarget, transcribed. */
export interface ProxyTargetParameters {
  region: string;
  dbProxyNameRef: { name: string };
  targetGroupName: 'default';
  dbInstanceIdentifierRef: { name: string };
}

export const proxyChildName = {
  proxy: (shop: DhakaCart) => `${shop.metadata.name}-postgres-proxy`,
  /** The IAM Role, Policy and RolePolicyAttachment share the proxy's name. */
  role: (shop: DhakaCart) => `${shop.metadata.name}-postgres-proxy`,
  postgresFromProxy: (shop: DhakaCart) => `${shop.metadata.name}-postgres-from-proxy`,
};

/**
 * The proxy's IAM role, its policy and their attachment, then the proxy, its default target group and target,
 * and the rule admitting it to the instance: in dependency order. `secretArn` is the ARN of the instance's
 * master user secret (Instance status.atProvider.masterUserSecret[0].secretArn).
 */
export function desiredRdsProxy(
  shop: DhakaCart,
  settings: AwsShopSpec,
  secretArn: string,
): ManagedResource[] {
  const region = settings.aws.region;
  const proxy = proxyChildName.proxy(shop);
  const databaseGroup = awsChildName.postgresSecurityGroup(shop);
  const proxyResource = managed<ProxyParameters>(shop, settings, {
    apiVersion: AwsGroup.rds,
    kind: 'Proxy',
    name: proxy,
    component: 'postgres',
    forProvider: {
      region,
      engineFamily: 'POSTGRESQL',
      auth: [
        {
          authScheme: 'SECRETS',
          clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256',
          iamAuth: 'DISABLED',
          secretArn,
          description: 'the DhakaCart API user',
        },
      ],
      roleArnRef: { name: proxyChildName.role(shop) },
      requireTls: true,
      idleClientTimeout: 1800,
      debugLogging: false,
      vpcSubnetIds: settings.aws.network.subnetIds,
      // The database's group already admits the API on 5432; the rule below lets the proxy reach the instance.
      vpcSecurityGroupIdRefs: [{ name: databaseGroup }],
      tags: awsTags(shop, settings),
    },
  });
  proxyResource.metadata.annotations = { 'crossplane.io/external-name': awsName(shop, 'proxy') };
  const targetGroup = managed<ProxyDefaultTargetGroupParameters>(shop, settings, {
    apiVersion: AwsGroup.rds,
    kind: 'ProxyDefaultTargetGroup',
    name: proxy,
    component: 'postgres',
    forProvider: {
      region,
      dbProxyNameRef: { name: proxy },
      connectionPoolConfig: [
        {
          maxConnectionsPercent: PROXY_MAX_CONNECTIONS_PERCENT,
          maxIdleConnectionsPercent: Math.round(PROXY_MAX_CONNECTIONS_PERCENT / 2),
          connectionBorrowTimeout: PROXY_BORROW_TIMEOUT_SECONDS,
        },
      ],
    },
  });
  const target = managed<ProxyTargetParameters>(shop, settings, {
    apiVersion: AwsGroup.rds,
    kind: 'ProxyTarget',
    name: proxy,
    component: 'postgres',
    forProvider: {
      region,
      dbProxyNameRef: { name: proxy },
      targetGroupName: 'default',
      dbInstanceIdentifierRef: { name: awsChildName.postgres(shop) },
    },
  });
  const fromProxy = managed(shop, settings, {
    apiVersion: AwsGroup.ec2,
    kind: 'SecurityGroupIngressRule',
    name: proxyChildName.postgresFromProxy(shop),
    forProvider: {
      region,
      description: 'PostgreSQL from the DhakaCart RDS Proxy (same group)',
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      securityGroupIdRef: { name: databaseGroup },
      referencedSecurityGroupIdRef: { name: databaseGroup },
      tags: awsTags(shop, settings),
    },
  });
  return [
    ...desiredProxyRole(shop, settings, secretArn),
    fromProxy,
    proxyResource,
    targetGroup,
    target,
  ] as ManagedResource[];
}

/**
 * The proxy's access to the master user secret, least privilege: a Role only RDS may assume, a Policy that
 * reads and describes that one secret, and their attachment. The statements are those of the RDS User Guide
 * ("Setting up database credentials in AWS Secrets Manager" for RDS Proxy); its kms:Decrypt statement is left
 * out because the secret is encrypted with the AWS managed key `aws/secretsmanager`, whose key policy already
 * lets Secrets Manager decrypt for a principal allowed to read the secret (database.ts sets no
 * masterUserSecretKmsKeyId).
 */
export function desiredProxyRole(
  shop: DhakaCart,
  settings: AwsShopSpec,
  secretArn: string,
): ManagedResource[] {
  const name = proxyChildName.role(shop);
  const role = managed(shop, settings, {
    apiVersion: AwsGroup.iam,
    kind: 'Role',
    name,
    component: 'postgres',
    forProvider: {
      description: `RDS Proxy of DhakaCart ${shop.metadata.namespace}/${shop.metadata.name} reads the database secret`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'rds.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
      tags: awsTags(shop, settings),
    },
  });
  role.metadata.annotations = { 'crossplane.io/external-name': awsName(shop, 'proxy', 64) };
  const policy = managed(shop, settings, {
    apiVersion: AwsGroup.iam,
    kind: 'Policy',
    name,
    component: 'postgres',
    forProvider: {
      description: 'Read the master user secret of the DhakaCart database',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: secretArn,
          },
        ],
      }),
      tags: awsTags(shop, settings),
    },
  });
  policy.metadata.annotations = { 'crossplane.io/external-name': awsName(shop, 'proxy', 128) };
  const attachment = managed(shop, settings, {
    apiVersion: AwsGroup.iam,
    kind: 'RolePolicyAttachment',
    name,
    component: 'postgres',
    forProvider: { roleRef: { name }, policyArnRef: { name } },
  });
  return [role, policy, attachment] as ManagedResource[];
}
