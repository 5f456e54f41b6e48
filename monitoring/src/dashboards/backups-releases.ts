// Backups and releases: can the shop be restored, and what version serves?
import { SNAPSHOT_MAX_AGE_SECONDS } from '../rules.ts';
import { type DashboardSpec, lowerBounds, SHOP, upperBounds } from './panel.ts';

export const backupsReleases: DashboardSpec = {
  uid: 'dhakacart-backups-releases',
  title: 'DhakaCart / Backups and releases',
  description: 'Snapshots, restore drills, the version serving and rollbacks of one shop.',
  panels: [
    {
      title: 'Age of the last good snapshot',
      description: `Time since the newest successful database snapshot finished: what a restore now would lose. Alert above ${SNAPSHOT_MAX_AGE_SECONDS / 3600} h.`,
      kind: 'stat',
      unit: 's',
      width: 8,
      thresholds: upperBounds(SNAPSHOT_MAX_AGE_SECONDS / 2, SNAPSHOT_MAX_AGE_SECONDS),
      queries: [
        { expr: `time() - max(dhakacart_backup_last_success_timestamp_seconds{${SHOP}})`, legend: 'age' },
      ],
    },
    {
      title: 'Snapshots kept',
      description: 'Snapshots of the shop that exist now (pruned to spec.database.backup.snapshots.keep).',
      kind: 'stat',
      unit: 'short',
      width: 8,
      thresholds: lowerBounds(1, 2),
      queries: [{ expr: `max(dhakacart_backup_snapshots{${SHOP}})`, legend: 'snapshots' }],
    },
    {
      title: 'Last restore drill',
      description:
        '1 if the last restore drill restored the newest snapshot into a scratch database and its data matched; 0 if it failed (a ticket).',
      kind: 'stat',
      unit: 'bool_yes_no',
      width: 8,
      thresholds: lowerBounds(0.5, 1),
      queries: [{ expr: `max(dhakacart_restore_drill_success{${SHOP}})`, legend: 'drill passed' }],
    },
    {
      title: 'Restore drill duration',
      description: 'How long the last restore drill took: a lower bound on how long a real restore takes.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      queries: [{ expr: `max(dhakacart_restore_drill_duration_seconds{${SHOP}})`, legend: 'duration' }],
    },
    {
      title: 'Snapshot age over time',
      description:
        'Time since the last successful snapshot; a saw-tooth that resets on every snapshot. A ramp that never resets means snapshots stopped.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(SNAPSHOT_MAX_AGE_SECONDS / 2, SNAPSHOT_MAX_AGE_SECONDS),
      queries: [
        { expr: `time() - max(dhakacart_backup_last_success_timestamp_seconds{${SHOP}})`, legend: 'age' },
      ],
    },
    {
      title: 'Version serving',
      description:
        'The release that serves now (status.version) and the last one that served everywhere (status.lastGoodVersion).',
      kind: 'stat',
      unit: 'short',
      width: 12,
      queries: [
        {
          expr: `max by (version, last_good_version) (dhakacart_shop_release_info{${SHOP}})`,
          legend: '{{version}} (last good {{last_good_version}})',
        },
      ],
    },
    {
      title: 'Rollbacks in the time range',
      description:
        "Automatic rollbacks to status.lastGoodVersion in the dashboard's time range (counted by the leading operator replica).",
      kind: 'stat',
      unit: 'short',
      width: 12,
      thresholds: upperBounds(1, 2),
      queries: [
        { expr: `sum(increase(dhakacart_operator_rollbacks_total{${SHOP}}[$__range]))`, legend: 'rollbacks' },
      ],
    },
    {
      title: 'Release conditions',
      description:
        'Progressing (a rollout under way) and Degraded (reason RolledBack or ReleaseFailed) of the shop, 1 while it holds.',
      kind: 'timeseries',
      unit: 'short',
      queries: [
        {
          expr: `max by (type, status, reason) (dhakacart_shop_condition{${SHOP}, type=~"Progressing|Degraded"})`,
          legend: '{{type}}={{status}} {{reason}}',
        },
      ],
    },
  ],
};
