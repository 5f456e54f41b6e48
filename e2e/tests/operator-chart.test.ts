// The Helm chart: lints, ships the same CRD as crds/, grants only named verbs on named resources (no
// wildcards) — in the watched namespace only when it watches one — and installs into a Pod Security
// "restricted" namespace with two ready replicas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { createTestNamespace, eventually, kubectl, type TestNamespace } from '../src/harness.ts';
import { chartDir, crdFile, ensureCrd, getJson, helm, installChart } from './operator-support.ts';

let ns: TestNamespace;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('op-chart');
});

test.after(async () => {
  await helm(['uninstall', 'op', '--namespace', ns.name]);
  await ns?.delete();
});

test('helm lint passes', async () => {
  const result = await helm(['lint', chartDir]);
  assert.is(result.code, 0, result.stdout + result.stderr);
});

test('the chart ships the same CRD as crds/', () => {
  const chartCrd = readFileSync(join(chartDir, 'crds', 'dhakacart.io_dhakacarts.yaml'), 'utf8');
  assert.is(chartCrd, readFileSync(crdFile, 'utf8'));
});

test('RBAC names every verb and resource: no wildcards, no CRD or RBAC rights, no Secret updates', async () => {
  const rendered = await helm(['template', 'op', chartDir, '--namespace', 'ops']);
  assert.is(rendered.code, 0, rendered.stderr);
  const docs = parseAllDocuments(rendered.stdout)
    .map((d) => d.toJS())
    .filter(Boolean);
  const roles = docs.filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role');
  assert.ok(roles.length >= 2);
  for (const role of roles) {
    for (const rule of role.rules) {
      for (const field of ['apiGroups', 'resources', 'verbs'])
        assert.not.ok(rule[field].includes('*'), `${role.metadata.name} ${field}`);
      assert.not.ok(rule.apiGroups.includes('rbac.authorization.k8s.io'));
      assert.not.ok(rule.apiGroups.includes('apiextensions.k8s.io'));
      // patch only: a deliberate password rotation and the database credentials' owner (docs/credentials.md).
      if (rule.resources.includes('secrets'))
        assert.not.ok(rule.verbs.some((v: string) => ['update', 'delete', 'deletecollection'].includes(v)));
    }
  }
});

test('one watched namespace: a Role and RoleBinding there; no namespace: a ClusterRole and ClusterRoleBinding', async () => {
  const kinds = async (...set: string[]) => {
    const rendered = await helm(['template', 'op', chartDir, '--namespace', 'ops', ...set]);
    assert.is(rendered.code, 0, rendered.stderr);
    return parseAllDocuments(rendered.stdout)
      .map((d) => d.toJS())
      .filter((d) => d?.apiVersion === 'rbac.authorization.k8s.io/v1')
      .map((d) => `${d.kind} ${d.metadata.namespace ?? '(cluster)'}`)
      .sort();
  };
  assert.equal(await kinds('--set', 'watchNamespace=shop'), [
    'Role ops',
    'Role shop',
    'RoleBinding ops',
    'RoleBinding shop',
  ]);
  assert.equal(await kinds(), [
    'ClusterRole (cluster)',
    'ClusterRoleBinding (cluster)',
    'Role ops',
    'RoleBinding ops',
  ]);
});

test('installs into a restricted namespace: two replicas ready, metrics Service, leader Lease rights only there', async () => {
  const serviceAccount = await installChart(ns.name);
  await eventually('the operator Deployment to be ready', async () => {
    const d = await getJson(['get', 'deployment', 'op-dhakacart-operator', '-n', ns.name]);
    return d.status?.readyReplicas === 2;
  });
  await getJson(['get', 'service', 'op-dhakacart-operator-metrics', '-n', ns.name]);
  // kubectl auth can-i answers "yes" (exit 0) or "no" (exit 1); anything else is an error, not a "no".
  const can = async (verb: string, resource: string, namespace: string) => {
    const args = ['auth', 'can-i', verb, resource, `--as=system:serviceaccount:${ns.name}:${serviceAccount}`];
    const result = await kubectl([...args, ...(namespace ? ['-n', namespace] : [])]);
    const answer = result.stdout.trim();
    if (!((result.code === 0 && answer === 'yes') || (result.code === 1 && answer === 'no')))
      throw new Error(`kubectl ${args.join(' ')}: exit ${result.code}, ${result.stdout}${result.stderr}`);
    return answer;
  };
  assert.is(await can('patch', 'deployments.apps', ns.name), 'yes');
  assert.is(await can('patch', 'deployments.apps/scale', ns.name), 'yes');
  assert.is(await can('patch', 'deployments.apps', 'default'), 'no', 'rights only in the watched namespace');
  assert.is(await can('get', 'secrets', 'default'), 'no');
  assert.is(await can('update', 'leases.coordination.k8s.io', ns.name), 'yes');
  assert.is(await can('update', 'leases.coordination.k8s.io', 'default'), 'no');
  assert.is(await can('delete', 'secrets', 'default'), 'no');
  assert.is(await can('delete', 'dhakacarts.dhakacart.io', 'default'), 'no');
  assert.is(await can('create', 'customresourcedefinitions.apiextensions.k8s.io', ''), 'no');
  assert.is(await can('list', 'dhakacarts.dhakacart.io', ''), 'no', 'nothing cluster-wide');
});

test.run();
