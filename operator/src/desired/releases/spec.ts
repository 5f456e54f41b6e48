// The release part of the DhakaCart spec and status (crds/dhakacart.io_dhakacarts.yaml), with the CRD's
// defaults, read from a shop in one place.
import type { DhakaCart } from '../../types.ts';

export type Strategy = 'RollingUpdate' | 'BlueGreen';
export type Colour = 'blue' | 'green';

export interface RolloutSpec {
  strategy: Strategy;
  progressDeadlineSeconds: number;
  blueGreen: { scaleDownDelaySeconds: number };
  /** An HTTP GET against the new version's API pods that must answer 2xx before the release counts as good. */
  smokeCheck?: { path: string; timeoutSeconds: number };
}

export interface ColourState {
  colour: Colour;
  version: string;
}

export interface ReleaseStatus {
  /** The version being rolled out or serving: spec.version, or lastGoodVersion after a rollback. */
  target?: string;
  /** When the rollout of `target` began; the progress deadline counts from here. */
  startedAt?: string;
  /** A version that was rolled back, and the spec generation it was rolled back in: not retried until the spec changes. */
  failedVersion?: string;
  failedGeneration?: number;
  failureMessage?: string;
  /** Blue/green: the colour the Services send traffic to. */
  active?: ColourState;
  /** Blue/green: the previous colour, kept running until `retireAt` so a rollback is instant. */
  retiring?: ColourState & { retireAt: string };
}

export function rolloutSpec(shop: DhakaCart): RolloutSpec {
  const given = shop.spec.rollout as Partial<RolloutSpec>;
  return {
    strategy: given.strategy ?? 'RollingUpdate',
    progressDeadlineSeconds: given.progressDeadlineSeconds ?? 600,
    blueGreen: { scaleDownDelaySeconds: given.blueGreen?.scaleDownDelaySeconds ?? 300 },
    ...(given.smokeCheck
      ? {
          smokeCheck: {
            path: given.smokeCheck.path ?? '/readyz',
            timeoutSeconds: given.smokeCheck.timeoutSeconds ?? 10,
          },
        }
      : {}),
  };
}

export function releaseStatus(shop: DhakaCart): ReleaseStatus {
  return (shop.status as { release?: ReleaseStatus } | undefined)?.release ?? {};
}

export function lastGoodVersion(shop: DhakaCart): string | undefined {
  return (shop.status as { lastGoodVersion?: string } | undefined)?.lastGoodVersion;
}
