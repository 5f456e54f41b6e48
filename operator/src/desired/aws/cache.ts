// ElastiCache Redis: a replication group with automatic failover across zones, TLS in transit, encryption
// at rest and an auth token from the operator's generated Secret (a reference, never a value).
import type { DhakaCart } from '../../types.ts';
import { childName } from '../meta.ts';
import { EXTERNAL_NAME } from './database.ts';
import { AwsGroup, awsName, awsTags, type ManagedResource, managed } from './managed.ts';
import { awsChildName, REDIS_PORT } from './network.ts';
import type { AwsShopSpec } from './spec.ts';

export function desiredCacheSubnetGroup(shop: DhakaCart, settings: AwsShopSpec): ManagedResource {
  const resource = managed(shop, settings, {
    apiVersion: AwsGroup.elasticache,
    kind: 'SubnetGroup',
    name: awsChildName.redis(shop),
    component: 'redis',
    forProvider: {
      region: settings.aws.region,
      description: `DhakaCart ${shop.metadata.namespace}/${shop.metadata.name} Redis`,
      subnetIds: settings.aws.network.subnetIds,
      tags: awsTags(shop, settings),
    },
  });
  resource.metadata.annotations = { [EXTERNAL_NAME]: awsName(shop, 'redis', 255) };
  return resource;
}

export function desiredReplicationGroup(shop: DhakaCart, settings: AwsShopSpec): ManagedResource {
  const cache = settings.cache;
  const resource = managed(shop, settings, {
    apiVersion: AwsGroup.elasticache,
    kind: 'ReplicationGroup',
    name: awsChildName.redis(shop),
    component: 'redis',
    connectionSecret: awsChildName.redisConnection(shop),
    forProvider: {
      region: settings.aws.region,
      description: `DhakaCart ${shop.metadata.namespace}/${shop.metadata.name} cache`,
      engine: 'redis',
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      numCacheClusters: cache.nodes,
      port: REDIS_PORT,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      // The provider's schema has this one as a string.
      atRestEncryptionEnabled: 'true',
      authTokenSecretRef: { name: childName.redisCredentials(shop), key: 'password' },
      subnetGroupNameRef: { name: awsChildName.redis(shop) },
      securityGroupIdRefs: [{ name: awsChildName.redisSecurityGroup(shop) }],
      snapshotRetentionLimit: 1,
      applyImmediately: false,
      tags: awsTags(shop, settings),
    },
  });
  // Replication group ids are at most 40 characters.
  resource.metadata.annotations = { [EXTERNAL_NAME]: awsName(shop, 'redis', 40) };
  return resource;
}
