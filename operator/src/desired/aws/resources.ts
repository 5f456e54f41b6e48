// Every managed resource of a `platform: aws` shop, in dependency order (what others reference comes first).
import type { DhakaCart } from '../../types.ts';
import { desiredAssetsBucket } from './assets.ts';
import { desiredCacheSubnetGroup, desiredReplicationGroup } from './cache.ts';
import { desiredDistribution } from './cdn.ts';
import { type DatabaseOptions, desiredDbInstance, desiredDbSubnetGroup } from './database.ts';
import type { ManagedResource } from './managed.ts';
import { desiredSecurityGroups } from './network.ts';
import { desiredRdsProxy } from './rds-proxy.ts';
import { awsSpec } from './spec.ts';

export interface AwsPlan extends DatabaseOptions {
  /** The shop's load balancer host name from the Ingress status, the CDN's origin unless the spec names one. */
  originDomain?: string;
  /**
   * The ARN of the instance's master user secret, as RDS reports it once the instance exists: the RDS Proxy
   * (and its IAM role) log in with it, so they are planned only once it is known.
   */
  masterUserSecretArn?: string;
}

/** Which part of the shop a managed resource serves, for the DatabaseReady/CacheReady/AssetsReady conditions. */
export type AwsPart = 'database' | 'cache' | 'assets';

export interface PlannedResource {
  part: AwsPart;
  resource: ManagedResource;
}

export function desiredAwsResources(shop: DhakaCart, plan: AwsPlan = {}): PlannedResource[] {
  const settings = awsSpec(shop);
  const [apiSg, dbSg, cacheSg, dbRule, cacheRule] = desiredSecurityGroups(shop, settings);
  const tag = (part: AwsPart) => (resource: ManagedResource | undefined) =>
    resource ? [{ part, resource }] : [];
  const distribution = desiredDistribution(shop, settings, plan.originDomain);
  return [
    ...tag('database')(apiSg),
    ...tag('database')(dbSg),
    ...tag('database')(dbRule),
    ...tag('database')(desiredDbSubnetGroup(shop, settings)),
    ...tag('database')(desiredDbInstance(shop, settings, plan)),
    ...(plan.masterUserSecretArn
      ? desiredRdsProxy(shop, settings, plan.masterUserSecretArn).flatMap(tag('database'))
      : []),
    ...tag('cache')(cacheSg),
    ...tag('cache')(cacheRule),
    ...tag('cache')(desiredCacheSubnetGroup(shop, settings)),
    ...tag('cache')(desiredReplicationGroup(shop, settings)),
    ...desiredAssetsBucket(shop, settings).flatMap(tag('assets')),
    ...tag('assets')(distribution),
  ];
}
