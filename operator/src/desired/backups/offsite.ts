// Off-site copies of inCluster snapshots (spec.database.backup.offsite): what a backup Job needs to reach an
// S3-compatible bucket with rclone (installed in the PostgreSQL image), and the NetworkPolicy that lets the
// backup Jobs' pods, and only them, reach the bucket's endpoint.
//
// rclone reads a remote's settings from RCLONE_CONFIG_<REMOTE>_<OPTION> variables
// (https://rclone.org/docs/#config-file), so no configuration file is written and the keys come straight
// from the user's Secret.
import type { V1EnvVar, V1NetworkPolicy } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { childMeta, childName, selectorLabels } from '../meta.ts';
import { backupSpec, type OffsiteSpec } from './spec.ts';

/** On every backup Job's pods (jobs.ts): what the off-site policy selects. */
export const BACKUP_JOB_LABEL = 'dhakacart.io/backup-job';

/** rclone's name for the bucket's remote in the Jobs' environment. */
const REMOTE = 'offsite';

/** The shop's off-site settings, or undefined when snapshots stay in the namespace. */
export function offsiteSpec(shop: DhakaCart): OffsiteSpec | undefined {
  return shop.spec.platform === 'inCluster' ? backupSpec(shop).offsite : undefined;
}

/** `offsite:<bucket>/<prefix>`: where rclone puts and finds `<snapshot>.{dump,manifest,sha256}`. */
export function offsiteUrl(offsite: OffsiteSpec): string {
  return `${REMOTE}:${offsite.bucket}${offsite.prefix ? `/${offsite.prefix}` : ''}`;
}

/** The environment that makes the backup scripts copy to (or fetch from) the bucket. */
export function offsiteEnv(offsite: OffsiteSpec): V1EnvVar[] {
  const key = (name: string, secretKey: string): V1EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: offsite.credentialsSecretRef.name, key: secretKey } },
  });
  const option = (name: string) => `RCLONE_CONFIG_${REMOTE.toUpperCase()}_${name}`;
  return [
    { name: 'OFFSITE_URL', value: offsiteUrl(offsite) },
    { name: option('TYPE'), value: 's3' },
    // "Other": any S3-compatible server; path-style addressing works with every one of them.
    { name: option('PROVIDER'), value: 'Other' },
    { name: option('ENDPOINT'), value: offsite.endpoint },
    { name: option('REGION'), value: offsite.region ?? 'us-east-1' },
    { name: option('FORCE_PATH_STYLE'), value: 'true' },
    // The bucket exists (the spec says so); the Job's keys may not be allowed to create or list buckets.
    { name: option('NO_CHECK_BUCKET'), value: 'true' },
    key(option('ACCESS_KEY_ID'), 'accessKeyId'),
    key(option('SECRET_ACCESS_KEY'), 'secretAccessKey'),
    { name: 'RCLONE_CONFIG', value: '/tmp/rclone.conf' },
  ];
}

/** The endpoint's host and TCP port (80 or 443 unless the URL names one). */
export function endpointAddress(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
  };
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Egress from the shop's backup Job pods to the bucket's endpoint: that one address when the endpoint is an IP
 * address, otherwise any address on the endpoint's port (a policy cannot name a host name). Undefined when
 * the shop has no off-site copies.
 */
export function desiredOffsitePolicy(shop: DhakaCart): V1NetworkPolicy | undefined {
  const offsite = offsiteSpec(shop);
  if (!offsite) return undefined;
  const { host, port } = endpointAddress(offsite.endpoint);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMeta(shop, childName.networkPolicy(shop, 'backups-offsite')),
    spec: {
      podSelector: {
        matchLabels: selectorLabels(shop, 'migration'),
        matchExpressions: [{ key: BACKUP_JOB_LABEL, operator: 'Exists' }],
      },
      policyTypes: ['Egress'],
      egress: [
        {
          ...(IPV4.test(host) ? { to: [{ ipBlock: { cidr: `${host}/32` } }] } : {}),
          ports: [{ protocol: 'TCP', port }],
        },
      ],
    },
  };
}
