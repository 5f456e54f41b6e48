// Per-shop gauges read from the informer caches at scrape time, so every replica (leader or not) answers the
// same and nothing is kept in step by hand: the shop's conditions and release, and for the api and storefront their
// replicas against the autoscaler's bounds and the disruptions their budget allows now. All carry the
// labels `namespace` and `shop` (the DhakaCart's name), the same the alerts and dashboards select on.
import type { KubernetesObject } from '@kubernetes/client-node';
import { Gauge, type Registry } from 'prom-client';
import { COMPONENT_LABEL, SHOP_LABEL } from './desired/meta.ts';
import type { Informer } from './informer.ts';
import type { DhakaCart } from './types.ts';

interface Caches {
  shops: Informer<DhakaCart>;
  children: {
    Deployment: Informer<KubernetesObject>;
    HorizontalPodAutoscaler: Informer<KubernetesObject>;
    PodDisruptionBudget: Informer<KubernetesObject>;
  };
}

const scaled = new Set(['api', 'storefront']);

/** The shop and component a child of a scaled component belongs to, from its labels. */
function owner(object: KubernetesObject): { namespace: string; shop: string; component: string } | undefined {
  const labels = object.metadata?.labels ?? {};
  const shop = labels[SHOP_LABEL];
  const component = labels[COMPONENT_LABEL];
  if (!shop || !component || !scaled.has(component)) return undefined;
  return { namespace: object.metadata?.namespace ?? '', shop, component };
}

/**
 * Registers `dhakacart_shop_condition`, `dhakacart_shop_release_info`, `dhakacart_shop_replicas`,
 * `dhakacart_shop_slo_objective_ratio` and `dhakacart_shop_disruptions_allowed`
 * on `registry`, computed from `caches` on every scrape.
 */
export function registerShopMetrics(registry: Registry, caches: () => Caches | undefined): void {
  new Gauge<'namespace' | 'shop' | 'type' | 'status' | 'reason'>({
    name: 'dhakacart_shop_condition',
    help: 'The status conditions of each DhakaCart: 1 for the status (True, False, Unknown) and reason it has now.',
    labelNames: ['namespace', 'shop', 'type', 'status', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const shop of caches()?.shops.list() ?? []) {
        for (const condition of shop.status?.conditions ?? []) {
          this.set(
            {
              namespace: shop.metadata.namespace,
              shop: shop.metadata.name,
              type: condition.type,
              status: condition.status,
              reason: condition.reason ?? '',
            },
            1,
          );
        }
      }
    },
  });
  new Gauge<'namespace' | 'shop' | 'version' | 'last_good_version'>({
    name: 'dhakacart_shop_release_info',
    help: 'Always 1; the labels say which release serves now (status.version) and the last that served everywhere (status.lastGoodVersion).',
    labelNames: ['namespace', 'shop', 'version', 'last_good_version'],
    registers: [registry],
    collect() {
      this.reset();
      for (const shop of caches()?.shops.list() ?? []) {
        this.set(
          {
            namespace: shop.metadata.namespace,
            shop: shop.metadata.name,
            version: shop.status?.version ?? '',
            last_good_version: shop.status?.lastGoodVersion ?? '',
          },
          1,
        );
      }
    },
  });
  new Gauge<'namespace' | 'shop' | 'component' | 'state'>({
    name: 'dhakacart_shop_replicas',
    help: 'Pods of the api and storefront: state desired and available (Deployment), min and max (autoscaler bounds).',
    labelNames: ['namespace', 'shop', 'component', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const deployment of caches()?.children.Deployment.list() ?? []) {
        const labels = owner(deployment);
        if (!labels) continue;
        const d = deployment as { spec?: { replicas?: number }; status?: { availableReplicas?: number } };
        this.set({ ...labels, state: 'desired' }, d.spec?.replicas ?? 0);
        this.set({ ...labels, state: 'available' }, d.status?.availableReplicas ?? 0);
      }
      for (const hpa of caches()?.children.HorizontalPodAutoscaler.list() ?? []) {
        const labels = owner(hpa);
        if (!labels) continue;
        const h = hpa as { spec?: { minReplicas?: number; maxReplicas?: number } };
        this.set({ ...labels, state: 'min' }, h.spec?.minReplicas ?? 1);
        this.set({ ...labels, state: 'max' }, h.spec?.maxReplicas ?? 0);
      }
    },
  });
  new Gauge<'namespace' | 'shop' | 'slo'>({
    name: 'dhakacart_shop_slo_objective_ratio',
    help: "Each shop's service level objectives (spec.monitoring.slo) as fractions of good requests over 30 days; the chart's burn-rate alerts read them. slo: catalog-availability, catalog-latency, checkout-availability, checkout-latency.",
    labelNames: ['namespace', 'shop', 'slo'],
    registers: [registry],
    collect() {
      this.reset();
      for (const shop of caches()?.shops.list() ?? []) {
        const objectives = shop.spec.monitoring?.slo;
        if (!objectives) continue;
        for (const journey of ['catalog', 'checkout'] as const) {
          for (const kind of ['availability', 'latency'] as const) {
            const percent = objectives[journey]?.[kind];
            if (percent === undefined) continue;
            this.set(
              { namespace: shop.metadata.namespace, shop: shop.metadata.name, slo: `${journey}-${kind}` },
              // Four significant digits past the percent: 99.95 % is 0.9995, not 0.9995000000000001.
              Number((percent / 100).toPrecision(8)),
            );
          }
        }
      }
    },
  });
  new Gauge<'namespace' | 'shop' | 'component'>({
    name: 'dhakacart_shop_disruptions_allowed',
    help: 'Pods of the component that may be evicted now without breaking its PodDisruptionBudget.',
    labelNames: ['namespace', 'shop', 'component'],
    registers: [registry],
    collect() {
      this.reset();
      for (const pdb of caches()?.children.PodDisruptionBudget.list() ?? []) {
        const labels = owner(pdb);
        if (!labels) continue;
        this.set(
          labels,
          (pdb as { status?: { disruptionsAllowed?: number } }).status?.disruptionsAllowed ?? 0,
        );
      }
    },
  });
}
