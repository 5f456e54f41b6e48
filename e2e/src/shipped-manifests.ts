// Every manifest the project ships or renders, for the static checks (kubeconform and kube-score in
// delivery-manifests.test.ts): the Helm chart as `helm template` renders it, the CRDs, the samples, the
// children the operator's pure builders make for each sample (workloads, Services, policies, Jobs, Secrets,
// provider-aws managed resources), and crossplane/ with what its compositions would compose.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { desiredAwsResources } from '../../operator/src/desired/aws/resources.ts';
import { desiredExternalSecrets } from '../../operator/src/desired/aws/secrets.ts';
import { desiredBackupsClaim, desiredSnapshotJob } from '../../operator/src/desired/backups/jobs.ts';
import { desiredChildren } from '../../operator/src/desired/children.ts';
import { desiredMigrationJob } from '../../operator/src/desired/migration-job.ts';
import { desiredSmokeJob, desiredSmokeNetworkPolicy } from '../../operator/src/desired/releases/smoke-job.ts';
import { rolloutSpec } from '../../operator/src/desired/releases/spec.ts';
import { desiredGeneratedSecrets } from '../../operator/src/desired/secrets.ts';
import { toWire } from '../../operator/src/kube/wire.ts';
import { type DhakaCart, makeShop } from '../../operator/src/types.ts';
import { compose, readCrossplane, withDefinitionDefaults } from './compositions.ts';
import { repoRoot } from './paths.ts';

const run = promisify(execFile);
type Json = Record<string, any>;

/** Objects from one source, named for messages (a repo path, or `rendered: …`). */
export interface ManifestSource {
  source: string;
  objects: Json[];
}

const yamlFile = (path: string): ManifestSource => ({
  source: relative(repoRoot, path),
  objects: parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJSON() as Json)
    .filter(Boolean),
});

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );

/** The chart rendered with its default values, as `helm install` would send it. */
async function renderedChart(helm: string): Promise<ManifestSource> {
  const chart = join(repoRoot, 'charts', 'dhakacart-operator');
  const { stdout } = await run(helm, [
    'template',
    'dhakacart-operator',
    chart,
    '--namespace',
    'dhakacart-system',
  ]);
  return {
    source: 'rendered: helm template charts/dhakacart-operator',
    objects: parseAllDocuments(stdout)
      .map((d) => d.toJSON() as Json)
      .filter(Boolean),
  };
}

/** What the operator makes for a sample: its children, the Jobs and Secrets it creates, its managed resources. */
function renderedChildren(sample: string): ManifestSource {
  const [doc] = yamlFile(join(repoRoot, 'crds', 'samples', sample)).objects as [Json];
  const shop: DhakaCart = makeShop(doc.metadata.name, 'shop', doc.spec);
  const version = shop.spec.version;
  const objects: Json[] = [
    ...desiredChildren(shop, { apiVersion: version }),
    desiredMigrationJob(shop, version),
    desiredSmokeJob(shop, version, {
      ...rolloutSpec(shop),
      smokeCheck: { path: '/readyz', timeoutSeconds: 10 },
    }),
    desiredSmokeNetworkPolicy(shop),
  ];
  // The instance's master user secret as RDS would report it: the RDS Proxy and its IAM role are planned with it.
  const masterUserSecretArn = 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:rds!db-example';
  if (shop.spec.platform === 'aws')
    objects.push(
      ...desiredAwsResources(shop, { masterUserSecretArn }).map((p) => p.resource),
      ...desiredExternalSecrets(shop, masterUserSecretArn),
    );
  else
    objects.push(
      ...desiredGeneratedSecrets(shop, (bytes) => '0'.repeat(bytes * 2)),
      desiredBackupsClaim(shop),
      desiredSnapshotJob(shop, `${shop.metadata.name}-snapshot-1`, new Date('2026-01-01T00:00:00Z'), []),
    );
  // As the API server receives them: client-node's models rename a few fields (NetworkPolicy's `from`).
  return {
    source: `rendered: the operator's children of crds/samples/${sample}`,
    objects: objects.map(toWire),
  };
}

/** What each composition of crossplane/ composes for its example, placed in namespace `shop`. */
function renderedCompositions(): ManifestSource[] {
  const dir = join(repoRoot, 'crossplane');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => {
      const definition = readCrossplane(`${e.name}/definition.yaml`);
      const example = readCrossplane(`${e.name}/example.yaml`);
      const composition = readCrossplane(`${e.name}/composition.yaml`);
      return {
        source: `rendered: crossplane/${e.name}/composition.yaml for its example`,
        objects: compose(composition, withDefinitionDefaults(definition, example), 'shop'),
      };
    });
}

/** Every shipped and rendered manifest; `helm` is the path of the helm binary. */
export async function shippedManifests(helm: string): Promise<ManifestSource[]> {
  return [
    ...(helm === 'none' ? [] : [await renderedChart(helm)]),
    ...yamlFiles(join(repoRoot, 'charts', 'dhakacart-operator', 'crds')).map(yamlFile),
    yamlFile(join(repoRoot, 'crds', 'dhakacart.io_dhakacarts.yaml')),
    ...yamlFiles(join(repoRoot, 'crds', 'samples')).map(yamlFile),
    ...readdirSync(join(repoRoot, 'crds', 'samples'))
      .filter((f) => f.endsWith('.yaml'))
      .map(renderedChildren),
    ...yamlFiles(join(repoRoot, 'crossplane')).map(yamlFile),
    ...renderedCompositions(),
  ];
}
