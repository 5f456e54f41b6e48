// When a scheduled (or requested) backup run is due: the cron decision of desired/backups/schedule.ts fed
// from the shop, shared by both platforms.
import { parseCron } from '../../desired/backups/cron.ts';
import { type ScheduleDecision, scheduleDecision } from '../../desired/backups/schedule.ts';
import type { DhakaCart } from '../../types.ts';

/** `2026-11-24T18:00:00Z`: an instant as status shows it (whole seconds, UTC). */
export const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** A schedule's decision, plus a run requested by annotation (once per distinct value). */
export function decide(
  schedule: string | undefined,
  suspend: boolean,
  lastScheduled: string | undefined,
  shop: DhakaCart,
  now: Date,
  running: boolean,
): ScheduleDecision {
  if (!schedule) return { due: undefined, skipped: 0, next: undefined };
  return scheduleDecision({
    schedule: parseCron(schedule),
    suspend,
    lastScheduled: lastScheduled ? new Date(lastScheduled) : undefined,
    since: new Date(shop.metadata.creationTimestamp ?? now),
    now,
    running,
  });
}
