// Renders a Crossplane composition of crossplane/ the way function-patch-and-transform does for the patch
// type our compositions use (FromCompositeFieldPath): every base, named `<xr>-<resource>`, with the
// composite's fields patched in. Crossplane itself does not run on the local control plane, so the tests
// validate what it would compose: against the provider schemas (aws-*.test.ts) and with kubeconform and
// kube-score (delivery-manifests.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths.ts';

type Json = Record<string, any>;

/** Reads a YAML file under crossplane/. */
export const readCrossplane = (file: string): Json =>
  parse(readFileSync(join(repoRoot, 'crossplane', file), 'utf8'));

/** The composite resource of `example` with its definition's defaults filled, as the API server would. */
export function withDefinitionDefaults(definition: Json, example: Json): Json {
  const xr = structuredClone(example);
  const fill = (schema: Json, value: Json) => {
    for (const [key, property] of Object.entries<Json>(schema.properties ?? {})) {
      if (value[key] === undefined && property.default !== undefined)
        value[key] = structuredClone(property.default);
      if (property.type === 'object' && value[key] && typeof value[key] === 'object')
        fill(property, value[key]);
    }
  };
  fill(definition.spec.versions[0].schema.openAPIV3Schema.properties.spec, xr.spec);
  return xr;
}

/**
 * The segments of a Crossplane field path: `spec.zones[1]` → spec, zones, 1; `matchLabels[crossplane.io/composite]`
 * → matchLabels, crossplane.io/composite.
 */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)].map(([, name, index]) =>
    name !== undefined ? name : /^\d+$/.test(index as string) ? Number(index) : (index as string),
  );
}

/** A field path read from an object (undefined when any part is missing). */
export function readPath(object: Json, path: string): unknown {
  return segments(path).reduce<any>((value, key) => value?.[key], object);
}

function writePath(object: Json, path: string, value: unknown): void {
  const keys = segments(path);
  const last = keys.pop() ?? '';
  let target: any = object;
  keys.forEach((key, i) => {
    target[key] ??= typeof (keys[i + 1] ?? last) === 'number' ? [] : {};
    target = target[key];
  });
  target[last] = value;
}

/** What `composition` composes for the composite `xr`, each object placed in `namespace`. */
export function compose(composition: Json, xr: Json, namespace: string): Json[] {
  return composition.spec.pipeline[0].input.resources.map((resource: Json) => {
    const object = structuredClone(resource.base);
    object.metadata = { ...object.metadata, name: `${xr.metadata.name}-${resource.name}`, namespace };
    for (const patch of resource.patches ?? []) {
      if (patch.type !== 'FromCompositeFieldPath') continue;
      // A missing source field skips the patch (function-patch-and-transform's default, policy Optional).
      const value = readPath(xr, patch.fromFieldPath);
      if (value !== undefined) writePath(object, patch.toFieldPath, value);
    }
    return object;
  });
}

/** The CustomResourceDefinition Crossplane would derive from a CompositeResourceDefinition (schema part only). */
export function definitionAsCrd(definition: Json): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: definition.metadata.name },
    spec: {
      group: definition.spec.group,
      scope: definition.spec.scope,
      names: { ...definition.spec.names, singular: definition.spec.names.kind.toLowerCase() },
      versions: definition.spec.versions.map((v: Json) => ({
        name: v.name,
        served: true,
        storage: true,
        schema: v.schema,
      })),
    },
  };
}
