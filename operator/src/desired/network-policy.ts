// NetworkPolicies: deny everything to and from the shop's pods, then allow only the flows the shop needs.
//
//   anyone (ingress controller) → storefront:8080
//   storefront, the ingress controller's namespace → api:3000 (inCluster; on aws the ALB reaches the pods by
//   address from the VPC, so the API port stays open there)
//   Prometheus's namespace (spec.monitoring.prometheusNamespace) → api:9464 and storefront:9464, the `metrics`
//   port, and nobody else: /metrics is served there only, and Prometheus reaches nothing else of the shop
//   api → pgbouncer:6432 (inCluster) or the database's port 5432 (aws: RDS Proxy), redis:6379
//   pgbouncer → postgres:5432;  migration (and backup Jobs) → postgres:5432, directly: the migration holds an
//   advisory lock, which needs a session, not a pooled transaction
//   every shop pod → DNS on port 53 UDP and TCP, whichever address answers it: the cluster DNS Service's
//   pods, or a node-local cache on a link-local address (NodeLocal DNSCache), which no pod selector matches
import type { V1NetworkPolicy, V1NetworkPolicyPeer, V1NetworkPolicySpec } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { API_PORT, METRICS_PORT, STOREFRONT_PORT } from './deployment.ts';
import { type Component, childMeta, childName, selectorLabels } from './meta.ts';
import { PGBOUNCER_PORT } from './pgbouncer.ts';

function policy(shop: DhakaCart, purpose: string, spec: V1NetworkPolicySpec): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMeta(shop, childName.networkPolicy(shop, purpose)),
    spec,
  };
}

const pods = (shop: DhakaCart, component: Component): V1NetworkPolicyPeer => ({
  podSelector: { matchLabels: selectorLabels(shop, component) },
});

const tcp = (port: number) => ({ protocol: 'TCP', port });

const namespaceNamed = (name: string): V1NetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

export function desiredNetworkPolicies(shop: DhakaCart): V1NetworkPolicy[] {
  // On aws the data stores are RDS and ElastiCache outside the cluster: any address on their ports; their
  // security groups admit only the API's group.
  const aws = shop.spec.platform === 'aws';
  const database = aws ? {} : { to: [pods(shop, 'postgres')] };
  const cache = aws ? {} : { to: [pods(shop, 'redis')] };
  const scrape = {
    _from: [namespaceNamed(shop.spec.monitoring.prometheusNamespace)],
    ports: [tcp(METRICS_PORT)],
  };
  const shopPods = {
    matchLabels: { 'app.kubernetes.io/instance': shop.metadata.name, 'app.kubernetes.io/name': 'dhakacart' },
  };
  return [
    policy(shop, 'default-deny', { podSelector: shopPods, policyTypes: ['Ingress', 'Egress'] }),
    policy(shop, 'allow-dns', {
      podSelector: shopPods,
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy(shop, 'storefront', {
      podSelector: { matchLabels: selectorLabels(shop, 'storefront') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(STOREFRONT_PORT)] }, scrape],
      egress: [{ to: [pods(shop, 'api')], ports: [tcp(API_PORT)] }],
    }),
    policy(shop, 'api', {
      podSelector: { matchLabels: selectorLabels(shop, 'api') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        aws
          ? { ports: [tcp(API_PORT)] }
          : {
              _from: [pods(shop, 'storefront'), namespaceNamed(shop.spec.ingress.controllerNamespace)],
              ports: [tcp(API_PORT)],
            },
        scrape,
      ],
      egress: [
        aws ? { ports: [tcp(5432)] } : { to: [pods(shop, 'pgbouncer')], ports: [tcp(PGBOUNCER_PORT)] },
        { ...cache, ports: [tcp(6379)] },
      ],
    }),
    policy(shop, 'migration', {
      podSelector: { matchLabels: selectorLabels(shop, 'migration') },
      policyTypes: ['Egress'],
      egress: [{ ...database, ports: [tcp(5432)] }],
    }),
    ...(aws
      ? []
      : [
          policy(shop, 'pgbouncer', {
            podSelector: { matchLabels: selectorLabels(shop, 'pgbouncer') },
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ _from: [pods(shop, 'api')], ports: [tcp(PGBOUNCER_PORT)] }],
            egress: [{ ...database, ports: [tcp(5432)] }],
          }),
        ]),
    policy(shop, 'postgres', {
      podSelector: { matchLabels: selectorLabels(shop, 'postgres') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [pods(shop, 'pgbouncer'), pods(shop, 'migration')], ports: [tcp(5432)] }],
    }),
    policy(shop, 'redis', {
      podSelector: { matchLabels: selectorLabels(shop, 'redis') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [pods(shop, 'api')], ports: [tcp(6379)] }],
    }),
  ];
}
