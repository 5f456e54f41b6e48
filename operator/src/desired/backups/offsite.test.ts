// Off-site copies as an on-call engineer would inspect them: the snapshot Job carries the bucket's address
// and the keys from the user's Secret (never their values), a restore from the bucket fetches into a scratch
// volume, and only the backup Jobs' pods may reach the endpoint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type DhakaCartSpecInput, makeShop } from '../../types.ts';
import { desiredChildren } from '../children.ts';
import { desiredRestoreJob, desiredSnapshotJob } from './jobs.ts';
import { desiredOffsitePolicy, endpointAddress, offsiteUrl } from './offsite.ts';

const offsite = {
  endpoint: 'http://10.244.0.1:7070',
  bucket: 'shop-backups',
  prefix: 'shops/eid-sale',
  credentialsSecretRef: { name: 's3-keys' },
};
// types.ts does not list every backup field (desired/backups/spec.ts reads them): the spec as a user writes it.
const spec = (database: Record<string, unknown>) => ({ version: '1.4.0', database }) as DhakaCartSpecInput;
const shop = makeShop(
  'eid-sale',
  'shop',
  spec({ backup: { snapshots: { schedule: '0 */6 * * *' }, offsite } }),
);
const t = new Date('2026-11-24T22:15:00Z');

const envOf = (job: ReturnType<typeof desiredSnapshotJob>) =>
  job.spec?.template.spec?.containers[0]?.env ?? [];

test('the snapshot Job copies to the bucket with the keys from the user’s Secret', () => {
  const env = envOf(desiredSnapshotJob(shop, 'eid-sale-snap-20261124-221500', t, []));
  const value = (name: string) => env.find((e) => e.name === name);
  assert.is(value('OFFSITE_URL')?.value, 'offsite:shop-backups/shops/eid-sale');
  assert.is(value('RCLONE_CONFIG_OFFSITE_ENDPOINT')?.value, 'http://10.244.0.1:7070');
  assert.is(value('RCLONE_CONFIG_OFFSITE_REGION')?.value, 'us-east-1');
  assert.equal(value('RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID')?.valueFrom?.secretKeyRef, {
    name: 's3-keys',
    key: 'accessKeyId',
  });
  assert.equal(value('RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY')?.valueFrom?.secretKeyRef, {
    name: 's3-keys',
    key: 'secretAccessKey',
  });
  const plain = makeShop('plain', 'shop', { version: '1.4.0', database: { backup: { snapshots: {} } } });
  assert.not.ok(
    envOf(desiredSnapshotJob(plain, 'plain-snap-20261124-221500', t, [])).some(
      (e) => e.name === 'OFFSITE_URL',
    ),
    'without offsite, nothing leaves the namespace',
  );
});

test('a restore from the bucket fetches into a scratch volume; one from a backups volume reads it read-only', () => {
  const fromBucket = desiredRestoreJob(shop, 'eid-sale-snap-20261124-221500', { offsite: true });
  const pod = fromBucket.spec?.template.spec;
  assert.equal(pod?.volumes?.find((v) => v.name === 'backups')?.emptyDir, { sizeLimit: '10Gi' });
  assert.is(pod?.containers[0]?.volumeMounts?.find((m) => m.name === 'backups')?.readOnly, false);
  assert.is(pod?.containers[0]?.env?.find((e) => e.name === 'RESTORE_FROM_OFFSITE')?.value, '1');
  const fromVolume = desiredRestoreJob(shop, 'eid-sale-snap-20261124-221500', { claim: 'eid-sale-backups' });
  assert.not.ok(fromVolume.spec?.template.spec?.containers[0]?.env?.some((e) => e.name === 'OFFSITE_URL'));
});

test('only backup Job pods may reach the endpoint: its one address, or its port when it is a host name', () => {
  const policy = desiredOffsitePolicy(shop);
  assert.is(policy?.metadata?.name, 'eid-sale-backups-offsite');
  assert.equal(policy?.spec?.podSelector?.matchExpressions, [
    { key: 'dhakacart.io/backup-job', operator: 'Exists' },
  ]);
  assert.equal(policy?.spec?.egress, [
    { to: [{ ipBlock: { cidr: '10.244.0.1/32' } }], ports: [{ protocol: 'TCP', port: 7070 }] },
  ]);
  const named = makeShop(
    'n',
    'shop',
    spec({ backup: { offsite: { ...offsite, endpoint: 'https://s3.ap-south-1.amazonaws.com' } } }),
  );
  assert.equal(desiredOffsitePolicy(named)?.spec?.egress, [{ ports: [{ protocol: 'TCP', port: 443 }] }]);
  assert.ok(
    desiredChildren(shop, { apiVersion: '1.4.0' }).some(
      (c) => c.metadata?.name === 'eid-sale-backups-offsite',
    ),
  );
  const plain = makeShop('plain', 'shop', { version: '1.4.0' });
  assert.is(desiredOffsitePolicy(plain), undefined);
});

test('endpoint ports and bucket paths', () => {
  assert.equal(endpointAddress('https://s3.example.com/'), { host: 's3.example.com', port: 443 });
  assert.equal(endpointAddress('http://minio.local'), { host: 'minio.local', port: 80 });
  assert.is(offsiteUrl({ ...offsite, prefix: undefined }), 'offsite:shop-backups');
});

test.run();
