// What one backups pass (either platform) hands back to the shop's reconcile.
import type { BackupsStatus, RestoreStatus } from '../../desired/backups/spec.ts';

export interface BackupsOutcome {
  /** Fields for the shop's status; undefined ones are left out. */
  status: { backups?: BackupsStatus; restore?: RestoreStatus };
  /** The database holds what spec.database.restore asked for (or nothing was asked): migrations may run. */
  restored: boolean;
  /** When the next scheduled snapshot or drill is due. */
  requeueAfterMs?: number;
}
