// The manifests in crossplane/ against the provider-aws schemas the local control plane serves: the
// ClusterProviderConfig, every resource the network-foundation composition would compose (its base with its
// patches applied to the example), and the example against the definition's own schema. Crossplane itself
// does not run here, so the composition is rendered by this test the way function-patch-and-transform does
// for the patch types it uses (FromCompositeFieldPath).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { compose, definitionAsCrd, withDefinitionDefaults } from '../src/compositions.ts';
import { createTestNamespace, type TestNamespace, testCluster } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import { installProviderCrds } from '../src/provider-crds.ts';
import { k } from './operator-support.ts';

const dir = join(repoRoot, 'crossplane');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
type Json = Record<string, any>;

let ns: TestNamespace;

test.before(async () => {
  const { info } = await testCluster();
  await installProviderCrds(info.kubeconfig, info.kubectl);
  ns = await createTestNamespace('aws-crossplane');
});

test.after(async () => {
  await ns?.delete();
});

const dryRun = (manifest: unknown) =>
  k(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', '-'], JSON.stringify(manifest));

test('the ClusterProviderConfig takes credentials from IRSA and passes the provider schema', async () => {
  const config = parse(read('provider-config.yaml'));
  assert.is(config.spec.credentials.source, 'IRSA');
  await dryRun(config);
});

test('providers run under the IRSA runtime config, all family members at one version', () => {
  const docs = parseAllDocuments(read('providers.yaml')).map((d) => d.toJSON() as Json);
  const providers = docs.filter((d) => d.kind === 'Provider');
  const runtime = parse(read('runtime-config.yaml'));
  assert.ok(runtime.spec.serviceAccountTemplate.metadata.annotations['eks.amazonaws.com/role-arn']);
  const versions = new Set(providers.map((p) => p.spec.package.split(':')[1]));
  assert.is(versions.size, 1);
  for (const p of providers) assert.is(p.spec.runtimeConfigRef.name, runtime.metadata.name);
  const families = providers.map((p) => p.spec.package.split(':')[0].split('/').pop()).sort();
  assert.equal(families, [
    'provider-aws-acm',
    'provider-aws-budgets',
    'provider-aws-cloudfront',
    'provider-aws-ec2',
    'provider-aws-eks',
    'provider-aws-elasticache',
    'provider-aws-iam',
    'provider-aws-rds',
    'provider-aws-route53',
    'provider-aws-s3',
  ]);
});

/** What the composition would compose for the example. */
const composed = (): Json[] =>
  compose(
    parse(read('network-foundation/composition.yaml')),
    withDefinitionDefaults(
      parse(read('network-foundation/definition.yaml')),
      parse(read('network-foundation/example.yaml')),
    ),
    ns.name,
  );

test('the example NetworkFoundation satisfies its definition schema', async () => {
  const crd = definitionAsCrd(parse(read('network-foundation/definition.yaml')));
  await dryRun(crd);
});

test('every composed network resource passes the provider schema: a VPC over three zones with NAT per zone', async () => {
  const resources = composed();
  for (const resource of resources) {
    assert.match(
      resource.apiVersion,
      /\.aws\.m\.upbound\.io\//,
      `${resource.kind} is a namespaced managed resource`,
    );
  }
  await dryRun({ apiVersion: 'v1', kind: 'List', items: resources });
  const of = (kind: string) => resources.filter((r) => r.kind === kind);
  const zones = (items: Json[]) => new Set(items.map((s) => s.spec.forProvider.availabilityZone));
  const subnets = of('Subnet');
  const privateSubnets = subnets.filter((s) => s.metadata.labels['dhakacart.io/tier'] === 'private');
  const publicSubnets = subnets.filter((s) => s.metadata.labels['dhakacart.io/tier'] === 'public');
  assert.is(zones(privateSubnets).size, 3);
  assert.is(zones(publicSubnets).size, 3);
  assert.is(of('NATGateway').length, 3);
  assert.is(of('VPC').length, 1);
  assert.is(of('VPC')[0]?.spec.forProvider.cidrBlock, '10.40.0.0/16');
  for (const s of privateSubnets) assert.is(s.spec.forProvider.mapPublicIpOnLaunch, false);
  const defaultRoutes = of('Route');
  assert.is(defaultRoutes.filter((r) => r.spec.forProvider.natGatewayIdSelector).length, 3);
  assert.is(defaultRoutes.filter((r) => r.spec.forProvider.gatewayIdSelector).length, 1);
});

test.run();
