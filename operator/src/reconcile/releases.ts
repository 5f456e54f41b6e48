// Releases: which version the shop runs, rolling it out (rolling update or blue/green), the optional smoke
// check, and the automatic rollback to status.lastGoodVersion when the new version does not become available
// within spec.rollout.progressDeadlineSeconds. The decisions are pure (desired/releases/); this file observes
// Deployments and Jobs, creates the smoke Job, and reports in status, conditions and Events.
//
// The shop reconciler asks `chooseRelease` first and builds every child from the shop it returns (spec.version
// replaced by the version to run), so a rollback is just "build the children for the last good version".
// Nothing here changes the Release it is given: `releaseChildren` returns a new one with the blue/green plan
// and smoke check decided, which is what the later steps (`servingDeployment`, `observeRelease`) are given.
import type { KubernetesObject, V1Deployment, V1Job } from '@kubernetes/client-node';
import { type ConditionInput, ConditionType, RolledBackReason } from '../conditions.ts';
import { apiReplicaBounds } from '../desired/capacity.ts';
import { childName } from '../desired/meta.ts';
import {
  type BlueGreenPlan,
  blueGreenChildren,
  colourName,
  planBlueGreen,
  RELEASED,
  type ReleasedComponent,
} from '../desired/releases/blue-green.ts';
import {
  deploymentRollout,
  judgeRollout,
  nextLastGood,
  nextReleaseStatus,
  type RolloutObservation,
  releaseTarget,
  type TargetChoice,
  type Verdict,
} from '../desired/releases/policy.ts';
import { desiredSmokeJob, desiredSmokeNetworkPolicy, smokeJobName } from '../desired/releases/smoke-job.ts';
import {
  lastGoodVersion,
  type ReleaseStatus,
  type RolloutSpec,
  releaseStatus,
  rolloutSpec,
} from '../desired/releases/spec.ts';
import type { DhakaCart } from '../types.ts';
import { announce, createOnce } from './apply.ts';
import { jobResult } from './backups/jobs.ts';
import { cached, type ReconcileContext } from './context.ts';
import { jobPhase } from './migration.ts';

/** Reasons of the conditions and Events the release reports. */
export const ReleaseReason = {
  RolledBack: RolledBackReason,
  ReleaseFailed: 'ReleaseFailed',
  RollingOut: 'RollingOut',
} as const;

/** The release a pass works on: what to run, how to roll it out, and (once decided) how. */
export interface Release {
  choice: TargetChoice;
  rollout: RolloutSpec;
  /** The shop as the children builders should see it: spec.version is the version to run now. */
  shop: DhakaCart;
  /** Blue/green only: the colours, decided in `releaseChildren`. */
  blueGreen?: BlueGreenPlan;
  /** The smoke check of the target, when one is configured and has started. */
  smoke?: RolloutObservation['smoke'];
}

/** The version to run now (spec.version, or the last good one after a rollback) and the shop built for it. */
export function chooseRelease(shop: DhakaCart): Release {
  const choice = releaseTarget(
    shop.spec.version,
    shop.metadata.generation,
    releaseStatus(shop),
    lastGoodVersion(shop),
  );
  const effective =
    choice.target === shop.spec.version ? shop : { ...shop, spec: { ...shop.spec, version: choice.target } };
  return { choice, rollout: rolloutSpec(shop), shop: effective };
}

/** The Deployment that serves a component now: the plain one, or the active colour in blue/green. */
export function servingDeployment(shop: DhakaCart, release: Release, component: ReleasedComponent): string {
  return release.blueGreen
    ? colourName(shop, component, release.blueGreen.active.colour)
    : childName[component](shop);
}

const deployment = (ctx: ReconcileContext, shop: DhakaCart, name: string) =>
  cached<V1Deployment>(ctx, 'Deployment', shop.metadata.namespace, name);

/** Runs (once per version) and observes the smoke check; undefined when none is configured or it has not started. */
async function smokeCheck(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  ready: boolean,
): Promise<Release['smoke']> {
  if (!release.rollout.smokeCheck) return undefined;
  const version = release.choice.target;
  const name = smokeJobName(shop, version);
  let job = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, name);
  if (!job) {
    if (!ready) return undefined;
    job = await createOnce(ctx, desiredSmokeJob(shop, version, release.rollout), {
      shop,
      reason: 'SmokeCheckStarted',
      message: `Smoke check of version ${version} started`,
    });
    if (!job) return { phase: 'Running', message: 'starting' };
  }
  const { phase } = jobPhase(job);
  return { phase, message: phase === 'Running' ? 'running' : await jobResult(ctx, job) };
}

/** The children to apply, and the release with its blue/green plan and smoke check decided. */
export interface ReleaseChildren {
  children: KubernetesObject[];
  release: Release;
}

