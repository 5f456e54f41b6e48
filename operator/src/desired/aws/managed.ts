// What every Crossplane managed resource the shop owns has in common: the namespaced provider-aws API groups,
// the shop's metadata and owner reference, the ProviderConfig, the management policy that carries the
// deletion policy, and the tags that tell an AWS console reader which shop a resource belongs to.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { type Component, childMeta } from '../meta.ts';
import type { AwsShopSpec } from './spec.ts';

/** The API groups of the namespaced (`.m.`) provider-aws managed resources; see crossplane/README.md. */
export const AwsGroup = {
  rds: 'rds.aws.m.upbound.io/v1beta1',
  elasticache: 'elasticache.aws.m.upbound.io/v1beta1',
  s3: 's3.aws.m.upbound.io/v1beta1',
  cloudfront: 'cloudfront.aws.m.upbound.io/v1beta1',
  ec2: 'ec2.aws.m.upbound.io/v1beta1',
  iam: 'iam.aws.m.upbound.io/v1beta1',
} as const;

/** Every management action but Delete: Crossplane then leaves the AWS resource in place when the object goes. */
export const RETAIN_POLICIES = ['Observe', 'Create', 'Update', 'LateInitialize'];

/** A Crossplane managed resource as the operator builds and reads it. */
export interface ManagedResource<P = Record<string, unknown>, O = Record<string, unknown>>
  extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta & { name: string; namespace: string };
  spec: {
    forProvider: P;
    providerConfigRef?: { kind: string; name: string };
    managementPolicies?: string[];
    writeConnectionSecretToRef?: { name: string };
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }[];
    atProvider?: O;
  };
}

/** AWS tags of every resource of the shop. */
export function awsTags(shop: DhakaCart, settings: AwsShopSpec): Record<string, string> {
  return {
    ...settings.aws.tags,
    'dhakacart.io/shop': `${shop.metadata.namespace}/${shop.metadata.name}`,
    'app.kubernetes.io/managed-by': 'dhakacart-operator',
  };
}

/**
 * The AWS-side name of a shop's resource: `dc-<namespace>-<name>-<suffix>`, lowercase, at most `max` characters
 * (RDS identifiers allow 63, ElastiCache replication group ids 40), never ending in a hyphen.
 */
export function awsName(shop: DhakaCart, suffix: string, max = 63): string {
  const base = `dc-${shop.metadata.namespace}-${shop.metadata.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  const room = max - suffix.length - 1;
  return `${base.slice(0, room).replace(/-+$/, '')}-${suffix}`.replace(/--+/g, '-');
}

/** Builds one managed resource with the shop's metadata, ProviderConfig and deletion policy. */
export function managed<P>(
  shop: DhakaCart,
  settings: AwsShopSpec,
  input: {
    apiVersion: string;
    kind: string;
    name: string;
    component?: Component;
    forProvider: P;
    connectionSecret?: string;
  },
): ManagedResource<P> {
  const retain = settings.database.deletionPolicy === 'Retain';
  return {
    apiVersion: input.apiVersion,
    kind: input.kind,
    metadata: childMeta(shop, input.name, input.component) as ManagedResource['metadata'],
    spec: {
      forProvider: input.forProvider,
      providerConfigRef: settings.aws.providerConfigRef,
      managementPolicies: retain ? RETAIN_POLICIES : ['*'],
      ...(input.connectionSecret ? { writeConnectionSecretToRef: { name: input.connectionSecret } } : {}),
    },
  };
}
