// The capacity model: how many API pods a peak of concurrent visitors needs.
//
//   requests/s at peak = peakConcurrentVisitors × requestsPerVisitorPerMinute ÷ 60
//   pods for the peak  = ceil(requests/s ÷ (API_POD_REQUESTS_PER_SECOND × TARGET_UTILISATION))
//   HPA max            = max(spec.api.replicas.max, pods for the peak)
//   HPA min            = max(spec.api.replicas.min, ceil(pods for the peak ÷ 10))
//
// The minimum is a tenth of the peak so the autoscaler never has to grow more than tenfold when the sale
// opens; the headroom keeps pods below saturation while new ones start.
import type { DhakaCartSpec, ReplicaBounds } from '../types.ts';

/**
 * Requests per second one API pod serves at its CPU limit in a sale's mix of catalog reads and cart writes.
 * Measured by the API benchmarks (bench-results/api-catalog.json, api-checkout.json) on a loaded 2-core
 * machine: ~3,900 cached catalog reads/s and ~500 checkouts/s per process. A visitor mostly reads, but
 * checkouts cost ~8× a read, so the plan uses 1,000/s: a conservative figure for the mix.
 */
export const API_POD_REQUESTS_PER_SECOND = 1000;

/** Autoscaler target: pods run at 70 % of what they can serve, leaving room for a burst while new pods start. */
export const TARGET_UTILISATION = 0.7;

/** Share of the peak kept warm as the minimum. */
export const WARM_FRACTION = 0.1;

export interface CapacityPlan {
  requestsPerSecond: number;
  podsForPeak: number;
  api: ReplicaBounds;
}

/** The API's autoscaling bounds: the spec's bounds, raised to cover `spec.capacity` when it is set. */
export function apiReplicaBounds(spec: DhakaCartSpec): CapacityPlan {
  const visitors = spec.capacity?.peakConcurrentVisitors ?? 0;
  const perVisitor = spec.capacity?.requestsPerVisitorPerMinute ?? 12;
  const requestsPerSecond = (visitors * perVisitor) / 60;
  const podsForPeak = Math.ceil(requestsPerSecond / (API_POD_REQUESTS_PER_SECOND * TARGET_UTILISATION));
  const max = Math.max(spec.api.replicas.max, podsForPeak);
  const min = Math.min(max, Math.max(spec.api.replicas.min, Math.ceil(podsForPeak * WARM_FRACTION)));
  return { requestsPerSecond, podsForPeak, api: { min, max } };
}
