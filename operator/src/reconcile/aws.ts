// `platform: aws`, "make it so": apply the shop's Crossplane managed resources (pure builders in
// desired/aws/), observe their Ready/Synced conditions into DatabaseReady, CacheReady and AssetsReady, record
// what the provider observed about TLS for the API's environment, and run the deletion policy from a
// finalizer before the shop (and with it, through owner references, every managed resource) goes.
import type { KubeConfig, V1ConfigMap, V1Ingress } from '@kubernetes/client-node';
import { desiredDbInstance } from '../desired/aws/database.ts';
import { databaseRoute, desiredEndpointsConfigMap } from '../desired/aws/env.ts';
import type { ManagedResource } from '../desired/aws/managed.ts';
import {
  AwsReason,
  observedInstanceAddress,
  observedProxy,
  observedTls,
  type PartReadiness,
  partReadiness,
} from '../desired/aws/readiness.ts';
import { type AwsPart, desiredAwsResources } from '../desired/aws/resources.ts';
import { desiredExternalSecrets } from '../desired/aws/secrets.ts';
import { awsSpec } from '../desired/aws/spec.ts';
import { RDS_BACKUP_KINDS } from '../desired/backups/aws.ts';
import { MANAGED_BY } from '../desired/meta.ts';
import { Informer, type InformerOptions } from '../informer.ts';
import { errorMessage, statusCode } from '../kube/client.ts';
import { collectionPath } from '../kube/resources.ts';
import { getJson } from '../kube/rest.ts';
import type { DhakaCart } from '../types.ts';
import { announce, ensureChild } from './apply.ts';
import { cached, type ReconcileContext } from './context.ts';
import { AWS_FINALIZER, hasFinalizer, setFinalizer } from './finalizers.ts';

/** Held on every aws shop until its deletion policy has been carried out. */

