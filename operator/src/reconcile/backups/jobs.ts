// The shop's backup Jobs as the cache shows them (snapshot, drill, restore), their results, and how one is
// created. Both platforms run Jobs (aws: the drill's check), so this is shared.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import {
  type BackupJobKind,
  SCHEDULED_TIME_ANNOTATION,
  SNAPSHOT_ANNOTATION,
} from '../../desired/backups/jobs.ts';
import { COMPONENT_LABEL, SHOP_LABEL } from '../../desired/meta.ts';
import { errorMessage } from '../../kube/client.ts';
import type { DhakaCart } from '../../types.ts';
import { createOnce } from '../apply.ts';
import type { ReconcileContext } from '../context.ts';
import { jobPhase } from '../migration.ts';

export interface BackupJob {
  job: V1Job;
  kind: BackupJobKind;
  name: string;
  snapshot: string;
  time: Date;
  phase: 'Running' | 'Succeeded' | 'Failed';
  finishedAt?: Date;
}

export function finishedAt(job: V1Job): Date | undefined {
  const done = job.status?.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  const when = job.status?.completionTime ?? done?.lastTransitionTime;
  return when ? new Date(when) : undefined;
}

/** The shop's backup Jobs from the cache, newest first. */
export function backupJobs(ctx: ReconcileContext, shop: DhakaCart): BackupJob[] {
  const out: BackupJob[] = [];
  for (const job of ctx.children.Job.list() as IterableIterator<V1Job>) {
    const meta = job.metadata;
    if (meta?.namespace !== shop.metadata.namespace || meta.labels?.[SHOP_LABEL] !== shop.metadata.name)
      continue;
    const kind = meta.labels?.[COMPONENT_LABEL] as BackupJobKind;
    if (kind !== 'snapshot' && kind !== 'drill' && kind !== 'restore') continue;
    const scheduled = meta.annotations?.[SCHEDULED_TIME_ANNOTATION] ?? meta.creationTimestamp;
    out.push({
      job,
      kind,
      name: meta.name ?? '',
      snapshot: meta.annotations?.[SNAPSHOT_ANNOTATION] ?? '',
      time: new Date(scheduled ?? 0),
      phase: jobPhase(job).phase,
      finishedAt: finishedAt(job),
    });
  }
  return out.sort((a, b) => b.time.getTime() - a.time.getTime());
}

/** The one-line result a Job's container left as its termination message (or the Job's own failure message). */
export async function jobResult(ctx: ReconcileContext, job: V1Job): Promise<string> {
  const name = job.metadata?.name ?? '';
  const selector = encodeURIComponent(`batch.kubernetes.io/job-name=${name}`);
  try {
    const pods = await ctx.client.get<{ items: V1Pod[] }>(
      `/api/v1/namespaces/${job.metadata?.namespace}/pods?labelSelector=${selector}`,
    );
    for (const pod of pods?.items ?? []) {
      const message = pod.status?.containerStatuses?.[0]?.state?.terminated?.message?.trim();
      if (message) return message.split('\n').pop() ?? message;
    }
  } catch (error) {
    ctx.log('warn', 'could not read a Job’s result', { job: name, error: errorMessage(error) });
  }
  const { phase, message } = jobPhase(job);
  return phase === 'Succeeded' ? `Job ${name} completed` : `Job ${name}: ${message}`;
}

/** Creates a backup Job; false when it was there already (an earlier pass made it, the cache is behind). */
export async function createJob(ctx: ReconcileContext, job: V1Job): Promise<boolean> {
  return (await createOnce(ctx, job)) !== undefined;
}
