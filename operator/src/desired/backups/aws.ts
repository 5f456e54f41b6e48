// platform aws: backups are RDS's own, driven through Crossplane provider-aws managed resources (namespaced
// `*.aws.m.upbound.io`, so they live beside the shop).
//   - operator snapshots: one rds `Snapshot` per scheduled time; pruning deletes the managed resource, and the
//     provider deletes the RDS snapshot. Snapshots carry no owner reference: deleting the shop must not delete
//     its backups (deletionPolicy Delete removes them explicitly).
//   - cross-region: `DBInstanceAutomatedBackupsReplication` replicates automated backups (and so point-in-time
//     restore) to the second region, and every operator snapshot is copied there with a `DBSnapshotCopy`.
//   - restore: the new instance is created with `snapshotIdentifier` or `restoreToPointInTime`.
//   - restore drill: a scratch instance restored from the newest snapshot, checked by a Job, then deleted.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { desiredDbInstance, EXTERNAL_NAME } from '../aws/database.ts';
import { AwsGroup, awsName, type ManagedResource } from '../aws/managed.ts';
import type { AwsShopSpec } from '../aws/spec.ts';
import { COMPONENT_LABEL, childMeta } from '../meta.ts';
import { SCHEDULED_TIME_ANNOTATION } from './jobs.ts';
import { backupSpec, type RestoreSpec } from './spec.ts';

export { EXTERNAL_NAME };

/** The backup kinds the operator writes and watches beside the shop's own managed resources. */
export const RDS_BACKUP_KINDS = [
  { apiVersion: AwsGroup.rds, kind: 'Snapshot', plural: 'snapshots' },
  { apiVersion: AwsGroup.rds, kind: 'DBSnapshotCopy', plural: 'dbsnapshotcopies' },
  {
    apiVersion: AwsGroup.rds,
    kind: 'DBInstanceAutomatedBackupsReplication',
    plural: 'dbinstanceautomatedbackupsreplications',
  },
];

export interface AwsTarget {
  /** The shop's AWS region. */
  region: string;
  /** Name of the shop's rds Instance managed resource. */
  instance: string;
  /** The shop's ProviderConfig (spec.aws.providerConfigRef). */
  providerConfigRef: { kind: string; name: string };
}

function managed(
  shop: DhakaCart,
  kind: string,
  name: string,
  component: string,
  annotations: Record<string, string>,
  forProvider: Record<string, unknown>,
  target: AwsTarget,
): KubernetesObject & { spec: Record<string, unknown> } {
  // AWS identifiers start with a letter and must be unique in the account: `dc-<namespace>-<name>-…`.
  const identifier = awsName(shop, name.slice(shop.metadata.name.length + 1), 255);
  const meta = childMeta(shop, name, undefined, { [EXTERNAL_NAME]: identifier, ...annotations });
  meta.labels = { ...meta.labels, [COMPONENT_LABEL]: component };
  delete meta.ownerReferences;
  return {
    apiVersion: AwsGroup.rds,
    kind,
    metadata: meta,
    spec: {
      forProvider,
      providerConfigRef: target.providerConfigRef,
    },
  };
}

/** An RDS snapshot of the shop's instance; its identifier is the object's name. */
export function desiredRdsSnapshot(shop: DhakaCart, name: string, time: Date, target: AwsTarget) {
  return managed(
    shop,
    'Snapshot',
    name,
    'snapshot',
    { [SCHEDULED_TIME_ANNOTATION]: time.toISOString() },
    {
      region: target.region,
      dbInstanceIdentifierRef: { name: target.instance },
      tags: { 'dhakacart.io/shop': shop.metadata.name, 'dhakacart.io/scheduled-time': time.toISOString() },
    },
    target,
  );
}

/** The copy of snapshot `source` (its ARN) in the second region. */
export function desiredSnapshotCopy(shop: DhakaCart, name: string, sourceArn: string, target: AwsTarget) {
  const cross = backupSpec(shop).crossRegion;
  if (!cross) throw new Error('spec.database.backup.crossRegion is not set');
  return managed(
    shop,
    'DBSnapshotCopy',
    `${name}-${cross.region}`,
    'snapshot-copy',
    {},
    {
      region: cross.region,
      sourceDbSnapshotIdentifier: sourceArn,
      targetDbSnapshotIdentifier: awsName(
        shop,
        `${name.slice(shop.metadata.name.length + 1)}-${cross.region}`,
        255,
      ),
      copyTags: true,
      ...(cross.kmsKeyId ? { kmsKeyId: cross.kmsKeyId } : {}),
    },
    target,
  );
}

/** Replication of the instance's automated backups (point-in-time restore) into the second region. */
export function desiredBackupsReplication(
  shop: DhakaCart,
  instanceArn: string,
  retentionDays: number,
  target: AwsTarget,
) {
  const cross = backupSpec(shop).crossRegion;
  if (!cross) throw new Error('spec.database.backup.crossRegion is not set');
  const replication = managed(
    shop,
    'DBInstanceAutomatedBackupsReplication',
    `${shop.metadata.name}-backups-${cross.region}`,
    'backups-replication',
    {},
    {
      region: cross.region,
      sourceDbInstanceArn: instanceArn,
      retentionPeriod: retentionDays,
      ...(cross.kmsKeyId ? { kmsKeyId: cross.kmsKeyId } : {}),
    },
    target,
  );
  // Replication is configuration, not data: it may go with the shop.
  replication.metadata = { ...replication.metadata, ownerReferences: childMeta(shop, '').ownerReferences };
  return replication;
}

/** The scratch RDS instance of a restore drill, and its connection Secret. */
export const drillName = {
  instance: (shop: DhakaCart) => `${shop.metadata.name}-drill`,
  connection: (shop: DhakaCart) => `${shop.metadata.name}-drill-connection`,
};

/**
 * The restore drill's scratch instance: the shop's instance settings, restored from `snapshotIdentifier`,
 * single-AZ, without deletion protection, automated backups or a final snapshot, and always deletable
 * (whatever the shop's deletion policy), because the operator deletes it right after the check.
 */
export function desiredDrillInstance(
  shop: DhakaCart,
  settings: AwsShopSpec,
  snapshotIdentifier: string,
): ManagedResource {
  const base = desiredDbInstance(shop, settings);
  const forProvider = { ...(base.spec.forProvider as Record<string, unknown>) };
  delete forProvider.finalSnapshotIdentifier;
  delete forProvider.restoreToPointInTime;
  delete forProvider.backupWindow;
  const meta = childMeta(shop, drillName.instance(shop), undefined, {
    [EXTERNAL_NAME]: awsName(shop, 'drill'),
  });
  meta.labels = { ...meta.labels, [COMPONENT_LABEL]: 'drill' };
  return {
    ...base,
    metadata: meta as ManagedResource['metadata'],
    spec: {
      ...base.spec,
      managementPolicies: ['*'],
      writeConnectionSecretToRef: { name: drillName.connection(shop) },
      forProvider: {
        ...forProvider,
        snapshotIdentifier,
        multiAz: false,
        deletionProtection: false,
        skipFinalSnapshot: true,
        backupRetentionPeriod: 0,
        applyImmediately: true,
      },
    },
  };
}
