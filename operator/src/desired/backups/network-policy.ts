// The backup Jobs' network: snapshot, restore and drill pods may reach the shop's PostgreSQL, and PostgreSQL
// admits them (the shop's default-deny policy blocks both directions otherwise).
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { COMPONENT_LABEL, childMeta, childName, selectorLabels } from '../meta.ts';

const backupPods = (shop: DhakaCart) => ({
  matchLabels: { 'app.kubernetes.io/name': 'dhakacart', 'app.kubernetes.io/instance': shop.metadata.name },
  matchExpressions: [{ key: COMPONENT_LABEL, operator: 'In', values: ['snapshot', 'restore', 'drill'] }],
});

export function desiredBackupNetworkPolicies(shop: DhakaCart): V1NetworkPolicy[] {
  const postgres = { protocol: 'TCP', port: 5432 };
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: childMeta(shop, childName.networkPolicy(shop, 'backup-jobs')),
      spec: {
        podSelector: backupPods(shop),
        policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: { matchLabels: selectorLabels(shop, 'postgres') } }], ports: [postgres] },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: childMeta(shop, childName.networkPolicy(shop, 'postgres-from-backup-jobs')),
      spec: {
        podSelector: { matchLabels: selectorLabels(shop, 'postgres') },
        policyTypes: ['Ingress'],
        ingress: [{ _from: [{ podSelector: backupPods(shop) }], ports: [postgres] }],
      },
    },
  ];
}
