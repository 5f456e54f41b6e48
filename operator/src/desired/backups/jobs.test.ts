// The backup objects as an on-call engineer would inspect them: names that sort by time, Jobs that meet Pod
// Security "restricted" and run the scripts against the shop's own database, backups that outlive the shop
// unless told otherwise, and AWS snapshots that are not garbage-collected with it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../../fixtures/shops.ts';
import { makeShop } from '../../types.ts';
import { desiredDbInstance, instanceRestoreFields } from '../aws/database.ts';
import { awsShop } from '../aws/fixtures.ts';
import { awsSpec } from '../aws/spec.ts';
import { desiredBackupsReplication, desiredDrillInstance, desiredRdsSnapshot, EXTERNAL_NAME } from './aws.ts';
import {
  BACKUP_DIR,
  backupName,
  desiredAwsDrillJob,
  desiredBackupsClaim,
  desiredDrillJob,
  desiredRestoreJob,
  desiredSnapshotJob,
  REPLACES_ANNOTATION,
  shopOfSnapshot,
  stamp,
} from './jobs.ts';
import { DRILL_SCRIPT, RESTORE_SCRIPT, SNAPSHOT_SCRIPT } from './scripts.ts';
import { backupSpec } from './spec.ts';

const t = new Date('2026-11-24T22:15:00Z');

test('names: snapshots are named by their time, and the shop can be read back from the name', () => {
  assert.is(stamp(t), '20261124-221500');
  const name = backupName.snapshot(sample, t);
  assert.is(name, 'eid-sale-snap-20261124-221500');
  assert.is(shopOfSnapshot(name), 'eid-sale');
  assert.is(shopOfSnapshot('not-a-snapshot'), undefined);
  const longest = makeShop('a'.repeat(40), 'shop', { version: '1.0.0' });
  assert.ok(backupName.drill(longest, t).length <= 63);
});

test('snapshot Job: pg_dump script against the shop’s database, one attempt, restricted pod', () => {
  const job = desiredSnapshotJob(sample, 'eid-sale-snap-20261124-221500', t, [
    'eid-sale-snap-20261120-000000',
  ]);
  assert.is(job.metadata?.labels?.['app.kubernetes.io/component'], 'snapshot');
  assert.is(job.metadata?.annotations?.[REPLACES_ANNOTATION], 'eid-sale-snap-20261120-000000');
  assert.is(job.spec?.backoffLimit, 0);
  const pod = job.spec?.template.spec;
  const c = pod?.containers[0];
  assert.equal(c?.command, ['sh', '-c', SNAPSHOT_SCRIPT]);
  assert.is(c?.image, 'ghcr.io/dhakacart/postgres:15');
  const env = Object.fromEntries(
    (c?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]),
  );
  assert.is(env.PGHOST, 'eid-sale-postgres');
  assert.is(
    env.PGPASSWORD,
    'eid-sale-postgres-credentials',
    'the password comes from the Secret, never the spec',
  );
  assert.is(env.SNAPSHOT, 'eid-sale-snap-20261124-221500');
  assert.is(env.PRUNE_SNAPSHOTS, 'eid-sale-snap-20261120-000000');
  assert.is(env.BACKUP_DIR, BACKUP_DIR);
  assert.is(pod?.securityContext?.runAsNonRoot, true);
  assert.is(c?.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(c?.securityContext?.capabilities?.drop, ['ALL']);
  assert.is(pod?.volumes?.[0]?.persistentVolumeClaim?.claimName, 'eid-sale-backups');
});

test('restore Job reads another shop’s backups read-only; the drill restores into a scratch database', () => {
  const restored = makeShop('eid-sale-2', 'shop', { version: '1.4.0' });
  const job = desiredRestoreJob(restored, 'eid-sale-snap-20261124-221500', 'eid-sale-backups');
  assert.is(job.metadata?.name, 'eid-sale-2-restore');
  assert.equal(job.spec?.template.spec?.containers[0]?.command, ['sh', '-c', RESTORE_SCRIPT]);
  const volume = job.spec?.template.spec?.volumes?.[0];
  assert.equal(volume?.persistentVolumeClaim, { claimName: 'eid-sale-backups', readOnly: true });
  const env = job.spec?.template.spec?.containers[0]?.env ?? [];
  assert.is(
    env.find((e) => e.name === 'PGHOST')?.value,
    'eid-sale-2-postgres',
    'into the new shop’s database',
  );
  const drill = desiredDrillJob(sample, 'eid-sale-snap-20261124-221500', t);
  assert.is(drill.metadata?.name, 'eid-sale-drill-20261124-221500');
  assert.equal(drill.spec?.template.spec?.containers[0]?.command, ['sh', '-c', DRILL_SCRIPT]);
  assert.ok(drill.spec?.template.spec?.containers[0]?.env?.some((e) => e.name === 'DRILL_DATABASE'));
});

test('the backups volume outlives the shop unless deletionPolicy is Delete', () => {
  assert.is(desiredBackupsClaim(sample).metadata?.ownerReferences, undefined);
  const deleting = makeShop('eid-sale', 'shop', { version: '1.4.0', database: { deletionPolicy: 'Delete' } });
  assert.is(desiredBackupsClaim(deleting).metadata?.ownerReferences?.[0]?.kind, 'DhakaCart');
  assert.equal(desiredBackupsClaim(sample).spec?.resources?.requests, { storage: '20Gi' });
});

test('backup pods take the migration’s network identity: PostgreSQL and nothing else', () => {
  const labels = desiredSnapshotJob(sample, 'eid-sale-snap-20261124-221500', t, []).spec?.template.metadata
    ?.labels;
  assert.is(labels?.['app.kubernetes.io/component'], 'migration');
  assert.is(labels?.['app.kubernetes.io/instance'], 'eid-sale');
  assert.is(labels?.['dhakacart.io/backup-job'], 'snapshot');
});

