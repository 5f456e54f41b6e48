// `platform: aws` shops for the unit tests: the sample's shape and variants for each deletion policy.
import { type DhakaCartSpecInput, makeShop } from '../../types.ts';
import type { AwsSpecInput, DeletionPolicy } from './spec.ts';

export function awsShop(deletionPolicy: DeletionPolicy = 'Snapshot', extra: Partial<AwsSpecInput> = {}) {
  const spec = {
    version: '1.4.0',
    platform: 'aws',
    ingress: {
      host: 'shop.example.com',
      className: 'alb',
      tls: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/shop' },
    },
    aws: {
      region: 'ap-south-1',
      network: { vpcId: 'vpc-0abc', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] },
    },
    database: {
      storage: '100Gi',
      deletionPolicy,
      engineVersion: '16.4',
      instanceClass: 'db.r6g.large',
      backup: { retentionDays: 14, window: '18:00-18:30' },
    },
    cache: { nodeType: 'cache.r7g.large', nodes: 3 },
    assets: { cdn: { originDomain: 'k8s-shop-alb-123.ap-south-1.elb.amazonaws.com' } },
    ...extra,
  } as unknown as DhakaCartSpecInput;
  return makeShop('eid-sale', 'shop', spec);
}
