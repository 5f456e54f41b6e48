// The DhakaCart resource as the operator sees it. Mirrors crds/dhakacart.io_dhakacarts.yaml; the API server
// applies the CRD's defaults before the operator reads an object, and `withDefaults` fills the same defaults
// for objects built in tests.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { BackupsStatus, RestoreStatus } from './desired/backups/spec.ts';
import type { ReleaseStatus } from './desired/releases/spec.ts';

export const GROUP = 'dhakacart.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'DhakaCart';
export const PLURAL = 'dhakacarts';

export type Platform = 'inCluster' | 'aws';

export interface ReplicaBounds {
  min: number;
  max: number;
}

export interface Resources {
  requests?: { cpu?: string | number; memory?: string | number };
  limits?: { cpu?: string | number; memory?: string | number };
}

export interface DhakaCartSpec {
  version: string;
  platform: Platform;
  images?: { api?: string; storefront?: string; postgres?: string; redis?: string; pullPolicy?: string };
  api: {
    replicas: ReplicaBounds;
    resources?: Resources;
    adminTokenSecretRef?: { name: string; key?: string };
  };
  storefront: { replicas: ReplicaBounds; resources?: Resources };
  capacity?: { peakConcurrentVisitors?: number; requestsPerVisitorPerMinute?: number };
  /** `scaleDownStabilizationSeconds`: seconds of lower load before the autoscalers remove pods. */
  autoscaling: { scaleDownStabilizationSeconds: number };
  availability: { zoneSpread: 'DoNotSchedule' | 'ScheduleAnyway'; maxUnavailable: number };
  rollout: {
    strategy: 'RollingUpdate' | 'BlueGreen';
    progressDeadlineSeconds: number;
    blueGreen?: { scaleDownDelaySeconds?: number };
    smokeCheck?: { path?: string; timeoutSeconds?: number };
  };
  ingress: {
    enabled: boolean;
    host?: string;
    className: string;
    /** Namespace of the ingress controller's pods; the only other namespace that reaches the API. */
    controllerNamespace: string;
    tls?: { secretName?: string; certificateArn?: string };
  };
  database: {
    storage: string | number;
    storageClassName?: string;
    deletionPolicy: 'Retain' | 'Snapshot' | 'Delete';
    /** Seconds a Snapshot-policy deletion waits for its final snapshot (reconcile/backups/deletion.ts). */
    finalSnapshotTimeoutSeconds: number;
    /** Must equal the shop's name while deletionPolicy is Delete (checked at admission). */
    confirmDataDeletion?: string;
    /** The rest of the backup spec is read through desired/backups/spec.ts. */
    backup?: { snapshots?: { schedule?: string; keep?: number; suspend?: boolean } };
  };
  /**
   * `prometheusNamespace`: where the Prometheus that scrapes the shop runs (its pods may reach the `metrics`
   * port of the API and storefront pods, nothing else).
   * `slo`: the objectives in percent (99.9 means 99.9 % of requests good over 30 days).
   */
  monitoring: { scrape: boolean; prometheusNamespace: string; slo: ServiceLevelObjectives };
}

/** One journey's objectives in percent: requests answered without a 5xx, and within the latency threshold. */
export interface JourneyObjectives {
  availability: number;
  latency: number;
}

/** Per-shop SLO targets (crds/: spec.monitoring.slo); defaults 99.9 % available, 99 % fast. */
export interface ServiceLevelObjectives {
  catalog: JourneyObjectives;
  checkout: JourneyObjectives;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface ComponentStatus {
  readyReplicas: number;
  desiredReplicas: number;
  replicas: string;
}

export interface DhakaCartStatus {
  observedGeneration?: number;
  version?: string;
  conditions?: Condition[];
  api?: ComponentStatus;
  storefront?: ComponentStatus;
  endpoints?: { storefront?: string; api?: string };
  /** Releases and backups: see desired/releases/spec.ts and desired/backups/spec.ts. */
  lastGoodVersion?: string;
  release?: ReleaseStatus;
  backups?: BackupsStatus;
  restore?: RestoreStatus;
}

export interface DhakaCart extends KubernetesObject {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata: V1ObjectMeta & { name: string; namespace: string };
  spec: DhakaCartSpec;
  status?: DhakaCartStatus;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A DhakaCart spec as a user may write it: everything but `version` optional. */
export type DhakaCartSpecInput = DeepPartial<DhakaCartSpec> & { version: string };

/**
 * Fills the CRD's defaults, as the API server does on admission (structural defaulting: a nested object's
 * defaults apply only when the object is given or itself defaulted). e2e/tests/crd-defaults.test.ts checks
 * the result against what the API server stores for the samples and partial specs.
 */
export function withDefaults(spec: DhakaCartSpecInput): DhakaCartSpec {
  return {
    ...spec,
    version: spec.version,
    platform: spec.platform ?? 'inCluster',
    images: spec.images ? { pullPolicy: 'IfNotPresent', ...spec.images } : undefined,
    api: {
      ...spec.api,
      replicas: { min: 3, max: 60, ...spec.api?.replicas },
    } as DhakaCartSpec['api'],
    storefront: {
      ...spec.storefront,
      replicas: { min: 2, max: 20, ...spec.storefront?.replicas },
    } as DhakaCartSpec['storefront'],
    capacity: spec.capacity ? { requestsPerVisitorPerMinute: 12, ...spec.capacity } : undefined,
    autoscaling: { scaleDownStabilizationSeconds: 300, ...spec.autoscaling },
    availability: { zoneSpread: 'ScheduleAnyway', maxUnavailable: 1, ...spec.availability },
    rollout: {
      strategy: 'RollingUpdate',
      progressDeadlineSeconds: 600,
      ...spec.rollout,
      blueGreen: { scaleDownDelaySeconds: 300, ...spec.rollout?.blueGreen },
    } as DhakaCartSpec['rollout'],
    ingress: {
      enabled: true,
      className: 'nginx',
      controllerNamespace: 'ingress-nginx',
      ...spec.ingress,
    } as DhakaCartSpec['ingress'],
    database: {
      storage: '10Gi',
      deletionPolicy: 'Retain',
      finalSnapshotTimeoutSeconds: 1800,
      ...spec.database,
      ...(spec.database?.backup?.snapshots
        ? {
            backup: {
              ...spec.database.backup,
              snapshots: { keep: 28, suspend: false, ...spec.database.backup.snapshots },
            },
          }
        : {}),
    } as DhakaCartSpec['database'],
    monitoring: {
      scrape: true,
      prometheusNamespace: 'monitoring',
      ...spec.monitoring,
      slo: {
        catalog: { availability: 99.9, latency: 99, ...spec.monitoring?.slo?.catalog },
        checkout: { availability: 99.9, latency: 99, ...spec.monitoring?.slo?.checkout },
      },
    },
  } as DhakaCartSpec;
}

/** A DhakaCart object with defaults filled, for tests and benchmarks. */
export function makeShop(
  name: string,
  namespace: string,
  spec: DhakaCartSpecInput,
  extra: Partial<V1ObjectMeta> = {},
): DhakaCart {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, generation: 1, ...extra },
    spec: withDefaults(spec),
  };
}
