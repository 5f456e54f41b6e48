// The `platform: aws` part of the DhakaCart spec, with the defaults the CRD fills. Kept beside the AWS
// builders (and merged into crds/ as its own schema fragment) so the inCluster types stay untouched.
import type { DhakaCart, DhakaCartSpec } from '../../types.ts';

/** What happens to the RDS data when the DhakaCart is deleted. */
export type DeletionPolicy = 'Snapshot' | 'Retain' | 'Delete';

export interface AwsSettings {
  /** AWS region of every regional resource, e.g. ap-south-1. */
  region: string;
  /** The Crossplane (Cluster)ProviderConfig the managed resources use. */
  providerConfigRef: { kind: 'ProviderConfig' | 'ClusterProviderConfig'; name: string };
  /** The VPC and its private subnets (from the network-foundation composition), one per zone. */
  network: { vpcId: string; subnetIds: string[] };
  /** Tags added to every AWS resource. */
  tags?: Record<string, string>;
}

export interface AwsDatabaseSettings {
  engineVersion: string;
  instanceClass: string;
  multiAZ: boolean;
  backup: { retentionDays: number; window: string };
  maintenanceWindow: string;
  deletionPolicy: DeletionPolicy;
}

export interface AwsCacheSettings {
  engineVersion: string;
  nodeType: string;
  /** Primary plus replicas; at least 2 for automatic failover. */
  nodes: number;
}

export interface AwsAssetsSettings {
  /** Replication of the assets bucket to a versioned bucket in another region (disaster recovery). */
  replication?: { destinationBucketArn: string; roleArn: string };
  cdn: {
    /** The origin CloudFront forwards to: the shop's load balancer host name. */
    originDomain?: string;
    /** Extra host names; the ingress host is always one. */
    aliases: string[];
    /** An ACM certificate in us-east-1 (CloudFront's region) for the aliases. */
    certificateArn?: string;
  };
}

/** The spec fields `platform: aws` adds, as a user writes them (all optional but aws.region and network). */
export interface AwsSpecInput {
  aws?: {
    region: string;
    providerConfigRef?: { kind?: 'ProviderConfig' | 'ClusterProviderConfig'; name: string };
    network: { vpcId: string; subnetIds: string[] };
    tags?: Record<string, string>;
  };
  database: Omit<DhakaCartSpec['database'], 'deletionPolicy' | 'backup'> & {
    engineVersion?: string;
    instanceClass?: string;
    multiAZ?: boolean;
    backup?: { retentionDays?: number; window?: string; snapshots?: { schedule?: string; keep?: number } };
    maintenanceWindow?: string;
    deletionPolicy?: DeletionPolicy;
  };
  cache?: { engineVersion?: string; nodeType?: string; nodes?: number };
  assets?: {
    replication?: { destinationBucketArn: string; roleArn: string };
    cdn?: { originDomain?: string; aliases?: string[]; certificateArn?: string };
  };
}

export interface AwsShopSpec {
  aws: AwsSettings;
  database: AwsDatabaseSettings & { storageGiB: number };
  cache: AwsCacheSettings;
  assets: AwsAssetsSettings;
}

const GIB = 2 ** 30;
const QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/;
const FACTOR: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: GIB,
  Ti: 2 ** 40,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** `spec.database.storage` as whole GiB for RDS (at least 20, RDS's minimum for gp3). */
export function storageGiB(storage: string | number): number {
  const match = QUANTITY.exec(String(storage).trim());
  const bytes = match ? Number(match[1]) * (match[2] ? (FACTOR[match[2]] ?? 1) : 1) : 20 * GIB;
  return Math.max(20, Math.ceil(bytes / GIB));
}

/** The aws settings of a shop with defaults filled; throws when `spec.aws` is missing (the CRD forbids that). */
export function awsSpec(shop: DhakaCart): AwsShopSpec {
  const spec = shop.spec as unknown as Omit<DhakaCartSpec, 'database'> & AwsSpecInput;
  if (!spec.aws)
    throw new Error(`DhakaCart ${shop.metadata.namespace}/${shop.metadata.name} has no spec.aws`);
  const db = spec.database;
  return {
    aws: {
      region: spec.aws.region,
      providerConfigRef: {
        kind: spec.aws.providerConfigRef?.kind ?? 'ClusterProviderConfig',
        name: spec.aws.providerConfigRef?.name ?? 'default',
      },
      network: spec.aws.network,
      ...(spec.aws.tags ? { tags: spec.aws.tags } : {}),
    },
    database: {
      engineVersion: db.engineVersion ?? '16.4',
      instanceClass: db.instanceClass ?? 'db.m6g.large',
      multiAZ: db.multiAZ ?? true,
      storageGiB: storageGiB(db.storage),
      // 17:00-17:30 UTC is 23:00 in Dhaka, after the evening shopping peak.
      backup: { retentionDays: db.backup?.retentionDays ?? 7, window: db.backup?.window ?? '17:00-17:30' },
      maintenanceWindow: db.maintenanceWindow ?? 'tue:18:00-tue:18:30',
      deletionPolicy: db.deletionPolicy ?? 'Snapshot',
    },
    cache: {
      engineVersion: spec.cache?.engineVersion ?? '7.1',
      nodeType: spec.cache?.nodeType ?? 'cache.t4g.medium',
      nodes: spec.cache?.nodes ?? 2,
    },
    assets: {
      ...(spec.assets?.replication ? { replication: spec.assets.replication } : {}),
      cdn: {
        ...(spec.assets?.cdn?.originDomain ? { originDomain: spec.assets.cdn.originDomain } : {}),
        aliases: [
          ...new Set([
            ...(shop.spec.ingress.host ? [shop.spec.ingress.host] : []),
            ...(spec.assets?.cdn?.aliases ?? []),
          ]),
        ],
        ...((spec.assets?.cdn?.certificateArn ?? shop.spec.ingress.tls?.certificateArn)
          ? { certificateArn: spec.assets?.cdn?.certificateArn ?? shop.spec.ingress.tls?.certificateArn }
          : {}),
      },
    },
  };
}
