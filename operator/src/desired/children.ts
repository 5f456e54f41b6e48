// Everything a DhakaCart should own, in the order it is applied (what others depend on comes first).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { desiredOffsitePolicy } from './backups/offsite.ts';
import { desiredConfigMap } from './config-map.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from './deployment.ts';
import { desiredApiHpa, desiredStorefrontHpa } from './hpa.ts';
import { desiredIngress } from './ingress.ts';
import { childName } from './meta.ts';
import { desiredNetworkPolicies } from './network-policy.ts';
import { desiredPdb } from './pdb.ts';
import {
  desiredPgbouncerConfigMap,
  desiredPgbouncerDeployment,
  desiredPgbouncerService,
} from './pgbouncer.ts';
import { desiredPostgresStatefulSet } from './postgres.ts';
import { desiredRedisDeployment } from './redis.ts';
import {
  desiredApiService,
  desiredPostgresService,
  desiredRedisService,
  desiredStorefrontService,
} from './service.ts';
import { desiredServiceAccount } from './service-account.ts';

export interface ChildPlan {
  /** The API version to run: the newest whose migration succeeded, or undefined before the first one. */
  apiVersion: string | undefined;
}

/**
 * The children applied with server-side apply. Generated Secrets and the migration Job are not here: the
 * Secrets are created once and never rewritten, and the Job is created per version by the migration step.
 */
export function desiredChildren(shop: DhakaCart, plan: ChildPlan): KubernetesObject[] {
  const children: KubernetesObject[] = [
    desiredServiceAccount(shop, 'api', childName.api(shop)),
    desiredServiceAccount(shop, 'storefront', childName.storefront(shop)),
    ...desiredNetworkPolicies(shop),
    desiredConfigMap(shop),
  ];
  const offsite = desiredOffsitePolicy(shop);
  if (offsite) children.push(offsite);
  if (shop.spec.platform === 'inCluster') {
    children.push(
      desiredServiceAccount(shop, 'postgres', childName.postgres(shop)),
      desiredServiceAccount(shop, 'redis', childName.redis(shop)),
      desiredPostgresService(shop),
      desiredPostgresStatefulSet(shop),
      desiredServiceAccount(shop, 'pgbouncer', childName.pgbouncer(shop)),
      desiredPgbouncerConfigMap(shop),
      desiredPgbouncerService(shop),
      desiredPgbouncerDeployment(shop),
      desiredPdb(shop, 'pgbouncer'),
      desiredRedisService(shop),
      desiredRedisDeployment(shop),
    );
  }
  children.push(
    desiredApiService(shop),
    desiredStorefrontService(shop),
    desiredStorefrontDeployment(shop, shop.spec.version),
    desiredStorefrontHpa(shop),
    desiredPdb(shop, 'storefront'),
  );
  if (plan.apiVersion) {
    children.push(desiredApiDeployment(shop, plan.apiVersion), desiredApiHpa(shop), desiredPdb(shop, 'api'));
  }
  const ingress = desiredIngress(shop);
  if (ingress) children.push(ingress);
  return children;
}
