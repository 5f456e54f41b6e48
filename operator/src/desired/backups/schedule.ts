// When is a snapshot (or a restore drill) due, and which snapshots go? Pure policies over times, so the rules
// a platform engineer relies on are unit-tested: one run per scheduled time, at most one catch-up after the
// operator was away (never a burst of missed runs), nothing while suspended or while a run is in progress,
// and pruning only beyond `keep` successful snapshots.
import { type CronSchedule, nextRun, previousRun } from './cron.ts';

export interface ScheduleInput {
  schedule: CronSchedule;
  suspend: boolean;
  /** The scheduled time of the last run started (status.backups.lastScheduleTime). */
  lastScheduled: Date | undefined;
  /** Where counting starts when nothing ran yet: when the schedule was first seen (the shop's creation). */
  since: Date;
  now: Date;
  /** A run is still in progress: a second one never starts beside it. */
  running: boolean;
}

export interface ScheduleDecision {
  /** The scheduled time of the run to start now, if one is due. */
  due: Date | undefined;
  /** Older missed runs folded into this one (not run separately). */
  skipped: number;
  /** The next scheduled time after now, for status.backups.nextTime and the requeue. */
  next: Date | undefined;
}

/** Counting missed runs is only for the message; it stops here. */
const MAX_COUNTED = 1000;

/**
 * Decides whether a run is due now. A run is due when a scheduled time passed since the last one started;
 * if several passed (the operator was down), only the latest one runs and the others are skipped.
 */
export function scheduleDecision(input: ScheduleInput): ScheduleDecision {
  if (input.suspend) return { due: undefined, skipped: 0, next: undefined };
  const next = nextRun(input.schedule, input.now);
  const from = input.lastScheduled ?? input.since;
  const latest = previousRun(input.schedule, input.now);
  if (!latest || latest.getTime() <= from.getTime() || input.running)
    return { due: undefined, skipped: 0, next };
  let skipped = 0;
  for (
    let t = nextRun(input.schedule, from);
    t && t.getTime() < latest.getTime() && skipped < MAX_COUNTED;
    t = nextRun(input.schedule, t)
  ) {
    skipped++;
  }
  return { due: latest, skipped, next };
}

export type RunPhase = 'Running' | 'Succeeded' | 'Failed';

/** One snapshot (or drill) as the operator keeps track of it: a Job or a managed resource. */
export interface RunRecord {
  name: string;
  /** When it was taken (its scheduled or requested time). */
  time: Date;
  phase: RunPhase;
}

const newestFirst = (a: RunRecord, b: RunRecord) => b.time.getTime() - a.time.getTime();

/**
 * The snapshots to delete: successful ones beyond the newest `keep`, except those in use (a restore or a drill
 * reads them), and failed attempts except the newest one when it is newer than every success (kept so
 * `kubectl describe` can show why the last run failed). Running ones are never pruned.
 */
export function snapshotsToPrune(
  records: RunRecord[],
  keep: number,
  inUse: ReadonlySet<string> = new Set(),
): string[] {
  const succeeded = records.filter((r) => r.phase === 'Succeeded').sort(newestFirst);
  const failed = records.filter((r) => r.phase === 'Failed').sort(newestFirst);
  const prune = succeeded.slice(Math.max(keep, 0)).map((r) => r.name);
  const newestSuccess = succeeded[0]?.time.getTime() ?? Number.NEGATIVE_INFINITY;
  failed.forEach((r, i) => {
    if (i > 0 || r.time.getTime() < newestSuccess) prune.push(r.name);
  });
  return prune.filter((name) => !inUse.has(name));
}

/**
 * The snapshots a new snapshot replaces once it succeeds: with it, `keep` remain. A new inCluster snapshot Job
 * deletes their files itself after its own dump is complete and verified, so a failed run never prunes.
 */
export function replacedBy(
  records: RunRecord[],
  keep: number,
  inUse: ReadonlySet<string> = new Set(),
): string[] {
  return records
    .filter((r) => r.phase === 'Succeeded')
    .sort(newestFirst)
    .slice(Math.max(keep - 1, 0))
    .map((r) => r.name)
    .filter((name) => !inUse.has(name));
}

/** The newest successful snapshot, which a drill restores. */
export function newestSnapshot<T extends RunRecord>(records: T[]): T | undefined {
  return records.filter((r) => r.phase === 'Succeeded').sort(newestFirst)[0];
}

/** Milliseconds until `next`, at least one second, for the work queue's requeue. */
export function untilNext(next: Date | undefined, now: Date): number | undefined {
  if (!next) return undefined;
  return Math.max(next.getTime() - now.getTime(), 1_000);
}
