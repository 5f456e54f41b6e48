// What a workload's pods read when they start, and the digests that roll them when it changes. Environment
// variables from a Secret or a ConfigMap are read only when a container starts, so a change to one reaches
// running pods only through a change of the pod template: each Deployment's template carries a digest of the
// values its pods read (SECRETS_HASH_ANNOTATION for Secrets, CONFIG_HASH_ANNOTATION for ConfigMaps).
import { createHash } from 'node:crypto';
import type { KubernetesObject, V1PodSpec } from '@kubernetes/client-node';

/**
 * Pod template annotation holding a digest of the Secret values the pods read. A Secret change changes the
 * digest, which changes the template, which rolls the pods.
 */
export const SECRETS_HASH_ANNOTATION = 'dhakacart.io/secrets-hash';

/** Pod template annotation holding a digest of the ConfigMap values the pods read (as SECRETS_HASH_ANNOTATION). */
export const CONFIG_HASH_ANNOTATION = 'dhakacart.io/config-hash';

/** Where pods read values from. */
export type InputSource = 'secret' | 'configMap';

/** The keys pods read from each named Secret or ConfigMap: a set of keys, or `'all'`. */
export type KeysRead = Map<string, Set<string> | 'all'>;

/** The pod spec of a workload (Deployment, StatefulSet, Job), or undefined for other kinds. */
function podSpec(object: KubernetesObject): V1PodSpec | undefined {
  return (object as { spec?: { template?: { spec?: V1PodSpec } } }).spec?.template?.spec;
}

/**
 * The keys of each Secret (or ConfigMap) a workload's pods read: `env[].valueFrom.secretKeyRef` (or
 * `configMapKeyRef`) reads one key, `envFrom` and a volume without `items` read them all (`'all'`), a
 * volume with `items` reads the listed keys. Empty for an object without a pod template.
 */
export function keysReadBy(object: KubernetesObject, source: InputSource): KeysRead {
  const keys: KeysRead = new Map();
  const add = (name: string, key: string | 'all') => {
    const known = keys.get(name);
    if (key === 'all' || known === 'all') keys.set(name, 'all');
    else keys.set(name, (known ?? new Set<string>()).add(key));
  };
  const spec = podSpec(object);
  if (!spec) return keys;
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const env of container.env ?? []) {
      const ref = source === 'secret' ? env.valueFrom?.secretKeyRef : env.valueFrom?.configMapKeyRef;
      if (ref?.name) add(ref.name, ref.key);
    }
    for (const from of container.envFrom ?? []) {
      const name = source === 'secret' ? from.secretRef?.name : from.configMapRef?.name;
      if (name) add(name, 'all');
    }
  }
  for (const volume of spec.volumes ?? []) {
    const ref =
      source === 'secret'
        ? volume.secret && { name: volume.secret.secretName, items: volume.secret.items }
        : volume.configMap && { name: volume.configMap.name, items: volume.configMap.items };
    if (!ref?.name) continue;
    if (ref.items?.length) for (const item of ref.items) add(ref.name, item.key);
    else add(ref.name, 'all');
  }
  return keys;
}

/**
 * Stamps `annotation` on a Deployment's pod template: a 16-hex-digit SHA-256 over the name of each Secret
 * (or ConfigMap) its pods read and the values of the keys they read from it (`keysReadBy`), so a key no pod
 * reads rolls nothing. `data` maps a name to its data (Secrets: base64 values, as the API serves them); a
 * name not in it (one the operator does not read, such as a provider's connection Secret) counts by name and
 * keys only. Returns a copy; other kinds, and Deployments that read nothing from `source`, come back unchanged.
 */
export function withInputsHash<T extends KubernetesObject>(
  object: T,
  source: InputSource,
  data: ReadonlyMap<string, Record<string, string>>,
): T {
  const read = keysReadBy(object, source);
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
      [source === 'secret' ? SECRETS_HASH_ANNOTATION : CONFIG_HASH_ANNOTATION]: digest
        .digest('hex')
        .slice(0, 16),
    },
  };
  return copy;
}
