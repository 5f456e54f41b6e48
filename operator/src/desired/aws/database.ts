// RDS PostgreSQL: Multi-AZ, encrypted storage, deletion protection, automated backups from the spec, the
// master password from the operator's generated Secret (a reference, never a value), its own subnet group
// and the security group that admits only the API. The deletion policy decides the final snapshot.
import type { DhakaCart } from '../../types.ts';
import { type RestoreSpec, restoreSpec } from '../backups/spec.ts';
import { childName } from '../meta.ts';
import { AwsGroup, awsName, awsTags, type ManagedResource, managed } from './managed.ts';
import { awsChildName } from './network.ts';
import type { AwsShopSpec } from './spec.ts';

export const EXTERNAL_NAME = 'crossplane.io/external-name';
export const DATABASE_USER = 'dhakacart';
export const DATABASE_NAME = 'dhakacart';

export interface DatabaseOptions {
  /**
   * True once the shop is being deleted under deletionPolicy Snapshot or Delete: deletion protection is lifted
   * so AWS accepts the delete. Retain never lifts it.
   */
  releasing?: boolean;
}

/** The AWS identifier of the shop's final snapshot: unique per shop (uid), so a re-created shop never collides. */
export function finalSnapshotName(shop: DhakaCart): string {
  return awsName(shop, `final-${(shop.metadata.uid ?? '').slice(0, 8)}`, 255);
}

export function desiredDbSubnetGroup(shop: DhakaCart, settings: AwsShopSpec): ManagedResource {
  return managed(shop, settings, {
    apiVersion: AwsGroup.rds,
    kind: 'SubnetGroup',
    name: awsChildName.postgres(shop),
    component: 'postgres',
    forProvider: {
      region: settings.aws.region,
      description: `DhakaCart ${shop.metadata.namespace}/${shop.metadata.name} PostgreSQL`,
      subnetIds: settings.aws.network.subnetIds,
      tags: awsTags(shop, settings),
    },
  });
}

export function desiredDbInstance(
  shop: DhakaCart,
  settings: AwsShopSpec,
  options: DatabaseOptions = {},
): ManagedResource {
  const db = settings.database;
  const resource = managed(shop, settings, {
    apiVersion: AwsGroup.rds,
    kind: 'Instance',
    name: awsChildName.postgres(shop),
    component: 'postgres',
    connectionSecret: awsChildName.postgresConnection(shop),
    forProvider: {
      region: settings.aws.region,
      engine: 'postgres',
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      allocatedStorage: db.storageGiB,
      storageType: 'gp3',
      storageEncrypted: true,
      multiAz: db.multiAZ,
      publiclyAccessible: false,
      deletionProtection: !(options.releasing && db.deletionPolicy !== 'Retain'),
      backupRetentionPeriod: db.backup.retentionDays,
      backupWindow: db.backup.window,
      maintenanceWindow: db.maintenanceWindow,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      skipFinalSnapshot: db.deletionPolicy === 'Delete',
      ...(db.deletionPolicy === 'Delete' ? {} : { finalSnapshotIdentifier: finalSnapshotName(shop) }),
      dbName: DATABASE_NAME,
      // spec.database.restore: created from an RDS snapshot or a point in time (read by RDS at creation only).
      ...instanceRestoreFields(restoreSpec(shop)),
      username: DATABASE_USER,
      passwordSecretRef: { name: childName.postgresCredentials(shop), key: 'password' },
      dbSubnetGroupNameRef: { name: awsChildName.postgres(shop) },
      vpcSecurityGroupIdRefs: [{ name: awsChildName.postgresSecurityGroup(shop) }],
      applyImmediately: false,
      tags: awsTags(shop, settings),
    },
  });
  resource.metadata.annotations = { [EXTERNAL_NAME]: awsName(shop, 'postgres') };
  return resource;
}

/**
 * The fields a restored instance is created with (merged into the rds Instance's forProvider). They matter
 * only at creation: RDS ignores them afterwards.
 */
export function instanceRestoreFields(restore: RestoreSpec | undefined): Record<string, unknown> {
  if (!restore) return {};
  if (restore.fromSnapshot) return { snapshotIdentifier: restore.fromSnapshot };
  const pit = restore.pointInTime;
  if (!pit) return {};
  return {
    restoreToPointInTime: {
      sourceDbInstanceIdentifier: pit.sourceDBInstanceIdentifier,
      ...(pit.useLatestRestorableTime ? { useLatestRestorableTime: true } : { restoreTime: pit.restoreTime }),
    },
  };
}
