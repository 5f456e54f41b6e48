// The kinds the operator watches and writes, with the REST path pieces the informers need.
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
}

export const RESOURCES = {
  DhakaCart: { apiVersion: 'dhakacart.io/v1alpha1', kind: 'DhakaCart', plural: 'dhakacarts' },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
  StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets' },
  Service: { apiVersion: 'v1', kind: 'Service', plural: 'services' },
  ServiceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts' },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  Secret: { apiVersion: 'v1', kind: 'Secret', plural: 'secrets' },
  PersistentVolumeClaim: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
  },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
  },
  PodDisruptionBudget: {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
  },
  Ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies' },
  Job: { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs' },
  EndpointSlice: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', plural: 'endpointslices' },
} satisfies Record<string, ResourceType>;

export type Kind = keyof typeof RESOURCES;

/**
 * Kinds the operator writes only where the cluster serves them, read and written without an informer:
 * the Prometheus Operator's (reconcile/monitoring.ts).
 */
export const OPTIONAL_RESOURCES = {
  PodMonitor: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', plural: 'podmonitors' },
} satisfies Record<string, ResourceType>;

/** The kinds a DhakaCart owns; each gets an informer filtered to the operator's label. */
export const CHILD_KINDS: Kind[] = [
  'Deployment',
  'StatefulSet',
  'Service',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Ingress',
  'NetworkPolicy',
  'Job',
  // Not written by the operator: the EndpointSlice controller makes them for the shop's Services and copies
  // the Services' labels onto them, so the same label filter finds them. Read for readiness (does a
  // Service have somewhere to send shoppers?), and their changes re-evaluate it.
  'EndpointSlice',
];

/** `/apis/apps/v1/namespaces/ns/deployments` (or cluster-wide without a namespace). */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  return `${base}${namespace ? `/namespaces/${namespace}` : ''}/${type.plural}`;
}

/** `/apis/apps/v1/namespaces/ns/deployments/name` for a kind in RESOURCES or OPTIONAL_RESOURCES, else undefined. */
export function objectPath(object: {
  kind?: string;
  metadata?: { namespace?: string; name?: string };
}): string | undefined {
  const kind = object.kind ?? '';
  const type: ResourceType | undefined =
    RESOURCES[kind as Kind] ?? OPTIONAL_RESOURCES[kind as keyof typeof OPTIONAL_RESOURCES];
  return type ? `${collectionPath(type, object.metadata?.namespace)}/${object.metadata?.name}` : undefined;
}

/** The cache key of a namespaced object: `namespace/name`. */
export function objectKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** client-node's model name of each built-in kind, for converting typed objects to the wire form. */
export const MODEL: Record<string, string> = {
  Deployment: 'V1Deployment',
  StatefulSet: 'V1StatefulSet',
  Service: 'V1Service',
  ServiceAccount: 'V1ServiceAccount',
  ConfigMap: 'V1ConfigMap',
  Secret: 'V1Secret',
  PersistentVolumeClaim: 'V1PersistentVolumeClaim',
  HorizontalPodAutoscaler: 'V2HorizontalPodAutoscaler',
  PodDisruptionBudget: 'V1PodDisruptionBudget',
  Ingress: 'V1Ingress',
  NetworkPolicy: 'V1NetworkPolicy',
  Job: 'V1Job',
  EndpointSlice: 'V1EndpointSlice',
};
