// crossplane/compute-foundation against the provider-aws schemas the local control plane serves (our
// transcription of provider-aws v2.6.0, e2e/toolchain/provider-crds): the example ComputeFoundation against its
// definition's schema, and every resource the composition would compose for it against the provider's.
// Crossplane itself does not run here; e2e/src/compositions.ts renders the composition the way
// function-patch-and-transform does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compose, definitionAsCrd, readCrossplane, withDefinitionDefaults } from '../src/compositions.ts';
import { createTestNamespace, type TestNamespace, testCluster } from '../src/harness.ts';
import { installProviderCrds } from '../src/provider-crds.ts';
import { k } from './operator-support.ts';

type Json = Record<string, any>;

let ns: TestNamespace;
const definition = readCrossplane('compute-foundation/definition.yaml');
const example = readCrossplane('compute-foundation/example.yaml');
const crd = definitionAsCrd(definition);

test.before(async () => {
  const { info } = await testCluster();
  await installProviderCrds(info.kubeconfig, info.kubectl);
  ns = await createTestNamespace('aws-compute');
  // The composite's CRD as Crossplane would derive it, installed for real so the API server validates the example.
  await k(['apply', '--server-side', '--field-manager=dhakacart-e2e', '-f', '-'], JSON.stringify(crd));
  await k(['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd.metadata.name}`]);
});

test.after(async () => {
  await ns?.delete();
  await k(['delete', 'crd', crd.metadata.name, '--ignore-not-found']);
});

const dryRun = (manifest: unknown) =>
  k(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', '-'], JSON.stringify(manifest));

const composed = (): Json[] =>
  compose(
    readCrossplane('compute-foundation/composition.yaml'),
    withDefinitionDefaults(definition, example),
    ns.name,
  );

test('the example ComputeFoundation satisfies its definition, and a missing budget is refused naming the field', async () => {
  await dryRun({ ...example, metadata: { ...example.metadata, namespace: ns.name } });
  const { budget: _, ...withoutBudget } = example.spec;
  const refused = await dryRun({
    ...example,
    metadata: { ...example.metadata, namespace: ns.name },
    spec: withoutBudget,
  }).catch((error: Error) => error.message);
  assert.match(String(refused), /spec\.budget: Required value/);
});

test('every composed resource passes the provider schema', async () => {
  const resources = composed();
  for (const r of resources)
    assert.match(r.apiVersion, /\.aws\.m\.upbound\.io\//, `${r.kind} is a namespaced managed resource`);
  await dryRun({ apiVersion: 'v1', kind: 'List', items: resources });
});

const of = (kind: string) => composed().filter((r) => r.kind === kind);

test('the cluster lives in the NetworkFoundation private subnets, one managed node group per zone', () => {
  const [cluster] = of('Cluster') as [Json];
  assert.equal(cluster.spec.forProvider.vpcConfig[0].subnetIdSelector.matchLabels, {
    'dhakacart.io/tier': 'private',
    'crossplane.io/composite': 'main',
  });
  assert.is(cluster.spec.forProvider.accessConfig[0].authenticationMode, 'API');
  assert.is(cluster.spec.forProvider.version, '1.34');
  const groups = of('NodeGroup');
  assert.equal(
    groups.map((g) => g.spec.forProvider.subnetIdSelector.matchLabels['dhakacart.io/zone']).sort(),
    ['a', 'b', 'c'],
  );
  for (const g of groups) {
    assert.equal(g.spec.forProvider.scalingConfig, [{ minSize: 1, desiredSize: 1, maxSize: 20 }]);
    assert.is(g.spec.forProvider.subnetIdSelector.matchLabels['crossplane.io/composite'], 'main');
  }
});

test('the add-ons the shop relies on, and Pod Identity for every controller that calls AWS', () => {
  assert.equal(
    of('Addon')
      .map((a) => a.spec.forProvider.addonName)
      .sort(),
    ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server', 'vpc-cni'],
  );
  assert.equal(
    of('PodIdentityAssociation')
      .map((p) => `${p.spec.forProvider.namespace}/${p.spec.forProvider.serviceAccount}`)
      .sort(),
    ['kube-system/aws-load-balancer-controller', 'kube-system/aws-node', 'kube-system/ebs-csi-controller-sa'],
  );
  for (const role of of('Role').filter(
    (r) => r.metadata.name.includes('-role') && /cni|csi|lb-controller/.test(r.metadata.name),
  ))
    assert.match(role.spec.forProvider.assumeRolePolicy, 'pods.eks.amazonaws.com');
});

test("the pipeline's deploy role gets an access entry; the host gets a validated certificate and an alias record; a budget warns", () => {
  const [entry] = of('AccessEntry') as [Json];
  assert.is(entry.spec.forProvider.principalArn, example.spec.deployRoleArn);
  const [association] = of('AccessPolicyAssociation') as [Json];
  assert.is(association.spec.forProvider.principalArn, example.spec.deployRoleArn);
  const [certificate] = of('Certificate') as [Json];
  assert.is(certificate.spec.forProvider.domainName, 'shop.dhakacart.com.bd');
  assert.is(certificate.spec.forProvider.validationMethod, 'DNS');
  assert.is(of('CertificateValidation').length, 1);
  const shopRecord = of('Record').find((r) => r.spec.forProvider.type === 'A') as Json;
  assert.is(shopRecord.spec.forProvider.name, 'shop.dhakacart.com.bd');
  assert.is(shopRecord.spec.forProvider.alias[0].name, example.spec.dns.loadBalancer.dnsName);
  const [budget] = of('Budget') as [Json];
  assert.is(budget.spec.forProvider.limitAmount, '1500');
  assert.equal(
    budget.spec.forProvider.notification.map((n: Json) => `${n.notificationType} ${n.threshold}%`),
    ['ACTUAL 50%', 'ACTUAL 80%', 'ACTUAL 100%', 'FORECASTED 100%'],
  );
  for (const n of budget.spec.forProvider.notification)
    assert.equal(n.subscriberEmailAddresses, example.spec.budget.alertEmails);
});

test.run();
