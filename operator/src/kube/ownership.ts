// Moving the fields the operator's create wrote into its server-side apply ownership.
//
// A create (POST with fieldManager dhakacart-operator) records its fields under the operation Update;
// server-side apply records under Apply. The API server treats the two as different owners, so when a
// later apply stops sending a field the create had written (an Ingress host, a label, an env variable),
// the field stays: the "Update" owner still holds it. Kubernetes' own answer (kubectl's csaupgrade) is to
// rewrite metadata.managedFields so the Apply entry owns what the Update entry owned; this is that, for
// our one manager, leaving out spec.replicas (seeded at creation, then the autoscaler's).
import type { V1ManagedFieldsEntry } from '@kubernetes/client-node';

/** A fieldsV1 set: nested keys such as "f:spec", "k:{\"name\":\"api\"}", "." for the item itself. */
export type FieldSet = { [key: string]: FieldSet };

/** The union of two field sets. */
export function mergeFields(a: FieldSet, b: FieldSet): FieldSet {
  const merged: FieldSet = { ...a };
  for (const [key, value] of Object.entries(b))
    merged[key] = key in merged ? mergeFields(merged[key] as FieldSet, value) : value;
  return merged;
}

/** `fields` without the leaf or subtree at `path` (keys such as ["f:spec", "f:replicas"]). */
export function withoutPath(fields: FieldSet, path: string[]): FieldSet {
  const [head, ...rest] = path;
  if (head === undefined || !(head in fields)) return fields;
  const copy = { ...fields };
  if (rest.length === 0) delete copy[head];
  else copy[head] = withoutPath(fields[head] as FieldSet, rest);
  return copy;
}

/**
 * The managedFields list with `manager`'s Update entry (not a subresource's) folded into its Apply entry,
 * minus spec.replicas; undefined when there is no such Update entry. `now` stamps the Apply entry.
 */
export function foldCreateIntoApply(
  entries: V1ManagedFieldsEntry[],
  manager: string,
  now: Date,
): V1ManagedFieldsEntry[] | undefined {
  const isCreate = (e: V1ManagedFieldsEntry) =>
    e.manager === manager && e.operation === 'Update' && !e.subresource;
  const create = entries.find(isCreate);
  if (!create) return undefined;
  const apply = entries.find((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource);
  const moved = withoutPath((create.fieldsV1 ?? {}) as FieldSet, ['f:spec', 'f:replicas']);
  const folded: V1ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: apply?.apiVersion ?? create.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: apply ? mergeFields((apply.fieldsV1 ?? {}) as FieldSet, moved) : moved,
    time: now,
  };
  return [...entries.filter((e) => e !== apply && !isCreate(e)), folded];
}
