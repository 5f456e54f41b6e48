// The assets bucket: versioned, encrypted by default (SSE-S3, which replication carries over without a KMS
// key in the other region), every kind of public access blocked (CloudFront is the only way in), and
// optionally replicated to a bucket in a second region. Bucket names are global, so the name carries the uid.
import type { DhakaCart } from '../../types.ts';
import { EXTERNAL_NAME } from './database.ts';
import { AwsGroup, awsName, awsTags, type ManagedResource, managed } from './managed.ts';
import { awsChildName } from './network.ts';
import type { AwsShopSpec } from './spec.ts';

/** The S3 bucket name: `dc-<namespace>-<name>-<uid prefix>-assets`, at most 63 characters. */
export function assetsBucketName(shop: DhakaCart): string {
  return awsName(shop, `${(shop.metadata.uid ?? '').slice(0, 8)}-assets`, 63);
}

export function desiredAssetsBucket(shop: DhakaCart, settings: AwsShopSpec): ManagedResource[] {
  const name = awsChildName.assets(shop);
  const bucket = { region: settings.aws.region, bucketRef: { name } };
  const resources: ManagedResource[] = [
    managed(shop, settings, {
      apiVersion: AwsGroup.s3,
      kind: 'Bucket',
      name,
      forProvider: { region: settings.aws.region, forceDestroy: false, tags: awsTags(shop, settings) },
    }),
    managed(shop, settings, {
      apiVersion: AwsGroup.s3,
      kind: 'BucketVersioning',
      name,
      forProvider: { ...bucket, versioningConfiguration: { status: 'Enabled' } },
    }),
    managed(shop, settings, {
      apiVersion: AwsGroup.s3,
      kind: 'BucketServerSideEncryptionConfiguration',
      name,
      forProvider: {
        ...bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      },
    }),
    managed(shop, settings, {
      apiVersion: AwsGroup.s3,
      kind: 'BucketPublicAccessBlock',
      name,
      forProvider: {
        ...bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    }),
  ];
  const replication = settings.assets.replication;
  if (replication) {
    resources.push(
      managed(shop, settings, {
        apiVersion: AwsGroup.s3,
        kind: 'BucketReplicationConfiguration',
        name,
        forProvider: {
          ...bucket,
          role: replication.roleArn,
          rule: [
            {
              id: 'assets-to-second-region',
              status: 'Enabled',
              priority: 1,
              filter: { prefix: '' },
              deleteMarkerReplication: { status: 'Enabled' },
              destination: { bucket: replication.destinationBucketArn, storageClass: 'STANDARD' },
            },
          ],
        },
      }),
    );
  }
  const first = resources[0];
  if (first) first.metadata.annotations = { [EXTERNAL_NAME]: assetsBucketName(shop) };
  return resources;
}
