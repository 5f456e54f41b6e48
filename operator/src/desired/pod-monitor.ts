// The shop's scrape object for the Prometheus Operator: one PodMonitor that selects the API and storefront
// pods and scrapes their port `metrics` at /metrics, a port of its own that the NetworkPolicy opens to
// Prometheus's namespace only (the public port `http` answers 404 there). A PodMonitor rather than a
// ServiceMonitor because a blue/green release puts a preview Service in front of the same labels
// (desired/releases/blue-green.ts): a ServiceMonitor would scrape a pod once per Service that selects it, a
// PodMonitor once.
//
// The relabelings give every series the target labels the dashboards and alerts select on
// (monitoring/README.md): `shop` from the pods' app.kubernetes.io/instance and `component` from
// app.kubernetes.io/component. `namespace`, `pod` and `container` the Prometheus Operator adds itself.
import type { KubernetesObject, V1LabelSelector } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { COMPONENT_LABEL, childMeta, childName } from './meta.ts';

export const MONITORING_GROUP = 'monitoring.coreos.com';
export const MONITORING_API_VERSION = `${MONITORING_GROUP}/v1`;

/** The scraped components; their containers name a port `metrics` and serve `/metrics` on it. */
export const SCRAPED_COMPONENTS = ['api', 'storefront'] as const;

/** A relabeling step as the Prometheus Operator's `RelabelConfig` spells it (camelCase of relabel_config). */
export interface RelabelConfig {
  sourceLabels?: string[];
  targetLabel?: string;
  action?: string;
  regex?: string;
  replacement?: string;
}

/** The fields of `monitoring.coreos.com/v1` PodMonitor the operator sets (pkg/apis/monitoring/v1). */
export interface PodMonitor extends KubernetesObject {
  apiVersion: typeof MONITORING_API_VERSION;
  kind: 'PodMonitor';
  spec: {
    selector: V1LabelSelector;
    podMetricsEndpoints: Array<{ port: string; path: string; relabelings: RelabelConfig[] }>;
  };
}

/** Prometheus's service-discovery label for a pod label: `__meta_kubernetes_pod_label_<sanitized name>`. */
export function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The PodMonitor of a shop's API and storefront pods, named after the shop. */
export function desiredPodMonitor(shop: DhakaCart): PodMonitor {
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'PodMonitor',
    metadata: childMeta(shop, childName.podMonitor(shop)),
    spec: {
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'dhakacart',
          'app.kubernetes.io/instance': shop.metadata.name,
        },
        matchExpressions: [{ key: COMPONENT_LABEL, operator: 'In', values: [...SCRAPED_COMPONENTS] }],
      },
      podMetricsEndpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          relabelings: [
            { sourceLabels: [podLabelMeta('app.kubernetes.io/instance')], targetLabel: 'shop' },
            { sourceLabels: [podLabelMeta(COMPONENT_LABEL)], targetLabel: 'component' },
          ],
        },
      ],
    },
  };
}
