// The migration gate: each version's database migration Job must succeed before the API runs that version.
// Until then the API keeps the version it runs now (or is not created at all for a new shop).
import type { V1Deployment, V1Job } from '@kubernetes/client-node';
import { COMPONENT_LABEL, childName, SHOP_LABEL, VERSION_ANNOTATION } from '../desired/meta.ts';
import { desiredMigrationJob } from '../desired/migration-job.ts';
import type { DhakaCart } from '../types.ts';
import { createOnce } from './apply.ts';
import { cached, type ReconcileContext } from './context.ts';

export type MigrationPhase = 'WaitingForDatabase' | 'Running' | 'Succeeded' | 'Failed';

export interface MigrationObservation {
  version: string;
  job: string;
  phase: MigrationPhase;
  message: string;
}

/** Reads a Job's outcome from its conditions (Complete / Failed) and counters. */
export function jobPhase(job: V1Job): { phase: 'Running' | 'Succeeded' | 'Failed'; message: string } {
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed)
    return { phase: 'Failed', message: failed.message || failed.reason || 'the migration Job failed' };
  const complete = conditions.find((c) => c.type === 'Complete' && c.status === 'True');
  if (complete || (job.status?.succeeded ?? 0) > 0)
    return { phase: 'Succeeded', message: 'the migration Job completed' };
  const attempts = job.status?.failed ?? 0;
  return {
    phase: 'Running',
    message: attempts > 0 ? `running, ${attempts} failed attempt(s) so far` : 'running',
  };
}

export interface MigrationResult {
  migration: MigrationObservation;
  /** The version the API Deployment should run now. */
  apiVersion: string | undefined;
}

export async function ensureMigration(
  ctx: ReconcileContext,
  shop: DhakaCart,
  databaseReady: boolean,
): Promise<MigrationResult> {
  const namespace = shop.metadata.namespace;
  const version = shop.spec.version;
  const name = childName.migrationJob(shop, version);
  const liveApi = cached<V1Deployment>(ctx, 'Deployment', namespace, childName.api(shop));
  const runningVersion = liveApi?.metadata?.annotations?.[VERSION_ANNOTATION];
  let job = cached<V1Job>(ctx, 'Job', namespace, name);
  let migration: MigrationObservation;
  if (!job && runningVersion === version) {
    // Already migrated and running this version (its Job was cleaned up by hand): nothing to gate.
    return {
      migration: { version, job: name, phase: 'Succeeded', message: 'the API already runs this version' },
      apiVersion: version,
    };
  }
  if (!job && !databaseReady) {
    migration = {
      version,
      job: name,
      phase: 'WaitingForDatabase',
      message: 'waiting for the database to be ready',
    };
  } else {
    if (!job) {
      job =
        (await createOnce(ctx, desiredMigrationJob(shop, version), {
          shop,
          reason: 'MigrationStarted',
          message: `Started migration Job ${name} for version ${version}`,
        })) ?? cached<V1Job>(ctx, 'Job', namespace, name);
    }
    const { phase, message } = job ? jobPhase(job) : { phase: 'Running' as const, message: 'starting' };
    migration = { version, job: name, phase, message };
  }
  if (migration.phase === 'Succeeded') await pruneOldMigrations(ctx, shop, name);
  return { migration, apiVersion: migration.phase === 'Succeeded' ? version : runningVersion };
}

/** Deletes the shop's earlier migration Jobs once the current one has succeeded. */
async function pruneOldMigrations(ctx: ReconcileContext, shop: DhakaCart, keep: string): Promise<void> {
  for (const job of ctx.children.Job.list()) {
    const meta = job.metadata;
    if (meta?.namespace !== shop.metadata.namespace || meta.name === keep) continue;
    if (meta.labels?.[SHOP_LABEL] !== shop.metadata.name || meta.labels?.[COMPONENT_LABEL] !== 'migration')
      continue;
    if (!meta.ownerReferences?.some((o) => o.uid === shop.metadata.uid)) continue;
    await ctx.client.delete(job);
  }
}