/** The managed kinds the operator writes and watches: `<apiVersion>/<Kind>` → plural. */
export const MANAGED_KINDS: { apiVersion: string; kind: string; plural: string }[] = [
  { apiVersion: 'ec2.aws.m.upbound.io/v1beta1', kind: 'SecurityGroup', plural: 'securitygroups' },
  {
    apiVersion: 'ec2.aws.m.upbound.io/v1beta1',
    kind: 'SecurityGroupIngressRule',
    plural: 'securitygroupingressrules',
  },
  { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'SubnetGroup', plural: 'subnetgroups' },
  { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', plural: 'instances' },
  { apiVersion: 'elasticache.aws.m.upbound.io/v1beta1', kind: 'SubnetGroup', plural: 'subnetgroups' },
  {
    apiVersion: 'elasticache.aws.m.upbound.io/v1beta1',
    kind: 'ReplicationGroup',
    plural: 'replicationgroups',
  },
  { apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket', plural: 'buckets' },
  { apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'BucketVersioning', plural: 'bucketversionings' },
  {
    apiVersion: 's3.aws.m.upbound.io/v1beta1',
    kind: 'BucketServerSideEncryptionConfiguration',
    plural: 'bucketserversideencryptionconfigurations',
  },
  {
    apiVersion: 's3.aws.m.upbound.io/v1beta1',
    kind: 'BucketPublicAccessBlock',
    plural: 'bucketpublicaccessblocks',
  },
  {
    apiVersion: 's3.aws.m.upbound.io/v1beta1',
    kind: 'BucketReplicationConfiguration',
    plural: 'bucketreplicationconfigurations',
  },
  { apiVersion: 'cloudfront.aws.m.upbound.io/v1beta1', kind: 'Distribution', plural: 'distributions' },
  // The RDS Proxy in front of the instance and the IAM role it reads the master user secret with.
  { apiVersion: 'iam.aws.m.upbound.io/v1beta1', kind: 'Role', plural: 'roles' },
  { apiVersion: 'iam.aws.m.upbound.io/v1beta1', kind: 'Policy', plural: 'policies' },
  {
    apiVersion: 'iam.aws.m.upbound.io/v1beta1',
    kind: 'RolePolicyAttachment',
    plural: 'rolepolicyattachments',
  },
  { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Proxy', plural: 'proxies' },
  {
    apiVersion: 'rds.aws.m.upbound.io/v1beta1',
    kind: 'ProxyDefaultTargetGroup',
    plural: 'proxydefaulttargetgroups',
  },
  { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'ProxyTarget', plural: 'proxytargets' },
];

/** Everything watched: the shop's own managed resources and the RDS backup kinds (reconcile/backups/aws.ts). */
const WATCHED_KINDS = [...MANAGED_KINDS, ...RDS_BACKUP_KINDS];

const typeKey = (o: { apiVersion?: string; kind?: string }) => `${o.apiVersion}/${o.kind}`;

/** Informers for the managed kinds, keyed by `<apiVersion>/<Kind>` (two kinds are called SubnetGroup). */
export type ManagedInformers = Map<string, Informer<ManagedResource>>;

/**
 * Informers for the managed kinds, or undefined when the cluster does not serve provider-aws's namespaced
 * CRDs (no Crossplane) or the operator may not read them (an older chart): then inCluster shops work as
 * before and aws shops say what is missing, instead of the operator waiting forever for caches to fill.
 */
export async function createManagedInformers(
  kc: KubeConfig,
  options: InformerOptions,
): Promise<ManagedInformers | undefined> {
  for (const type of WATCHED_KINDS) {
    try {
      await getJson(kc, `${collectionPath(type, options.namespace)}?limit=1`);
    } catch (error) {
      const code = statusCode(error);
      if (code !== 404 && code !== 403) throw error;
      options.log?.('warn', 'platform aws is off: provider-aws managed resources cannot be listed', {
        kind: typeKey(type),
        reason: code === 404 ? 'not served (install Crossplane and provider-aws)' : 'forbidden by RBAC',
      });
      return undefined;
    }
  }
  return new Map(
    WATCHED_KINDS.map((type) => [
      typeKey(type),
      new Informer<ManagedResource>(kc, type, {
        ...options,
        labelSelector: `app.kubernetes.io/managed-by=${MANAGED_BY}`,
      }),
    ]),
  );
}

export interface AwsObservation {
  database: PartReadiness;
  cache: PartReadiness;
  assets: PartReadiness;
  /** True when both data stores are Ready: the migration and the API may start. */
  dataReady: boolean;
  /** The endpoints ConfigMap as built this pass (the API's pods read it; its data goes into their config hash). */
  endpoints?: V1ConfigMap;
  failures: string[];
}

function live(informers: ManagedInformers, desired: ManagedResource): ManagedResource | undefined {
  return informers.get(typeKey(desired))?.get(desired.metadata.namespace, desired.metadata.name);
}

/** The ARN of the Secrets Manager secret RDS keeps the master password in, once the provider reports it. */
export function masterUserSecretArn(instance: ManagedResource | undefined): string | undefined {
  const atProvider = instance?.status?.atProvider as
    | { masterUserSecret?: { secretArn?: string }[] }
    | undefined;
  return atProvider?.masterUserSecret?.[0]?.secretArn;
}

/**
 * Applies the shop's ExternalSecrets (server-side apply: unchanged ones cost the API server nothing). ESO
 * turns them into the Secrets the pods read; until it has, the pods wait in CreateContainerConfigError and
 * the shop is not Ready. Throws with the API server's message, e.g. when ESO's CRDs are not installed.
 */
async function ensureExternalSecrets(
  ctx: ReconcileContext,
  shop: DhakaCart,
  secretArn: string | undefined,
): Promise<void> {
  for (const desired of desiredExternalSecrets(shop, secretArn)) {
    try {
      await ctx.client.apply(desired);
    } catch (error) {
      throw new Error(
        `while applying ExternalSecret ${desired.metadata.name} of ${shop.metadata.namespace}/${shop.metadata.name} (is the External Secrets Operator installed? docs/delivery.md): ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
}

/** The shop's load balancer host name, the CDN's origin unless the spec names one. */
function loadBalancerHost(ctx: ReconcileContext, shop: DhakaCart): string | undefined {
  const ingress = cached<V1Ingress>(ctx, 'Ingress', shop.metadata.namespace, shop.metadata.name);
  const lb = ingress?.status?.loadBalancer?.ingress?.[0];
  return lb?.hostname ?? lb?.ip;
}

/** Adds the finalizer that protects the shop's AWS data, once. */
async function ensureFinalizer(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  await setFinalizer(ctx, shop, AWS_FINALIZER, true);
}

/**
 * Applies every managed resource of an aws shop and observes them. Problems are collected, not thrown, so
 * the status always tells the truth about each part.
 */
export async function reconcileAws(
  ctx: ReconcileContext & { managed?: ManagedInformers },
  shop: DhakaCart,
): Promise<AwsObservation> {
  const informers = ctx.managed;
  if (!informers) {
    const notInstalled = (part: AwsPart): PartReadiness => ({
      condition: {
        type: { database: 'DatabaseReady', cache: 'CacheReady', assets: 'AssetsReady' }[part],
        status: 'False',
        reason: AwsReason.CrossplaneNotInstalled,
        message:
          'this cluster does not serve the provider-aws managed resources (*.aws.m.upbound.io); install Crossplane and provider-aws as in crossplane/README.md, then restart the operator',
      },
      failed: true,
    });
    return {
      database: notInstalled('database'),
      cache: notInstalled('cache'),
      assets: notInstalled('assets'),
      dataReady: false,
      failures: [],
    };
  }
  const failures: string[] = [];
  await ensureFinalizer(ctx, shop).catch((error) => failures.push(errorMessage(error)));
  const originDomain = loadBalancerHost(ctx, shop);
  // The RDS Proxy logs in with the instance's master user secret, whose ARN RDS reports once it made it.
  const liveInstance = live(informers, desiredDbInstance(shop, awsSpec(shop)));
  const secretArn = masterUserSecretArn(liveInstance);
  const planned = desiredAwsResources(shop, {
    ...(originDomain ? { originDomain } : {}),
    ...(secretArn ? { masterUserSecretArn: secretArn } : {}),
  });
  for (const { resource } of planned) {
    try {
      await ensureChild(ctx, shop, resource);
    } catch (error) {
      failures.push(errorMessage(error));
    }
  }
  const look = (r: ManagedResource) => live(informers, r);
  const instance = planned.find((p) => p.resource.kind === 'Instance')?.resource;
  const group = planned.find((p) => p.resource.kind === 'ReplicationGroup')?.resource;
  const proxyResource = planned.find((p) => p.resource.kind === 'Proxy')?.resource;
  const proxy = observedProxy(proxyResource && look(proxyResource));
  const tls = observedTls(instance && look(instance), group && look(group));
  const endpoints = desiredEndpointsConfigMap(
    shop,
    tls,
    databaseRoute(tls, proxy, observedInstanceAddress(instance && look(instance))),
  );
  try {
    await ensureChild(ctx, shop, endpoints);
  } catch (error) {
    failures.push(errorMessage(error));
  }
  await ensureExternalSecrets(ctx, shop, secretArn).catch((error) => failures.push(errorMessage(error)));
  const cdnMissing = planned.some((p) => p.resource.kind === 'Distribution')
    ? undefined
    : {
        reason: AwsReason.WaitingForOrigin,
        message: awsSpec(shop).assets.cdn.certificateArn
          ? 'CloudFront waits for the shop load balancer host name (Ingress status) or spec.assets.cdn.originDomain'
          : 'CloudFront needs an ACM certificate in us-east-1: set spec.assets.cdn.certificateArn or spec.ingress.tls.certificateArn',
      };
  // The API connects through the proxy: the database is ready for it once the proxy has an endpoint.
  const proxyMissing = !proxyResource
    ? {
        reason: AwsReason.WaitingForMasterUserSecret,
        message: `the RDS Proxy is made once RDS reports the master user secret of Instance ${instance?.metadata.name}`,
      }
    : !proxy
      ? {
          reason: AwsReason.Creating,
          message: `Proxy ${proxyResource.metadata.name} has no endpoint yet`,
        }
      : undefined;
  const database = partReadiness('database', planned, look, proxyMissing);
  const cache = partReadiness('cache', planned, look);
  const assets = partReadiness('assets', planned, look, cdnMissing);
  return {
    database,
    cache,
    assets,
    dataReady: database.condition.status === 'True' && cache.condition.status === 'True',
    endpoints,
    failures,
  };
}

export type FinalizeOutcome = { done: true } | { done: false; waitingFor: string };

/**
 * The deletion policy, run while the shop is being deleted. Retain: the managed resources never had the
 * Delete management policy, so nothing in AWS goes; Snapshot and Delete: deletion protection is lifted and,
 * once the provider has carried that to AWS, the finalizer is removed and the garbage collector deletes the
 * managed resources (RDS takes the final snapshot under Snapshot).
 */
export async function finalizeAws(
  ctx: ReconcileContext & { managed?: ManagedInformers },
  shop: DhakaCart,
): Promise<FinalizeOutcome> {
  if (!hasFinalizer(shop, AWS_FINALIZER)) return { done: true };
  const settings = awsSpec(shop);
  const informers = ctx.managed;
  if (settings.database.deletionPolicy !== 'Retain' && informers) {
    const released = desiredDbInstance(shop, settings, { releasing: true });
    const current = live(informers, released);
    if (current && !current.metadata.deletionTimestamp) {
      const protectedNow =
        (current.spec.forProvider as { deletionProtection?: boolean }).deletionProtection !== false;
      if (protectedNow) {
        await ensureChild(ctx, shop, released);
        await announce(
          ctx,
          shop,
          'Normal',
          'ReleasingDatabase',
          `Lifting deletion protection of Instance ${released.metadata.name} (deletionPolicy ${settings.database.deletionPolicy})`,
        );
        return { done: false, waitingFor: 'the provider to lift deletion protection' };
      }
      const synced = current.status?.conditions?.find((c) => c.type === 'Synced')?.status === 'True';
      const observed =
        ((current.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0) >=
        (current.metadata.generation ?? 0);
      if (!synced || !observed)
        return { done: false, waitingFor: 'the provider to lift deletion protection' };
    }
  }
  const policy = settings.database.deletionPolicy;
  await announce(
    ctx,
    shop,
    'Normal',
    'DeletionPolicy',
    policy === 'Retain'
      ? 'deletionPolicy Retain: the AWS resources stay (Crossplane was never allowed to delete them)'
      : policy === 'Snapshot'
        ? 'deletionPolicy Snapshot: RDS takes a final snapshot, then the AWS resources are deleted'
        : 'deletionPolicy Delete: the AWS resources are deleted without a final snapshot',
  );
  await setFinalizer(ctx, shop, AWS_FINALIZER, false);
  return { done: true };
}
