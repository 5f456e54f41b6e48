// Security groups: one for the API pods (attached through EKS security groups for pods), and one each for
// PostgreSQL and Redis that admit only that API group, on their own port. Nothing else can reach the data.
import type { DhakaCart } from '../../types.ts';
import { AwsGroup, awsName, awsTags, type ManagedResource, managed } from './managed.ts';
import type { AwsShopSpec } from './spec.ts';

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

export const awsChildName = {
  apiSecurityGroup: (shop: DhakaCart) => `${shop.metadata.name}-api-sg`,
  postgresSecurityGroup: (shop: DhakaCart) => `${shop.metadata.name}-postgres-sg`,
  redisSecurityGroup: (shop: DhakaCart) => `${shop.metadata.name}-redis-sg`,
  postgresFromApi: (shop: DhakaCart) => `${shop.metadata.name}-postgres-from-api`,
  redisFromApi: (shop: DhakaCart) => `${shop.metadata.name}-redis-from-api`,
  postgres: (shop: DhakaCart) => `${shop.metadata.name}-postgres`,
  postgresConnection: (shop: DhakaCart) => `${shop.metadata.name}-postgres-connection`,
  redis: (shop: DhakaCart) => `${shop.metadata.name}-redis`,
  redisConnection: (shop: DhakaCart) => `${shop.metadata.name}-redis-connection`,
  assets: (shop: DhakaCart) => `${shop.metadata.name}-assets`,
  cdn: (shop: DhakaCart) => `${shop.metadata.name}-cdn`,
  endpoints: (shop: DhakaCart) => `${shop.metadata.name}-aws-endpoints`,
};

function securityGroup(
  shop: DhakaCart,
  settings: AwsShopSpec,
  name: string,
  suffix: string,
  description: string,
) {
  return managed(shop, settings, {
    apiVersion: AwsGroup.ec2,
    kind: 'SecurityGroup',
    name,
    forProvider: {
      region: settings.aws.region,
      name: awsName(shop, suffix, 255),
      description,
      vpcId: settings.aws.network.vpcId,
      revokeRulesOnDelete: true,
      tags: awsTags(shop, settings),
    },
  });
}

function admitApi(
  shop: DhakaCart,
  settings: AwsShopSpec,
  name: string,
  target: string,
  port: number,
  what: string,
) {
  return managed(shop, settings, {
    apiVersion: AwsGroup.ec2,
    kind: 'SecurityGroupIngressRule',
    name,
    forProvider: {
      region: settings.aws.region,
      description: `${what} from the DhakaCart API only`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      securityGroupIdRef: { name: target },
      referencedSecurityGroupIdRef: { name: awsChildName.apiSecurityGroup(shop) },
      tags: awsTags(shop, settings),
    },
  });
}

/** The three security groups and the two rules that let only the API reach PostgreSQL and Redis. */
export function desiredSecurityGroups(shop: DhakaCart, settings: AwsShopSpec): ManagedResource[] {
  return [
    securityGroup(shop, settings, awsChildName.apiSecurityGroup(shop), 'api', 'DhakaCart API pods'),
    securityGroup(
      shop,
      settings,
      awsChildName.postgresSecurityGroup(shop),
      'postgres',
      'DhakaCart RDS PostgreSQL',
    ),
    securityGroup(
      shop,
      settings,
      awsChildName.redisSecurityGroup(shop),
      'redis',
      'DhakaCart ElastiCache Redis',
    ),
    admitApi(
      shop,
      settings,
      awsChildName.postgresFromApi(shop),
      awsChildName.postgresSecurityGroup(shop),
      POSTGRES_PORT,
      'PostgreSQL',
    ),
    admitApi(
      shop,
      settings,
      awsChildName.redisFromApi(shop),
      awsChildName.redisSecurityGroup(shop),
      REDIS_PORT,
      'Redis',
    ),
  ];
}
