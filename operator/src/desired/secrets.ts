// Generated credentials. Built once, created if missing and never overwritten by a reconcile, so a reconcile
// can never change a password under a running database; only a deliberate rotation does (rotation.ts).
// `random` is passed in to keep the builder pure.
import type { KubernetesObject, V1OwnerReference, V1Secret } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { childMeta, childName, ownerReference } from './meta.ts';
import { type KeysRead, keysReadBy, withInputsHash } from './pod-inputs.ts';

/** Returns `bytes` random bytes as lowercase hex (URL-safe, so it can sit inside DATABASE_URL). */
export type RandomHex = (bytes: number) => string;

export { SECRETS_HASH_ANNOTATION } from './pod-inputs.ts';

function secret(shop: DhakaCart, name: string, data: Record<string, string>, owned = true): V1Secret {
  const meta = childMeta(shop, name);
  if (!owned) delete meta.ownerReferences;
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', stringData: data };
}

/**
 * The owner references the database credentials Secret should carry: the shop's, only when the database
 * volume goes with the shop (`deletionPolicy: Delete`). Under Retain and Snapshot the volume outlives the
 * shop, and so must the password it was initialised with, or a re-created shop could not log in.
 */
export function databaseCredentialsOwners(shop: DhakaCart): V1OwnerReference[] {
  return shop.spec.database.deletionPolicy === 'Delete' ? [ownerReference(shop)] : [];
}

/**
 * The Secrets the operator generates for an inCluster shop. None on `platform: aws`: there the credentials
 * live in AWS Secrets Manager and reach the shop through ExternalSecrets (aws/secrets.ts).
 */
export function desiredGeneratedSecrets(shop: DhakaCart, random: RandomHex): V1Secret[] {
  if (shop.spec.platform === 'aws') return [];
  const secrets = [
    secret(
      shop,
      childName.postgresCredentials(shop),
      { username: 'dhakacart', password: random(24) },
      databaseCredentialsOwners(shop).length > 0,
    ),
    secret(shop, childName.redisCredentials(shop), { password: random(24) }),
  ];
  if (!shop.spec.api.adminTokenSecretRef) {
    secrets.push(secret(shop, childName.adminToken(shop), { token: random(32) }));
  }
  return secrets;
}

/** Names of the Secrets a workload's pods read (env, envFrom and Secret volumes), sorted. */
export function secretsReadBy(object: KubernetesObject): string[] {
  return [...keysReadBy(object, 'secret').keys()].sort();
}

/** The keys of each Secret a workload's pods read (pod-inputs.ts `keysReadBy`). */
export function secretKeysReadBy(object: KubernetesObject): KeysRead {
  return keysReadBy(object, 'secret');
}

/**
 * Stamps SECRETS_HASH_ANNOTATION on a Deployment's pod template (pod-inputs.ts `withInputsHash`): only the
 * keys its pods read count, so the credentials Secret's `next-password` during a rotation rolls nothing.
 * Other kinds are returned unchanged: the PostgreSQL StatefulSet reads its password only when it initialises
 * an empty volume, so restarting the database for a new password would only cost an outage, and Jobs read
 * the Secret when they start.
 */
export function withSecretsHash<T extends KubernetesObject>(
  object: T,
  data: ReadonlyMap<string, Record<string, string>>,
): T {
  return withInputsHash(object, 'secret', data);
}
