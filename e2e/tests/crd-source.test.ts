// One CRD source: crds/dhakacart.io_dhakacarts.yaml. The chart ships that file (its crds/ links to it), the
// tests apply it, and `npm run operator` server-side applies its text; after each, what the API server
// serves is what the file says, every CEL rule included. Names that cannot make valid child names (too
// long, or with dots) are refused at admission.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { createTestNamespace, eventually, kubectl, type TestNamespace, testCluster } from '../src/harness.ts';
import { chartDir, crdFile, ensureCrd, getJson, helm, k, startOperator } from './operator-support.ts';

interface Crd {
  spec: { names: unknown; scope: string; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
}
interface Schema {
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** Every CEL rule of a schema, as "path: rule => message". */
function rules(schema: Schema, path = ''): string[] {
  const own = (schema['x-kubernetes-validations'] ?? []).map(
    (r) => `${path || '.'}: ${r.rule} => ${r.message}`,
  );
  const props = Object.entries(schema.properties ?? {}).flatMap(([name, s]) => rules(s, `${path}.${name}`));
  return [...own, ...props, ...(schema.items ? rules(schema.items, `${path}[]`) : [])];
}

const fileCrd = () => parse(readFileSync(crdFile, 'utf8')) as Crd;
const servedCrd = () => getJson<Crd>(['get', 'crd', 'dhakacarts.dhakacart.io']);

/** The served CRD says what the file says: names, scope, and each version's schema (CEL rules included). */
async function assertServedIsFile() {
  const file = fileCrd();
  const served = await servedCrd();
  assert.equal(served.spec.names, { ...(file.spec.names as object), listKind: 'DhakaCartList' });
  assert.is(served.spec.scope, file.spec.scope);
  assert.is(served.spec.versions.length, file.spec.versions.length);
  for (const [i, version] of file.spec.versions.entries()) {
    const live = served.spec.versions[i];
    // The API server serves properties in key order; the rules, not their order, must match.
    assert.equal(
      rules(live?.schema.openAPIV3Schema ?? {}).sort(),
      rules(version.schema.openAPIV3Schema).sort(),
    );
    assert.equal(live?.schema, version.schema);
  }
}

let ns: TestNamespace;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('crd-src');
});

test.after(async () => {
  await ns?.delete();
});

test('the chart ships the same CRD file', async () => {
  const shown = await helm(['show', 'crds', chartDir]);
  assert.is(shown.code, 0, shown.stderr);
  assert.is(shown.stdout.trim(), readFileSync(crdFile, 'utf8').trim());
});

test('as the tests apply it, the API server serves what the file says, every CEL rule included', async () => {
  assert.ok(rules(fileCrd().spec.versions[0]?.schema.openAPIV3Schema ?? {}).length >= 30);
  await assertServedIsFile();
});

test('npm run operator brings a CRD that differs from the file back to the file', async () => {
  // A harmless difference: another description (admission is unchanged for the suites running beside us).
  await k([
    'patch',
    'crd',
    'dhakacarts.dhakacart.io',
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/versions/0/schema/openAPIV3Schema/description","value":"an older copy"}]',
  ]);
  const { info } = await testCluster();
  const operator = await startOperator(info.kubeconfig, ns.name, {
    INSTALL_CRD: 'true',
    LEADER_ELECTION: 'false',
  });
  try {
    await eventually('the operator to apply the CRD', async () =>
      operator.logs().includes('"msg":"custom resource definition applied"'),
    );
    await assertServedIsFile();
  } finally {
    await operator.stop();
  }
});

async function refused(name: string, message: string) {
  const manifest = JSON.stringify({
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace: ns.name },
    spec: { version: '1.4.0' },
  });
  const result = await kubectl(['apply', '-f', '-'], manifest);
  assert.is.not(result.code, 0, `${name} was admitted`);
  assert.match(result.stderr, message, `${name}: ${result.stderr}`);
}

test('names that cannot make valid child names are refused at admission', async () => {
  await refused('a'.repeat(41), 'metadata.name must be at most 40 characters');
  await refused('a'.repeat(55), 'metadata.name must be at most 40 characters');
  await refused('eid.sale', 'metadata.name must start with a letter and hold only lowercase letters, digits');
  await refused('2026-eid', 'metadata.name must start with a letter');
  // 40 characters of letters, digits and '-' are admitted.
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name: `a${'b'.repeat(39)}`, namespace: ns.name },
      spec: { version: '1.4.0' },
    }),
  );
});

test.run();
