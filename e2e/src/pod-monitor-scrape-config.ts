// A small translation of a PodMonitor into a Prometheus scrape config, written here because no Prometheus
// Operator runs in the tests. It follows what the Prometheus Operator's config generator does for the fields
// the shop's PodMonitor uses: discover pods with
// kubernetes_sd_configs role pod in the PodMonitor's namespace, keep only pods whose labels match its selector
// and containers whose port has the endpoint's name, scrape the endpoint's path, set the `namespace`, `pod`,
// `container` and `job` target labels, then apply the endpoint's own relabelings. Anything else in a
// PodMonitor (other selector operators, basic auth, TLS, ...) is refused rather than silently ignored.
import type { V1LabelSelector } from '@kubernetes/client-node';

/** The fields of a monitoring.coreos.com/v1 PodMonitor this translation understands. */
export interface PodMonitorObject {
  metadata: { name: string; namespace: string };
  spec: {
    selector: V1LabelSelector;
    podMetricsEndpoints: Array<{
      port: string;
      path?: string;
      relabelings?: Array<{
        sourceLabels?: string[];
        targetLabel?: string;
        action?: string;
        regex?: string;
        replacement?: string;
        separator?: string;
      }>;
    }>;
  };
}

/** Prometheus's discovery label for a pod label, sanitized as Prometheus does (non [a-zA-Z0-9_] → _). */
const podLabel = (name: string) => `__meta_kubernetes_pod_label_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
const podLabelPresent = (name: string) =>
  `__meta_kubernetes_pod_labelpresent_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The scrape configs (one per endpoint) Prometheus needs to scrape what `monitor` selects, discovering pods
 * through the API server of `kubeconfigFile`. Job names follow the Prometheus Operator:
 * `podMonitor/<namespace>/<name>/<endpoint index>`. Throws for a field it does not translate.
 */
export function podMonitorScrapeConfigs(monitor: PodMonitorObject, kubeconfigFile: string): object[] {
  const { namespace, name } = monitor.metadata;
  const selectorRules = [
    ...Object.entries(monitor.spec.selector.matchLabels ?? {}).map(([key, value]) => ({
      action: 'keep',
      source_labels: [podLabel(key), podLabelPresent(key)],
      regex: `(${escapeRegex(value)});true`,
    })),
    ...(monitor.spec.selector.matchExpressions ?? []).map((e) => {
      if (e.operator !== 'In') throw new Error(`selector operator ${e.operator} is not translated here`);
      return {
        action: 'keep',
        source_labels: [podLabel(e.key), podLabelPresent(e.key)],
        regex: `(${(e.values ?? []).map(escapeRegex).join('|')});true`,
      };
    }),
  ];
  return monitor.spec.podMetricsEndpoints.map((endpoint, index) => {
    const job = `podMonitor/${namespace}/${name}/${index}`;
    return {
      job_name: job,
      honor_labels: false,
      metrics_path: endpoint.path ?? '/metrics',
      kubernetes_sd_configs: [
        { role: 'pod', kubeconfig_file: kubeconfigFile, namespaces: { names: [namespace] } },
      ],
      relabel_configs: [
        ...selectorRules,
        // Only the named port: a pod with several ports is one target per port in role pod.
        {
          action: 'keep',
          source_labels: ['__meta_kubernetes_pod_container_port_name'],
          regex: endpoint.port,
        },
        // Pods that have finished are not scraped.
        { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: '(Failed|Succeeded)' },
        { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
        { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
        { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        { target_label: 'job', replacement: `${namespace}/${name}` },
        { target_label: 'endpoint', replacement: endpoint.port },
        ...(endpoint.relabelings ?? []).map((r) => ({
          ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
          ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
          ...(r.action ? { action: r.action.toLowerCase() } : {}),
          ...(r.regex !== undefined ? { regex: r.regex } : {}),
          ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
          ...(r.separator !== undefined ? { separator: r.separator } : {}),
        })),
      ],
    };
  });
}
