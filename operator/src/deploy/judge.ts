// Where a release stands, read from the DhakaCart's status the way `npm run deploy` reads it: pure, so every
// rule is unit-tested without an API server (judge.test.ts). The operator decides; this only reads what it
// reported (status.version, status.lastGoodVersion, status.release and the Ready/Progressing/Degraded
// conditions, see operator/src/conditions.ts).
import { findCondition } from '../conditions.ts';
import type { DhakaCart } from '../types.ts';

/** The deploy command's reading of one status. `line` is a progress line for people. */
export type DeployState =
  | { kind: 'waiting'; line: string }
  | { kind: 'serving'; line: string }
  /** The operator rolled `version` back (or cannot release it): `message` is the operator's own, from Degraded. */
  | { kind: 'failed'; reason: string; message: string };

/** The Degraded reasons with which the operator reports a release that will not happen without a spec change. */
const RELEASE_FAILURES = new Set(['RolledBack', 'ReleaseFailed']);

/**
 * Judges whether `version` serves on every pod of `shop`, given the metadata.generation the deploy wrote
 * (the operator's status is only believed once status.observedGeneration has caught up with it).
 */
export function judgeDeploy(shop: DhakaCart, version: string, generation: number): DeployState {
  const status = (shop.status ?? {}) as NonNullable<DhakaCart['status']> & {
    lastGoodVersion?: string;
    release?: { failedVersion?: string };
  };
  const conditions = status.conditions;
  const observed = status.observedGeneration ?? 0;
  if (observed < generation)
    return { kind: 'waiting', line: `waiting for the operator to observe generation ${generation}` };
  const degraded = findCondition(conditions, 'Degraded');
  if (
    degraded?.status === 'True' &&
    RELEASE_FAILURES.has(degraded.reason) &&
    (degraded.reason !== 'RolledBack' || status.release?.failedVersion === version)
  )
    return { kind: 'failed', reason: degraded.reason, message: degraded.message };
  const ready = findCondition(conditions, 'Ready');
  const progressing = findCondition(conditions, 'Progressing');
  const pods = `api ${status.api?.replicas ?? '-'}, storefront ${status.storefront?.replicas ?? '-'}`;
  const serving =
    status.version === version &&
    status.lastGoodVersion === version &&
    ready?.status === 'True' &&
    progressing?.status !== 'True';
  if (serving) return { kind: 'serving', line: `${version} serves on every pod (${pods})` };
  const why =
    progressing?.status === 'True'
      ? progressing.message
      : ready?.status !== 'True'
        ? `${ready?.reason ?? 'NotObserved'}: ${ready?.message ?? 'no Ready condition yet'}`
        : `status.version is ${status.version ?? 'unset'}`;
  return { kind: 'waiting', line: `serving ${status.version ?? 'nothing yet'} (${pods}); ${why}` };
}

/** Parses a duration such as `10m`, `90s`, `1h` or `600` (seconds) into milliseconds; undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1_000;
  return Number(match[1]) * unit;
}

export interface DeployArgs {
  /** The version to release; undefined with `rollback`. */
  version?: string;
  /** Return to status.lastGoodVersion instead of releasing a new version. */
  rollback: boolean;
  namespace?: string;
  name?: string;
  /** How long to wait for the version to serve, in milliseconds. */
  timeoutMs: number;
}

export const USAGE = `usage: npm run deploy -- <version> [--namespace NS] [--name SHOP] [--timeout 10m]
       npm run deploy -- --rollback [--namespace NS] [--name SHOP] [--timeout 10m]

Sets spec.version of a DhakaCart in the current kube context (KUBECONFIG) and waits until the operator
reports that version serving on every pod. --rollback returns the shop to status.lastGoodVersion.
--name may be left out when the namespace holds one DhakaCart; --namespace defaults to the context's.
Exit status: 0 serving, 1 rolled back or failed (the operator's message is printed), 2 timed out,
3 usage or API error.`;

/** Parses the command line (after `--`); throws an Error with a message for people on bad input. */
export function parseDeployArgs(argv: string[]): DeployArgs {
  const args: DeployArgs = { rollback: false, timeoutMs: 10 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--rollback') args.rollback = true;
    else if (arg === '--namespace' || arg === '-n') args.namespace = value();
    else if (arg === '--name') args.name = value();
    else if (arg === '--timeout') {
      const text = value();
      const ms = parseDuration(text);
      if (!ms) throw new Error(`--timeout ${text} is not a duration such as 10m, 90s or 1h`);
      args.timeoutMs = ms;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (args.version === undefined) args.version = arg;
    else throw new Error(`one version at a time (got ${args.version} and ${arg})`);
  }
  if (args.rollback && args.version) throw new Error('give a version or --rollback, not both');
  if (!args.rollback && !args.version) throw new Error('which version? give one, or --rollback');
  return args;
}
