// Release decisions as small pure functions: which version the shop should run now, whether the rollout of
// that version is done, still going, or has failed and must be rolled back. The reconciler observes, these
// decide, so every rule below is unit-tested without an API server.
import type { V1Deployment } from '@kubernetes/client-node';
import { VERSION_ANNOTATION } from '../meta.ts';
import type { ReleaseStatus } from './spec.ts';

export interface TargetChoice {
  /** The version the shop's Deployments should run now. */
  target: string;
  /** spec.version was rolled back in this generation: it is not retried until the spec changes. */
  blocked: boolean;
}

/** spec.version, unless that version was rolled back and the spec has not changed since. */
export function releaseTarget(
  wanted: string,
  generation: number | undefined,
  release: ReleaseStatus,
  lastGood: string | undefined,
): TargetChoice {
  const rolledBack =
    release.failedVersion === wanted &&
    release.failedGeneration === generation &&
    lastGood &&
    lastGood !== wanted;
  return rolledBack ? { target: lastGood, blocked: true } : { target: wanted, blocked: false };
}

export type RolloutState = 'Missing' | 'Progressing' | 'Available' | 'Stalled';

/**
 * Where one Deployment stands in rolling out `version`: Available when every pod runs it and is ready,
 * Stalled when the Deployment controller gave up (ProgressDeadlineExceeded).
 */
export function deploymentRollout(deployment: V1Deployment | undefined, version: string): RolloutState {
  if (!deployment) return 'Missing';
  if (deployment.metadata?.annotations?.[VERSION_ANNOTATION] !== version) return 'Progressing';
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') return 'Stalled';
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return 'Progressing';
  const wanted = deployment.spec?.replicas ?? 1;
  const done =
    (status.updatedReplicas ?? 0) === wanted &&
    (status.replicas ?? 0) === wanted &&
    (status.availableReplicas ?? 0) === wanted &&
    (status.unavailableReplicas ?? 0) === 0;
  return done ? 'Available' : 'Progressing';
}

export interface RolloutObservation {
  /** Every component serves the target on all of its pods, all ready. */
  available: boolean;
  /** Why the rollout cannot succeed (a Deployment stalled, the migration failed), if it cannot. */
  failure?: string;
  /** The smoke check of the target: undefined when none is configured. */
  smoke?: { phase: 'Running' | 'Succeeded' | 'Failed'; message: string };
}

export type Verdict =
  | { kind: 'Steady' }
  | { kind: 'Progressing'; message: string }
  | { kind: 'RollBack'; to: string; message: string }
  /** The target failed and there is nothing to go back to (a first release, or the last good one itself). */
  | { kind: 'Failing'; message: string };

export interface JudgeInput {
  choice: TargetChoice;
  lastGood: string | undefined;
  observation: RolloutObservation;
  startedAt: Date;
  deadlineSeconds: number;
  now: Date;
}

/** Judges the rollout of the target: done, going, or failed (rolled back when there is a good version to go to). */
export function judgeRollout(input: JudgeInput): Verdict {
  const { choice, observation } = input;
  const smokeFailed = observation.smoke?.phase === 'Failed';
  if (
    observation.available &&
    !smokeFailed &&
    (!observation.smoke || observation.smoke.phase === 'Succeeded')
  )
    return { kind: 'Steady' };
  const elapsed = (input.now.getTime() - input.startedAt.getTime()) / 1000;
  const failure =
    observation.failure ??
    (smokeFailed ? `the smoke check failed: ${observation.smoke?.message}` : undefined) ??
    (elapsed > input.deadlineSeconds
      ? `version ${choice.target} did not become available within ${input.deadlineSeconds}s`
      : undefined);
  if (!failure) {
    return {
      kind: 'Progressing',
      message: observation.available
        ? `version ${choice.target} is running; waiting for its smoke check`
        : `rolling out version ${choice.target}`,
    };
  }
  if (!choice.blocked && input.lastGood && input.lastGood !== choice.target)
    return { kind: 'RollBack', to: input.lastGood, message: `${failure}; rolled back to ${input.lastGood}` };
  return { kind: 'Failing', message: failure };
}

/** The release status after a verdict: the deadline clock restarts whenever the target changes. */
export function nextReleaseStatus(
  previous: ReleaseStatus,
  choice: TargetChoice,
  verdict: Verdict,
  generation: number | undefined,
  now: Date,
): ReleaseStatus {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const target = verdict.kind === 'RollBack' ? verdict.to : choice.target;
  const next: ReleaseStatus = {
    ...previous,
    target,
    startedAt: previous.target === target && previous.startedAt ? previous.startedAt : stamp,
  };
  if (verdict.kind === 'RollBack') {
    next.failedVersion = choice.target;
    next.failedGeneration = generation;
    next.failureMessage = verdict.message;
    next.startedAt = stamp;
  } else if (
    !choice.blocked &&
    previous.failedVersion !== undefined &&
    previous.failedVersion !== choice.target
  ) {
    // A new version was asked for: the old failure is history.
    delete next.failedVersion;
    delete next.failedGeneration;
    delete next.failureMessage;
  }
  return next;
}

/** The version to remember as last good: the target, once it is steady. */
export function nextLastGood(
  previous: string | undefined,
  choice: TargetChoice,
  verdict: Verdict,
): string | undefined {
  return verdict.kind === 'Steady' ? choice.target : previous;
}