/**
 * The children to apply for the release: unchanged for a rolling update; for blue/green, the colour
 * Deployments and Services of `planBlueGreen` (the preview colour's smoke check is run and observed first).
 * The smoke check's NetworkPolicy is added when configured. `release` is not changed; the returned release
 * carries `blueGreen` and `smoke` for blue/green and is `release` itself otherwise.
 */
export async function releaseChildren(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  children: KubernetesObject[],
  migrated: string | undefined,
): Promise<ReleaseChildren> {
  const extra = release.rollout.smokeCheck ? [desiredSmokeNetworkPolicy(shop)] : [];
  if (release.rollout.strategy !== 'BlueGreen') return { children: [...children, ...extra], release };
  const status = releaseStatus(shop);
  const target = release.choice.target;
  const preview = status.active ? (status.active.colour === 'blue' ? 'green' : 'blue') : undefined;
  const previewReady =
    preview !== undefined &&
    RELEASED.every(
      (c) => deploymentRollout(deployment(ctx, shop, colourName(shop, c, preview)), target) === 'Available',
    );
  const smoke = await smokeCheck(ctx, shop, release, previewReady);
  const blueGreen = planBlueGreen({
    target,
    migrated,
    state: status,
    previewReady,
    previewChecked: !release.rollout.smokeCheck || smoke?.phase === 'Succeeded',
    now: ctx.now(),
    scaleDownDelaySeconds: release.rollout.blueGreen.scaleDownDelaySeconds,
  });
  const bounds = apiReplicaBounds(release.shop.spec);
  const active = blueGreen.active;
  const plainServes =
    RELEASED.some((c) => deployment(ctx, shop, childName[c](shop)) !== undefined) &&
    !RELEASED.every(
      (c) =>
        deploymentRollout(deployment(ctx, shop, colourName(shop, c, active.colour)), active.version) ===
        'Available',
    );
  const out = blueGreenChildren(release.shop, children, blueGreen, {
    live: (c, colour) => deployment(ctx, shop, colourName(shop, c, colour))?.spec?.replicas,
    min: (c) => (c === 'api' ? bounds.api.min : shop.spec.storefront.replicas.min),
    plainServes,
  });
  return {
    children: [...out, ...extra],
    release: { ...release, blueGreen, ...(smoke ? { smoke } : {}) },
  };
}

/** Deletes the Deployments of the strategy not in use (called once the one in use serves). */
async function removeOtherStrategy(ctx: ReconcileContext, shop: DhakaCart, release: Release) {
  const names = release.blueGreen
    ? RELEASED.map((c) => childName[c](shop))
    : RELEASED.flatMap((c) => [colourName(shop, c, 'blue'), colourName(shop, c, 'green')]);
  for (const name of names) {
    const live = deployment(ctx, shop, name);
    if (!live) continue;
    await ctx.client.delete(live);
    await announce(
      ctx,
      shop,
      'Normal',
      'Deleted',
      `Deleted Deployment ${name}: spec.rollout.strategy is ${release.rollout.strategy}`,
    );
  }
}

export interface ReleaseObservation {
  /** The version the API runs (its migration succeeded). */
  migrated: string | undefined;
  /** Why the target's migration cannot succeed, if it failed. */
  migrationFailure?: string;
}

export interface ReleaseOutcome {
  verdict: Verdict;
  status: { version?: string; lastGoodVersion?: string; release: ReleaseStatus };
  /** Replaces the summary's Degraded / Progressing conditions when the release has something to say. */
  conditions: ConditionInput[];
  requeueAfterMs?: number;
}

/**
 * Judges the rollout after the children were applied, rolls back when it failed, and reports. `release` is
 * the one `releaseChildren` returned; for a rolling update the smoke check is run and observed here.
 */
