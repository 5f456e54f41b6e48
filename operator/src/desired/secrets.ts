// Generated credentials. Built once, created if missing and never overwritten by a reconcile, so a reconcile
// can never change a password under a running database; only a deliberate rotation does (rotation.ts).
// `random` is passed in to keep the builder pure.
import { createHash } from 'node:crypto';
import type { KubernetesObject, V1OwnerReference, V1PodSpec, V1Secret } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { childMeta, childName, ownerReference } from './meta.ts';

/** Returns `bytes` random bytes as lowercase hex (URL-safe, so it can sit inside DATABASE_URL). */
export type RandomHex = (bytes: number) => string;

/**
 * Pod template annotation holding a digest of the data of every Secret the pods read. A Secret change
 * changes the digest, which changes the template, which rolls the pods (env from a Secret is read only when
 * a container starts).
 */
export const SECRETS_HASH_ANNOTATION = 'dhakacart.io/secrets-hash';

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

/** The pod spec of a workload (Deployment, StatefulSet, Job), or undefined for other kinds. */
function podSpec(object: KubernetesObject): V1PodSpec | undefined {
  return (object as { spec?: { template?: { spec?: V1PodSpec } } }).spec?.template?.spec;
}

/** Names of the Secrets a workload's pods read (env, envFrom and Secret volumes), sorted. */
export function secretsReadBy(object: KubernetesObject): string[] {
  return [...secretKeysReadBy(object).keys()].sort();
}

/**
 * The keys of each Secret a workload's pods read: `env[].valueFrom.secretKeyRef` reads one key, `envFrom` and
 * a Secret volume without `items` read them all (`'all'`), a volume with `items` reads the listed keys.
 */
export function secretKeysReadBy(object: KubernetesObject): Map<string, Set<string> | 'all'> {
  const keys = new Map<string, Set<string> | 'all'>();
  const add = (name: string, key: string | 'all') => {
    const known = keys.get(name);
    if (key === 'all' || known === 'all') keys.set(name, 'all');
    else keys.set(name, (known ?? new Set<string>()).add(key));
  };
  const spec = podSpec(object);
  if (!spec) return keys;
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref?.name) add(ref.name, ref.key);
    }
    for (const from of container.envFrom ?? []) if (from.secretRef?.name) add(from.secretRef.name, 'all');
  }
  for (const volume of spec.volumes ?? []) {
    const secret = volume.secret;
    if (!secret?.secretName) continue;
    if (secret.items?.length) for (const item of secret.items) add(secret.secretName, item.key);
    else add(secret.secretName, 'all');
  }
  return keys;
}

/**
 * Stamps SECRETS_HASH_ANNOTATION on a Deployment's pod template: a 16-hex-digit SHA-256 over the name of each
 * Secret its pods read and the values (base64, as the API serves them) of the keys they read from it
 * (`secretKeysReadBy`), so a key no pod reads, such as the credentials Secret's `next-password` during a
 * rotation, rolls nothing. `data` maps a Secret name to its data; a Secret not in it (one the operator does
 * not read, such as a provider's connection Secret) counts by name only. Other kinds are returned unchanged:
 * the PostgreSQL StatefulSet reads its password only when it initialises an empty volume, so restarting the
 * database for a new password would only cost an outage, and Jobs read the Secret when they start.
 */
export function withSecretsHash<T extends KubernetesObject>(
  object: T,
  data: ReadonlyMap<string, Record<string, string>>,
): T {
  const read = secretKeysReadBy(object);
  if (object.kind !== 'Deployment' || read.size === 0) return object;
  const digest = createHash('sha256');
  for (const name of [...read.keys()].sort()) {
    const values = data.get(name) ?? {};
    const wanted = read.get(name);
    const keys = wanted === 'all' ? Object.keys(values) : [...(wanted ?? [])];
    digest.update(`${name}\0`);
    for (const key of keys.sort()) digest.update(`${key}=${values[key] ?? ''}\0`);
  }
  const copy = structuredClone(object) as T & { spec: { template: { metadata?: Record<string, unknown> } } };
  const template = copy.spec.template;
  template.metadata = {
    ...template.metadata,
    annotations: {
      ...((template.metadata?.annotations as Record<string, string>) ?? {}),
      [SECRETS_HASH_ANNOTATION]: digest.digest('hex').slice(0, 16),
    },
  };
  return copy;
}
