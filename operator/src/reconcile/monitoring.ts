// The shop's scrape object, "make it so": with spec.monitoring.scrape the operator applies the shop's
// PodMonitor (desired/pod-monitor.ts) where the API server serves the Prometheus Operator's
// monitoring.coreos.com/v1 PodMonitor, and otherwise says in status why there is none. The kind is looked up
// on every reconcile (one discovery read), so CRDs installed after the operator are picked up by the next
// event or resync of the shop without a restart. MonitoringReady never affects Ready: a shop sells without
// being scraped.
import type { KubernetesObject } from '@kubernetes/client-node';
import { type ConditionInput, ConditionType, Reason } from '../conditions.ts';
import { desiredPodMonitor, MONITORING_API_VERSION } from '../desired/pod-monitor.ts';
import { errorMessage } from '../kube/client.ts';
import { objectPath } from '../kube/resources.ts';
import type { DhakaCart } from '../types.ts';
import { announce, ensureChild } from './apply.ts';
import type { ReconcileContext } from './context.ts';

interface ApiResourceList {
  resources?: { name: string; kind: string }[];
}

/** True when the API server serves `monitoring.coreos.com/v1` PodMonitor (its discovery document lists it). */
export async function podMonitorServed(ctx: ReconcileContext): Promise<boolean> {
  const list = await ctx.client.get<ApiResourceList>(`/apis/${MONITORING_API_VERSION}`);
  return Boolean(list?.resources?.some((r) => r.kind === 'PodMonitor' && r.name === 'podmonitors'));
}

/**
 * Applies or removes the shop's PodMonitor and returns the MonitoringReady condition. Errors are reported in
 * the condition (ApplyFailed) rather than thrown: a scrape object that cannot be written must not hold up
 * the shop.
 */
export async function reconcileMonitoring(ctx: ReconcileContext, shop: DhakaCart): Promise<ConditionInput> {
  const condition = (status: 'True' | 'False', reason: string, message: string): ConditionInput => ({
    type: ConditionType.MonitoringReady,
    status,
    reason,
    message,
  });
  const desired = desiredPodMonitor(shop);
  try {
    if (!(await podMonitorServed(ctx)))
      return condition(
        'False',
        Reason.PrometheusOperatorNotInstalled,
        `no PodMonitor: this cluster does not serve ${MONITORING_API_VERSION} PodMonitor (install the Prometheus Operator's CRDs); the pods keep their prometheus.io/scrape annotations`,
      );
    if (!shop.spec.monitoring.scrape) {
      await removePodMonitor(ctx, shop, desired);
      return condition('False', Reason.ScrapeDisabled, 'spec.monitoring.scrape is false: no PodMonitor');
    }
    await ensureChild(ctx, shop, desired);
    return condition(
      'True',
      Reason.PodMonitorApplied,
      `PodMonitor ${desired.metadata?.name} selects the api and storefront pods (port http, /metrics)`,
    );
  } catch (error) {
    return condition('False', Reason.ApplyFailed, errorMessage(error));
  }
}

/** Deletes the shop's PodMonitor if this shop made it (scrape switched off). */
async function removePodMonitor(ctx: ReconcileContext, shop: DhakaCart, desired: KubernetesObject) {
  const path = objectPath(desired);
  const live = path ? await ctx.client.get<KubernetesObject>(path) : undefined;
  if (!live?.metadata?.ownerReferences?.some((o) => o.controller && o.uid === shop.metadata.uid)) return;
  await ctx.client.delete(desired);
  await announce(
    ctx,
    shop,
    'Normal',
    'Deleted',
    `Deleted PodMonitor ${desired.metadata?.name}: spec.monitoring.scrape is false`,
  );
}
