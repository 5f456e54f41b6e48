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
 * Requests per second one API pod serves at its CPU request (a mix of catalog reads and cart writes).
 * Placeholder until the API benchmark (api/bench) publishes its figure: update it from
 * bench-results/api-*.json and the README table follows.
 */
export const API_POD_REQUESTS_PER_SECOND = 400;

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
