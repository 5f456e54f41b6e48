// Static checks of every manifest the project ships or renders (e2e/src/shipped-manifests.ts): kubeconform,
// strict, against the pinned Kubernetes release's schemas (from the local kube-apiserver's OpenAPI document)
// and schemas generated from our CRD, the provider-aws CRDs and crossplane/'s definitions; and kube-score,
// where every finding must be waived with a reason in .github/kube-score-waivers.yaml. Both tools are built
// from their Go modules (e2e/toolchain/go-tools.sh).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { definitionAsCrd, readCrossplane } from '../src/compositions.ts';
import { generateEsoCrds } from '../src/eso-crds.ts';
import { runGoTool } from '../src/go-tools.ts';
import { testCluster } from '../src/harness.ts';
import { schemaLocation, writeCrdSchemas, writeKubernetesSchemas } from '../src/json-schemas.ts';
import { repoRoot } from '../src/paths.ts';
import { generateProviderCrds } from '../src/provider-crds.ts';
import { type ManifestSource, shippedManifests } from '../src/shipped-manifests.ts';
import { k } from './operator-support.ts';

type Json = Record<string, any>;

/**
 * Crossplane's own kinds have no schema here: they live in github.com/crossplane/crossplane, which the Go
 * module proxy reachable from this project refuses (403, see crossplane/README.md). What they carry is still
 * checked: the XRDs' schemas validate the examples, and what the compositions compose is validated against
 * the provider schemas.
 */
const WITHOUT_SCHEMA = [
  'pkg.crossplane.io/v1/Provider',
  'pkg.crossplane.io/v1beta1/Function',
  'pkg.crossplane.io/v1beta1/DeploymentRuntimeConfig',
  'apiextensions.crossplane.io/v2/CompositeResourceDefinition',
  'apiextensions.crossplane.io/v1/Composition',
];

const work = mkdtempSync(join(tmpdir(), 'dhakacart-manifests-'));
const schemas = join(work, 'schemas');
let sources: ManifestSource[] = [];

/** Writes each source to its own YAML file and runs kubeconform over them; returns its JSON report. */
async function kubeconform(sets: ManifestSource[]): Promise<{ resources: Json[] }> {
  const files = sets.map((set, i) => {
    const file = join(work, `${i}-${set.source.replace(/[^a-z0-9.-]+/gi, '_')}.yaml`);
    writeFileSync(file, set.objects.map((o) => stringify(o)).join('---\n'));
    return file;
  });
  const result = await runGoTool('kubeconform', [
    '-strict',
    '-verbose',
    '-output',
    'json',
    '-schema-location',
    schemaLocation(schemas),
    '-skip',
    WITHOUT_SCHEMA.join(','),
    ...files,
  ]);
  return JSON.parse(result.stdout) as { resources: Json[] };
}

test.before(async () => {
  const { info } = await testCluster();
  const openapi = JSON.parse(await k(['get', '--raw', '/openapi/v2']));
  writeKubernetesSchemas(openapi, schemas);
  const crds = [
    parse(readFileSync(join(repoRoot, 'crds', 'dhakacart.io_dhakacarts.yaml'), 'utf8')),
    ...(await providerCrds()),
    ...(await crdsIn(await generateEsoCrds())),
    definitionAsCrd(readCrossplane('network-foundation/definition.yaml')),
    definitionAsCrd(readCrossplane('compute-foundation/definition.yaml')),
  ];
  for (const crd of crds) writeCrdSchemas(crd, schemas);
  sources = await shippedManifests(`${info.binDir}/helm`);
});

async function providerCrds(): Promise<Json[]> {
  return crdsIn(await generateProviderCrds());
}

/** The CRDs controller-gen wrote into `dir`. */
function crdsIn(dir: string): Json[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJSON() as Json));
}

test('kubeconform, strict: every shipped and rendered manifest is valid', async () => {
  const report = await kubeconform(sources);
  const problems = report.resources
    .filter((r) => r.status === 'statusInvalid' || r.status === 'statusError')
    .map((r) => `${r.filename}: ${r.kind}/${r.name}: ${r.msg}`);
  assert.equal(problems, []);
  const valid = report.resources.filter((r) => r.status === 'statusValid');
  const skipped = report.resources.filter((r) => r.status === 'statusSkipped');
  // Everything but Crossplane's own kinds was validated, not skipped.
  assert.equal([...new Set(skipped.map((r) => r.kind))].sort(), [
    'CompositeResourceDefinition',
    'Composition',
    'DeploymentRuntimeConfig',
    'Function',
    'Provider',
  ]);
  for (const kind of [
    'Deployment',
    'NetworkPolicy',
    'DhakaCart',
    'CustomResourceDefinition',
    'Instance',
    'VPC',
  ])
    assert.ok(
      valid.some((r) => r.kind === kind),
      `a ${kind} was validated`,
    );
});

test('the schemas are strict: a misspelt field fails, in a Kubernetes kind and in a DhakaCart', async () => {
  const report = await kubeconform([
    {
      source: 'misspelt',
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'x' },
          spec: { replica: 3, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [] } } },
        },
        {
          apiVersion: 'dhakacart.io/v1alpha1',
          kind: 'DhakaCart',
          metadata: { name: 'x' },
          spec: { verison: '1.4.0', version: '1.4.0' },
        },
      ],
    },
  ]);
  const invalid = report.resources.filter((r) => r.status === 'statusInvalid');
  assert.is(invalid.length, 2, JSON.stringify(report.resources));
  assert.match(invalid.map((r) => r.msg).join('\n'), /replica/);
  assert.match(invalid.map((r) => r.msg).join('\n'), /verison/);
});

interface Waiver {
  check: string;
  objects: string[];
  reason: string;
}

const waivers = parse(readFileSync(join(repoRoot, '.github', 'kube-score-waivers.yaml'), 'utf8')) as Waiver[];
const matches = (pattern: string, object: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(object);

test('kube-score: every finding is fixed or waived with a reason, and every waiver still matches one', async () => {
  // Every source; kube-score scores the kinds it knows (workloads, Services, policies, autoscalers) and
  // passes over the rest.
  const files = sources.map((set, i) => {
    const file = join(work, `score-${i}.yaml`);
    writeFileSync(file, set.objects.map((o) => stringify(o)).join('---\n'));
    return file;
  });
  const result = await runGoTool('kube-score', ['score', '--output-format', 'json', ...files]);
  const scored = JSON.parse(result.stdout) as Json[];
  const findings = scored.flatMap((o) =>
    (o.checks as Json[])
      .filter((c) => !c.skipped && c.grade < 10)
      .map((c) => ({
        check: c.check.id as string,
        object: `${o.type_meta.kind}/${o.object_meta.name}`,
        what: `${c.grade === 1 ? 'CRITICAL' : 'WARNING'} ${c.check.name}`,
      })),
  );
  assert.ok(scored.length > 20, 'kube-score read the workloads');
  const unwaived = findings
    .filter((f) => !waivers.some((w) => w.check === f.check && w.objects.some((p) => matches(p, f.object))))
    .map((f) => `${f.object}: ${f.what} (${f.check})`);
  assert.equal([...new Set(unwaived)], []);
  for (const w of waivers) {
    assert.ok(w.reason?.trim().length > 40, `the waiver of ${w.check} gives its reason`);
    assert.ok(
      findings.some((f) => f.check === w.check && w.objects.some((p) => matches(p, f.object))),
      `the waiver of ${w.check} still matches a finding (else delete it)`,
    );
  }
});

test.run();