export async function observeRelease(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  observed: ReleaseObservation,
): Promise<ReleaseOutcome> {
  const now = ctx.now();
  const previous = releaseStatus(shop);
  const target = release.choice.target;
  const states = RELEASED.map((c) =>
    deploymentRollout(deployment(ctx, shop, servingDeployment(shop, release, c)), target),
  );
  const bg = release.blueGreen;
  const previewStates = bg?.preview
    ? RELEASED.map((c) =>
        deploymentRollout(deployment(ctx, shop, colourName(shop, c, bg.preview?.colour ?? 'blue')), target),
      )
    : [];
  const available =
    observed.migrated === target &&
    states.every((s) => s === 'Available') &&
    (!bg || bg.active.version === target);
  const smoke =
    !bg && release.rollout.smokeCheck ? await smokeCheck(ctx, shop, release, available) : release.smoke;
  const stalled = [...states, ...previewStates].includes('Stalled');
  const observation: RolloutObservation = {
    available,
    ...(observed.migrationFailure
      ? { failure: `the migration for ${target} failed: ${observed.migrationFailure}` }
      : stalled
        ? { failure: `a Deployment of version ${target} exceeded its progress deadline` }
        : {}),
    ...(smoke ? { smoke } : {}),
  };
  const startedAt = previous.target === target && previous.startedAt ? new Date(previous.startedAt) : now;
  const verdict = judgeRollout({
    choice: release.choice,
    lastGood: lastGoodVersion(shop),
    observation,
    startedAt,
    deadlineSeconds: release.rollout.progressDeadlineSeconds,
    now,
  });
  // The colours in status are the blue/green plan's; a rolling update has none.
  const {
    active: _active,
    retiring: _retiring,
    ...judged
  } = nextReleaseStatus(previous, release.choice, verdict, shop.metadata.generation, now);
  const next: ReleaseStatus = bg
    ? { ...judged, active: bg.active, ...(bg.retiring ? { retiring: bg.retiring } : {}) }
    : judged;
  if (bg?.switched)
    await announce(
      ctx,
      shop,
      'Normal',
      'Switched',
      `Traffic switched to the ${bg.active.colour} colour (version ${bg.active.version})`,
    );
  const lastGood = nextLastGood(lastGoodVersion(shop), release.choice, verdict);

  if (verdict.kind === 'RollBack') {
    ctx.onRollback?.(shop);
    await announce(
      ctx,
      shop,
      'Warning',
      ReleaseReason.RolledBack,
      `Version ${target} rolled back: ${verdict.message}`,
    );
    // A later retry of the same version must run its smoke check afresh.
    const smoke = cached<V1Job>(ctx, 'Job', shop.metadata.namespace, smokeJobName(shop, target));
    if (smoke) await ctx.client.delete(smoke);
  } else if (verdict.kind === 'Steady' && lastGood !== lastGoodVersion(shop)) {
    await announce(ctx, shop, 'Normal', 'Released', `Version ${target} is serving on every pod`);
  }
  if (verdict.kind === 'Steady') await removeOtherStrategy(ctx, shop, release);

  const conditions: ConditionInput[] = [];
  if (release.choice.blocked || verdict.kind === 'RollBack') {
    const message =
      verdict.kind === 'RollBack'
        ? verdict.message
        : (previous.failureMessage ?? `version ${shop.spec.version} was rolled back`);
    conditions.push({
      type: ConditionType.Degraded,
      status: 'True',
      reason: ReleaseReason.RolledBack,
      message: `${message}; change the spec to try again`,
    });
  } else if (verdict.kind === 'Failing') {
    conditions.push({
      type: ConditionType.Degraded,
      status: 'True',
      reason: ReleaseReason.ReleaseFailed,
      message: verdict.message,
    });
  }
  if (verdict.kind === 'Progressing')
    conditions.push({
      type: ConditionType.Progressing,
      status: 'True',
      reason: ReleaseReason.RollingOut,
      message: verdict.message,
    });

  const deadline = startedAt.getTime() + release.rollout.progressDeadlineSeconds * 1000 - now.getTime();
  const retireIn = next.retiring ? new Date(next.retiring.retireAt).getTime() - now.getTime() : undefined;
  // After a rollback, come straight back to build the children for the last good version.
  if (verdict.kind === 'RollBack')
    return {
      verdict,
      status: { release: next, ...(lastGood ? { lastGoodVersion: lastGood } : {}) },
      conditions,
      requeueAfterMs: 1_000,
    };
  const waits = [
    verdict.kind === 'Progressing' ? Math.max(deadline, 1_000) : undefined,
    retireIn !== undefined ? Math.max(retireIn, 1_000) : undefined,
  ].filter((n): n is number => n !== undefined);
  // Blue/green serves the active colour's version once all of its pods are ready.
  const activeServes =
    bg &&
    RELEASED.every(
      (c) =>
        deploymentRollout(deployment(ctx, shop, colourName(shop, c, bg.active.colour)), bg.active.version) ===
        'Available',
    );
  return {
    verdict,
    status: {
      ...(bg && activeServes ? { version: bg.active.version } : {}),
      ...(lastGood ? { lastGoodVersion: lastGood } : {}),
      release: next,
    },
    conditions,
    ...(waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : {}),
  };
}

/** The summary conditions with the release's Degraded / Progressing in place of the generic ones. */
export function withReleaseConditions(
  summary: ConditionInput[],
  release: ConditionInput[],
): ConditionInput[] {
  return summary.map((c) => {
    const override = release.find((r) => r.type === c.type);
    if (!override) return c;
    // A problem the user must fix (a missing Secret …) stays visible unless the release rolled back.
    if (
      c.type === ConditionType.Degraded &&
      c.status === 'True' &&
      override.reason !== ReleaseReason.RolledBack
    )
      return c;
    return override;
  });
}
