// JSON Schemas for kubeconform, made here rather than downloaded (no packet leaves the machine):
//
//  - the Kubernetes kinds from the pinned kube-apiserver's own OpenAPI v2 document (`/openapi/v2` of the
//    local control plane, e2e/toolchain/versions.env), every `io.k8s.*` definition that names a
//    group/version/kind;
//  - custom resources from their CustomResourceDefinitions' openAPIV3Schema (our DhakaCart CRD, the
//    provider-aws CRDs of e2e/toolchain/generate-crds.sh provider-aws, the XRDs of crossplane/).
//
// Both are written "strict", the way kubeconform's own schema sets are: an object that lists its properties
// accepts no others (unless it preserves unknown fields), so a misspelt field fails. Files are named
// `<group>_<kind>_<version>.json` (the core group is `v1`), matching the template in `SCHEMA_LOCATION`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, any>;

/** kubeconform's -schema-location template for a directory written by this module. */
export const schemaLocation = (dir: string) =>
  join(dir, '{{ .Group }}_{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json');

const fileName = (group: string, kind: string, version: string) =>
  `${group || version}_${kind.toLowerCase()}_${version}.json`;

/** Makes a schema strict, in place of kubeconform's "-strict" schema sets: see the file comment. */
function strict(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(strict);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === 'definitions' || key === 'patternProperties')
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v)]));
    else if (typeof value === 'object') out[key] = strict(value);
    else out[key] = value;
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  )
    out.additionalProperties = false;
  return out;
}

/** Definitions the OpenAPI v2 document types as strings but that YAML writes as numbers too. */
const NUMBER_OR_STRING = new Set([
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
]);

/** Writes one schema per Kubernetes kind of an OpenAPI v2 document into `dir`; returns how many. */
export function writeKubernetesSchemas(
  openapi: { definitions: Record<string, Schema> },
  dir: string,
): number {
  mkdirSync(dir, { recursive: true });
  const definitions: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(openapi.definitions)) {
    if (!name.startsWith('io.k8s.')) continue; // custom resources come from their CRDs instead
    definitions[name] = NUMBER_OR_STRING.has(name)
      ? { description: def.description, oneOf: [{ type: 'string' }, { type: 'number' }] }
      : strict(def);
  }
  // Each kind's file carries the definitions it reaches, so it stands alone.
  const reachable = (name: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(name)) return seen;
    seen.add(name);
    const refs = JSON.stringify(definitions[name] ?? {}).matchAll(/"#\/definitions\/([^"]+)"/g);
    for (const [, ref] of refs) reachable(ref as string, seen);
    return seen;
  };
  let count = 0;
  for (const [name, def] of Object.entries(definitions)) {
    for (const gvk of (def['x-kubernetes-group-version-kind'] ?? []) as Schema[]) {
      const closure = [...reachable(name)].filter((n) => n !== name);
      const schema = { ...def, definitions: Object.fromEntries(closure.map((n) => [n, definitions[n]])) };
      writeFileSync(join(dir, fileName(gvk.group, gvk.kind, gvk.version)), JSON.stringify(schema));
      count++;
    }
  }
  return count;
}

/** Writes the schema of every served version of a CustomResourceDefinition into `dir`. */
export function writeCrdSchemas(crd: Schema, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const version of crd.spec.versions as Schema[]) {
    const schema = strict(structuredClone(version.schema.openAPIV3Schema));
    // Every object has these, whether or not the CRD spells them out; metadata is the API server's to check.
    schema.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...schema.properties,
      metadata: { type: 'object' },
    };
    schema.additionalProperties ??= false;
    writeFileSync(
      join(dir, fileName(crd.spec.group, crd.spec.names.kind, version.name)),
      JSON.stringify(schema),
    );
  }
}
