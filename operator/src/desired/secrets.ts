// Generated credentials. Built once, created if missing and never overwritten, so a reconcile can never
// change a password under a running database. `random` is passed in to keep the builder pure.
import type { V1Secret } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { childMeta, childName } from './meta.ts';

/** Returns `bytes` random bytes as lowercase hex (URL-safe, so it can sit inside DATABASE_URL). */
export type RandomHex = (bytes: number) => string;

function secret(shop: DhakaCart, name: string, data: Record<string, string>): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: childMeta(shop, name),
    type: 'Opaque',
    stringData: data,
  };
}

/**
 * The Secrets the operator generates for an inCluster shop. None on `platform: aws`: there the credentials
 * live in AWS Secrets Manager and reach the shop through ExternalSecrets (aws/secrets.ts).
 */
export function desiredGeneratedSecrets(shop: DhakaCart, random: RandomHex): V1Secret[] {
  if (shop.spec.platform === 'aws') return [];
  const secrets = [
    secret(shop, childName.postgresCredentials(shop), { username: 'dhakacart', password: random(24) }),
    secret(shop, childName.redisCredentials(shop), { password: random(24) }),
  ];
  if (!shop.spec.api.adminTokenSecretRef) {
    secrets.push(secret(shop, childName.adminToken(shop), { token: random(32) }));
  }
  return secrets;
}