test('spec defaults: a snapshots block gets the design’s schedule and keep', () => {
  const shop = makeShop('s', 'ns', { version: '1', database: { backup: { snapshots: {} } } });
  assert.equal(backupSpec(shop).snapshots, { schedule: '0 */6 * * *', keep: 28, suspend: false });
  assert.is(backupSpec(makeShop('s', 'ns', { version: '1' })).snapshots, undefined);
});

const target = {
  region: 'ap-south-1',
  instance: 'eid-sale-db',
  providerConfigRef: { kind: 'ClusterProviderConfig', name: 'default' },
};

test('aws: a snapshot is an rds Snapshot of the shop’s instance, named by time, never owned by the shop', () => {
  const snap = desiredRdsSnapshot(sample, 'eid-sale-snap-20261124-221500', t, target);
  assert.is(snap.apiVersion, 'rds.aws.m.upbound.io/v1beta1');
  assert.is(snap.kind, 'Snapshot');
  assert.is(snap.metadata?.name, 'eid-sale-snap-20261124-221500');
  assert.is(
    snap.metadata?.annotations?.[EXTERNAL_NAME],
    'dc-shop-eid-sale-snap-20261124-221500',
    'starts with a letter',
  );
  assert.is(snap.metadata?.ownerReferences, undefined, 'deleting the shop must not delete its snapshots');
  const forProvider = snap.spec.forProvider as Record<string, unknown>;
  assert.equal(forProvider.dbInstanceIdentifierRef, { name: 'eid-sale-db' });
  assert.is(forProvider.region, 'ap-south-1');
});

test('aws: cross-region replicates automated backups into the second region', () => {
  const shop = makeShop('eid-sale', 'shop', {
    version: '1.4.0',
    platform: 'aws',
    database: { backup: { crossRegion: { region: 'ap-southeast-1' } } } as never,
  });
  const replication = desiredBackupsReplication(shop, 'arn:aws:rds:ap-south-1:1:db:eid-sale-db', 7, target);
  const forProvider = replication.spec.forProvider as Record<string, unknown>;
  assert.is(forProvider.region, 'ap-southeast-1');
  assert.is(forProvider.sourceDbInstanceArn, 'arn:aws:rds:ap-south-1:1:db:eid-sale-db');
  assert.is(forProvider.retentionPeriod, 7);
});

test('aws: a shop created from a snapshot gets an instance restored from it', () => {
  const shop = awsShop('Snapshot', {
    database: { ...awsShop().spec.database, restore: { fromSnapshot: 'dc-shop-old-snap-20261124-180000' } },
  } as never);
  const instance = desiredDbInstance(shop, awsSpec(shop));
  assert.is(
    (instance.spec.forProvider as Record<string, unknown>).snapshotIdentifier,
    'dc-shop-old-snap-20261124-180000',
  );
});

test('aws: restore from a snapshot or to a point in time becomes the instance’s creation fields', () => {
  assert.equal(instanceRestoreFields({ fromSnapshot: 'eid-sale-snap-20261124-221500' }), {
    snapshotIdentifier: 'eid-sale-snap-20261124-221500',
  });
  assert.equal(
    instanceRestoreFields({
      pointInTime: { sourceDBInstanceIdentifier: 'eid-sale-db', restoreTime: '2026-11-24T21:59:00Z' },
    }),
    {
      restoreToPointInTime: {
        sourceDbInstanceIdentifier: 'eid-sale-db',
        restoreTime: '2026-11-24T21:59:00Z',
      },
    },
  );
  assert.equal(
    instanceRestoreFields({
      pointInTime: { sourceDBInstanceIdentifier: 'eid-sale-db', useLatestRestorableTime: true },
    }),
    { restoreToPointInTime: { sourceDbInstanceIdentifier: 'eid-sale-db', useLatestRestorableTime: true } },
  );
  assert.equal(instanceRestoreFields(undefined), {});
});

test('aws drill: a scratch instance restored from the snapshot, deletable whatever the shop’s policy', () => {
  const shop = awsShop('Retain');
  const scratch = desiredDrillInstance(shop, awsSpec(shop), 'dc-shop-eid-sale-snap-20261124-221500');
  const forProvider = scratch.spec.forProvider as Record<string, unknown>;
  assert.is(scratch.metadata.name, `${shop.metadata.name}-drill`);
  assert.is(forProvider.snapshotIdentifier, 'dc-shop-eid-sale-snap-20261124-221500');
  assert.is(forProvider.deletionProtection, false);
  assert.is(forProvider.skipFinalSnapshot, true);
  assert.is(forProvider.multiAz, false);
  assert.is(forProvider.finalSnapshotIdentifier, undefined);
  assert.equal(scratch.spec.managementPolicies, ['*']);
  assert.is(scratch.spec.writeConnectionSecretToRef?.name, `${shop.metadata.name}-drill-connection`);
  const job = desiredAwsDrillJob(shop, 'snap', t, `${shop.metadata.name}-drill-connection`);
  const env = job.spec?.template.spec?.containers[0]?.env ?? [];
  assert.equal(env.find((e) => e.name === 'PGHOST')?.valueFrom?.secretKeyRef, {
    name: `${shop.metadata.name}-drill-connection`,
    key: 'address',
  });
  assert.is(env.find((e) => e.name === 'PGSSLMODE')?.value, 'require');
  assert.is(
    job.spec?.template.spec?.volumes?.some((v) => v.name === 'backups'),
    false,
  );
});

test.run();
