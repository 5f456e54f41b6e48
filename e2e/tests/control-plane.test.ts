// Proves the local control plane is a real Kubernetes: scheduling across zones, Pod Security admission, CEL
// validation of custom resources, and RBAC on service-account tokens signed by the API server.

import { type ApiException, AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestNamespace, eventually, kubectl, testCluster } from '../src/harness.ts';

/** The API server's Status message, whichever shape the client gave the body in. */
function bodyText(e: ApiException<unknown>): string {
  const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  return String((body as { message?: string }).message);
}

const restrictedContainer = {
  name: 'app',
  image: 'registry.local/app:1',
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    runAsUser: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

test('three nodes are Ready, one in each of three zones', async () => {
  const { core } = await testCluster();
  const nodes = await core.listNode();
  const ready = nodes.items.filter((n) =>
    n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  const zones = new Set(ready.map((n) => n.metadata?.labels?.['topology.kubernetes.io/zone']));
  assert.ok(ready.length >= 3, `expected 3 Ready nodes, got ${ready.length}`);
  assert.is(zones.size, 3);
});

test('a Deployment spread across zones becomes Available with one pod per zone', async () => {
  const { kc, core } = await testCluster();
  const ns = await createTestNamespace('cp-spread');
  try {
    const apps = kc.makeApiClient(AppsV1Api);
    const labels = { app: 'spread' };
    await apps.createNamespacedDeployment({
      namespace: ns.name,
      body: {
        metadata: { name: 'spread' },
        spec: {
          replicas: 3,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [restrictedContainer],
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: 'topology.kubernetes.io/zone',
                  whenUnsatisfiable: 'DoNotSchedule',
                  labelSelector: { matchLabels: labels },
                },
              ],
            },
          },
        },
      },
    });
    await eventually('the Deployment to be Available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'spread', namespace: ns.name });
      return d.status?.availableReplicas === 3;
    });
    const pods = await core.listNamespacedPod({ namespace: ns.name });
    const nodes = await core.listNode();
    const zoneOf = new Map(
      nodes.items.map((n) => [n.metadata?.name, n.metadata?.labels?.['topology.kubernetes.io/zone']]),
    );
    const zones = pods.items.map((p) => zoneOf.get(p.spec?.nodeName));
    assert.is(new Set(zones).size, 3, `pods landed in zones ${zones.join(', ')}`);
  } finally {
    await ns.delete();
  }
});

test('a restricted namespace rejects a privileged pod and admits a compliant one', async () => {
  const { core } = await testCluster();
  const ns = await createTestNamespace('cp-pss');
  try {
    const privileged = {
      metadata: { name: 'bad' },
      spec: { containers: [{ name: 'app', image: 'x:1', securityContext: { privileged: true } }] },
    };
    const error = await core.createNamespacedPod({ namespace: ns.name, body: privileged }).then(
      () => undefined,
      (e: ApiException<string>) => e,
    );
    assert.ok(error, 'the privileged pod was admitted');
    assert.is(error.code, 403);
    assert.match(bodyText(error), /violates PodSecurity "restricted:latest"/);
    const ok = await core.createNamespacedPod({
      namespace: ns.name,
      body: {
        metadata: { name: 'good' },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [restrictedContainer],
        },
      },
    });
    assert.is(ok.metadata?.name, 'good');
  } finally {
    await ns.delete();
  }
});

test('a CRD with a CEL rule rejects a bad object with the rule message', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.cp-test.dhakacart.io' },
    spec: {
      group: 'cp-test.dhakacart.io',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { min: { type: 'integer' }, max: { type: 'integer' } },
                  'x-kubernetes-validations': [
                    { rule: 'self.min <= self.max', message: 'spec.min must not exceed spec.max' },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  };
  const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(crd));
  assert.is(applied.code, 0, applied.stderr);
  await kubectl(['wait', '--for=condition=Established', 'crd/widgets.cp-test.dhakacart.io', '--timeout=30s']);
  const ns = await createTestNamespace('cp-cel');
  try {
    const bad = {
      apiVersion: 'cp-test.dhakacart.io/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: ns.name },
      spec: { min: 5, max: 1 },
    };
    const rejected = await kubectl(['apply', '-f', '-'], JSON.stringify(bad));
    assert.is.not(rejected.code, 0);
    assert.match(rejected.stderr, /spec\.min must not exceed spec\.max/);
    const good = await kubectl(['apply', '-f', '-'], JSON.stringify({ ...bad, spec: { min: 1, max: 5 } }));
    assert.is(good.code, 0, good.stderr);
  } finally {
    await ns.delete();
  }
});

test('a ServiceAccount with no RoleBinding is forbidden to list pods', async () => {
  const { info, core } = await testCluster();
  const ns = await createTestNamespace('cp-rbac');
  try {
    await core.createNamespacedServiceAccount({ namespace: ns.name, body: { metadata: { name: 'nobody' } } });
    const token = await core.createNamespacedServiceAccountToken({
      name: 'nobody',
      namespace: ns.name,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const admin = new KubeConfig();
    admin.loadFromFile(info.kubeconfig);
    const cluster = admin.getCurrentCluster();
    assert.ok(cluster);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'nobody', token: token.status?.token }],
      contexts: [{ name: 'nobody', cluster: cluster.name, user: 'nobody' }],
      currentContext: 'nobody',
    });
    const asNobody = kc.makeApiClient(CoreV1Api);
    const error = await asNobody.listNamespacedPod({ namespace: ns.name }).then(
      () => undefined,
      (e: ApiException<string>) => e,
    );
    assert.ok(error, 'the list was allowed');
    assert.is(error.code, 403);
    assert.match(bodyText(error), new RegExp(`system:serviceaccount:${ns.name}:nobody`));
  } finally {
    await ns.delete();
  }
});

test.run();
