import { Gauge, type Registry } from 'prom-client';
import { backupsStatus } from '../../desired/backups/spec.ts';
import type { Informer } from '../../informer.ts';
import type { DhakaCart } from '../../types.ts';

/**
 * Backup metrics read from the shops' status at scrape time, so they are right on every replica:
 * the last successful snapshot, and the last restore drill's result and duration.
 */
export function registerBackupMetrics(registry: Registry, shops: Pick<Informer<DhakaCart>, 'list'>): void {
  const labelNames = ['namespace', 'shop'] as const;
  const each = (fn: (shop: DhakaCart, labels: { namespace: string; shop: string }) => void) => {
    for (const shop of shops.list())
      fn(shop, { namespace: shop.metadata.namespace, shop: shop.metadata.name });
  };
  new Gauge({
    name: 'dhakacart_backup_last_success_timestamp_seconds',
    help: 'When the newest successful snapshot of the shop finished (Unix time).',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const t = backupsStatus(shop)?.lastSuccessTime;
        if (t) this.set(labels, Date.parse(t) / 1000);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_backup_snapshots',
    help: 'Snapshots of the shop that exist now.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const b = backupsStatus(shop);
        if (b) this.set(labels, b.count);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_restore_drill_success',
    help: '1 if the last restore drill restored the newest snapshot and its data matched, else 0.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const v = backupsStatus(shop)?.lastVerify;
        if (v) this.set(labels, v.result === 'Succeeded' ? 1 : 0);
      });
    },
  });
  new Gauge({
    name: 'dhakacart_restore_drill_duration_seconds',
    help: 'How long the last restore drill took.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((shop, labels) => {
        const v = backupsStatus(shop)?.lastVerify;
        if (v?.durationSeconds !== undefined) this.set(labels, v.durationSeconds);
      });
    },
  });
}
