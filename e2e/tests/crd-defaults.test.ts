// The operator's defaults are the CRD's: for specs as users write them (a bare version; the sample; an aws
// shop; one with backups), what the API server stores after its structural defaulting equals what
// `withDefaults` in operator/src/types.ts fills in. The operator's tests and benchmarks build shops with
// `withDefaults`, so a default changed in one place and not the other fails here, not in a cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { type DhakaCartSpecInput, withDefaults } from '../../operator/src/types.ts';
import { createTestNamespace, type TestNamespace } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import { ensureCrd, k } from './operator-support.ts';

let ns: TestNamespace;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('crd-defaults');
});

test.after(async () => {
  await ns?.delete();
});

/** The spec the API server would store for `spec` (server-side dry run: defaulting, no object made). */
async function storedSpec(spec: DhakaCartSpecInput): Promise<unknown> {
  const object = {
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name: 'defaults', namespace: ns.name },
    spec,
  };
  const out = await k(['create', '--dry-run=server', '-o', 'json', '-f', '-'], JSON.stringify(object));
  return JSON.parse(out).spec;
}

/** JSON round trip: `withDefaults` may leave keys explicitly undefined, which the API server never stores. */
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value));

const sample = (file: string) =>
  (parse(readFileSync(join(repoRoot, 'crds', 'samples', file), 'utf8')) as { spec: DhakaCartSpecInput }).spec;

const cases: [string, DhakaCartSpecInput][] = [
  ['a bare version', { version: '1.4.0' }],
  ['the sample', sample('dhakacart.yaml')],
  ['the local sample', sample('dhakacart-local.yaml')],
  ['the aws sample', sample('dhakacart-aws.yaml')],
  [
    'backups, autoscaling and monitoring given in part',
    {
      version: '1.4.0',
      autoscaling: {},
      monitoring: {},
      database: { backup: { snapshots: { schedule: '0 */6 * * *' } } },
    } as DhakaCartSpecInput,
  ],
];

for (const [name, spec] of cases)
  test(`defaults agree with the CRD: ${name}`, async () => {
    assert.equal(asStored(withDefaults(spec)), await storedSpec(spec));
  });

test.run();
