// Who may open a connection to which port of the shop's pods, evaluated from the built NetworkPolicies with
// Kubernetes' semantics: a pod selected by any policy of type Ingress admits a connection only when some
// rule of those policies admits its source and port. /metrics lives on the `metrics` port, which only
// Prometheus's namespace reaches; Prometheus reaches nothing else.
import type { V1NetworkPolicy, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../fixtures/shops.ts';
import { makeShop } from '../types.ts';
import { API_PORT, METRICS_PORT, STOREFRONT_PORT } from './deployment.ts';
import { type Component, selectorLabels } from './meta.ts';
import { desiredNetworkPolicies } from './network-policy.ts';

/** Where a connection comes from: a namespace (with its name label) and the labels of the pod. */
interface Source {
  namespace: string;
  labels: Record<string, string>;
}

const matches = (matchLabels: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(matchLabels ?? {}).every(([k, v]) => labels[k] === v);

function peerAdmits(peer: V1NetworkPolicyPeer, source: Source, policyNamespace: string): boolean {
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': source.namespace })
    : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector.matchLabels, source.labels) : true;
  return namespaceOk && podOk;
}

/** Whether `source` may connect to TCP `port` of a pod labelled `target` in the shop's namespace. */
function admits(
  policies: V1NetworkPolicy[],
  target: Record<string, string>,
  source: Source,
  port: number,
): boolean {
  const namespace = sample.metadata.namespace ?? '';
  const selecting = policies.filter(
    (p) => p.spec?.policyTypes?.includes('Ingress') && matches(p.spec.podSelector?.matchLabels, target),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (p.spec?.ingress ?? []).some(
      (rule) =>
        (rule.ports === undefined || rule.ports.some((r) => r.port === port && r.protocol === 'TCP')) &&
        (rule._from === undefined || rule._from.some((peer) => peerAdmits(peer, source, namespace))),
    ),
  );
}

const podOf = (shop: typeof sample, component: Component) => ({
  namespace: shop.metadata.namespace ?? '',
  labels: selectorLabels(shop, component),
});
const prometheus: Source = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const ingressController: Source = { namespace: 'ingress-nginx', labels: { app: 'controller' } };
const stranger: Source = { namespace: 'someone-else', labels: { app: 'curious' } };

test('the API port admits the storefront and the ingress controller, not Prometheus or another namespace', () => {
  const policies = desiredNetworkPolicies(sample);
  const api = podOf(sample, 'api').labels;
  assert.ok(admits(policies, api, podOf(sample, 'storefront'), API_PORT), 'storefront → api:3000');
  assert.ok(admits(policies, api, ingressController, API_PORT), 'ingress controller → api:3000');
  assert.not.ok(
    admits(policies, api, prometheus, API_PORT),
    'Prometheus → api:3000 (/api/admin lives there)',
  );
  assert.not.ok(admits(policies, api, stranger, API_PORT), 'another namespace → api:3000');
});

test("the metrics port of the API and the storefront admits Prometheus's namespace and nobody else", () => {
  const policies = desiredNetworkPolicies(sample);
  for (const component of ['api', 'storefront'] as const) {
    const target = podOf(sample, component).labels;
    assert.ok(admits(policies, target, prometheus, METRICS_PORT), `Prometheus → ${component}:metrics`);
    for (const [name, source] of [
      ['another namespace', stranger],
      ['the ingress controller', ingressController],
      ['the storefront', podOf(sample, 'storefront')],
    ] as const)
      assert.not.ok(admits(policies, target, source, METRICS_PORT), `${name} → ${component}:metrics`);
  }
  const storefront = podOf(sample, 'storefront').labels;
  assert.ok(admits(policies, storefront, stranger, STOREFRONT_PORT), 'shoppers still reach the storefront');
  assert.not.ok(admits(policies, storefront, prometheus, 5432), 'Prometheus reaches no other port');
});

test('the namespace that may scrape follows spec.monitoring.prometheusNamespace', () => {
  const shop = makeShop('eid-sale', 'shop', {
    version: '1.4.0',
    monitoring: { prometheusNamespace: 'observability' },
  });
  const policies = desiredNetworkPolicies(shop);
  const observability: Source = { namespace: 'observability', labels: {} };
  for (const component of ['api', 'storefront'] as const) {
    const target = podOf(shop, component).labels;
    assert.ok(admits(policies, target, observability, METRICS_PORT), component);
    assert.not.ok(
      admits(policies, target, prometheus, METRICS_PORT),
      `${component}: the default namespace no more`,
    );
  }
});

test('on aws the API port stays open to the load balancer, the metrics port still to Prometheus only', () => {
  const aws = makeShop('eid-sale', 'shop', { version: '1.4.0', platform: 'aws' });
  const policies = desiredNetworkPolicies(aws);
  const api = podOf(aws, 'api').labels;
  assert.ok(admits(policies, api, stranger, API_PORT), 'the ALB reaches pods by address');
  assert.not.ok(admits(policies, api, stranger, METRICS_PORT));
  assert.ok(admits(policies, api, prometheus, METRICS_PORT));
});

test.run();
