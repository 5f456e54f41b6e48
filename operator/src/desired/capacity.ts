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
 * Requests per second one API pod serves at the operator's default resources (requests 500m CPU, limits 1 CPU
 * and 512 MiB) in a sale's mix of 90 % catalog and cart reads and 10 % checkouts. Measured on the local
 * cluster's real node by e2e/bench/api-pod.bench.ts (bench-results/api-pod.json, 2026-12-01): 14,829 cached
 * catalog reads/s at p99 13 ms and 870 checkouts/s at p99 127 ms, so 1 / (0.9 / 14,829 + 0.1 / 870) =
 * 5,694 requests/s for the mix. Checkouts cost 17× a read: a rush with more checkouts needs more pods than
 * this figure says (at 30 % checkouts one pod serves ~2,550/s).
 */
export const API_POD_REQUESTS_PER_SECOND = 5694;

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
