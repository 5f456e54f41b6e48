// A deliberate rotation of the inCluster database password, asked for by a new value of the shop annotation
// dhakacart.io/rotate-database-password. Each step leaves a record, so an operator killed at any point
// carries on where it stopped:
//   1. the new password is written into the credentials Secret under `next-password` (kept until step 3);
//   2. a Job sets it in PostgreSQL (ALTER ROLE), logging in with the current one — or finds it already set;
//   3. the Secret's `password` becomes the new one and records the request as done; the change of the
//      Secret's data changes the API's pod template hash (desired/secrets.ts), so its pods roll.
// `next-password` is never replaced while it exists: a rotation that fails and is asked for again reuses it,
// so a password PostgreSQL may already have is never lost.
import type { V1Job, V1Secret } from '@kubernetes/client-node';
import { Reason } from '../conditions.ts';
import { childName, SHOP_LABEL } from '../desired/meta.ts';
import {
  desiredRotationJob,
  NEXT_PASSWORD_KEY,
  PURPOSE_LABEL,
  ROTATE_ANNOTATION,
  ROTATED_ANNOTATION,
  rotationJobName,
} from '../desired/rotation-job.ts';
import { errorMessage } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { announce, createOnce } from './apply.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';
import { jobPhase } from './migration.ts';

export type RotationOutcome =
  | { phase: 'Idle' }
  | { phase: 'Running'; message: string }
  | { phase: 'Failed'; error: UserFixableError };

/** Carries out a requested rotation one step per call; `databaseReady` gates the Job. */
export async function reconcileRotation(
  ctx: ReconcileContext,
  shop: DhakaCart,
  databaseReady: boolean,
): Promise<RotationOutcome> {
  const namespace = shop.metadata.namespace;
  const request = shop.metadata.annotations?.[ROTATE_ANNOTATION];
  const secretName = childName.postgresCredentials(shop);
  let secret = cached<V1Secret>(ctx, 'Secret', namespace, secretName);
  if (shop.spec.platform !== 'inCluster' || !secret) return { phase: 'Idle' };
  if (!request || secret.metadata?.annotations?.[ROTATED_ANNOTATION] === request) {
    await deleteFinishedJobs(ctx, shop);
    return { phase: 'Idle' };
  }
  if (!secret.data?.[NEXT_PASSWORD_KEY]) {
    const next = Buffer.from(ctx.randomHex(24)).toString('base64');
    secret = await patchSecret(ctx, secret, { data: { [NEXT_PASSWORD_KEY]: next } });
    await announce(
      ctx,
      shop,
      'Normal',
      'RotationStarted',
      `Rotating the database password in Secret ${secretName}`,
    );
  }
  if (!databaseReady) return { phase: 'Running', message: 'waiting for the database to be ready' };

  const jobName = rotationJobName(shop, request);
  let job = cached<V1Job>(ctx, 'Job', namespace, jobName);
  if (!job) {
    job = await createOnce(ctx, desiredRotationJob(shop, request));
    if (!job) return { phase: 'Running', message: `Job ${jobName} is starting` };
  }
  const { phase, message } = jobPhase(job);
  if (phase === 'Failed') {
    return {
      phase: 'Failed',
      error: new UserFixableError(
        Reason.RotationFailed,
        `rotation Job ${jobName} failed (${message}); the database keeps its current password. Set ${ROTATE_ANNOTATION} to a new value to try again`,
      ),
    };
  }
  if (phase === 'Running') return { phase: 'Running', message: `Job ${jobName} is ${message}` };

  // PostgreSQL has the new password: make it the one every pod reads.
  await patchSecret(ctx, secret, {
    metadata: { annotations: { [ROTATED_ANNOTATION]: request } },
    data: { password: secret.data?.[NEXT_PASSWORD_KEY], [NEXT_PASSWORD_KEY]: null },
  });
  await announce(
    ctx,
    shop,
    'Normal',
    'CredentialsRotated',
    `Changed the database password and stored it in Secret ${secretName}; the pods that read it roll`,
  );
  await deleteFinishedJobs(ctx, shop);
  return { phase: 'Idle' };
}

async function patchSecret(ctx: ReconcileContext, secret: V1Secret, patch: unknown): Promise<V1Secret> {
  try {
    const patched = toWire(await ctx.client.mergePatch<V1Secret>(secret, patch));
    ctx.children.Secret.prime(patched);
    return patched;
  } catch (error) {
    throw new Error(`while updating Secret ${secret.metadata?.name}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Removes the shop's rotation Jobs once no rotation is under way (their outcome is in the Secret). */
async function deleteFinishedJobs(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  for (const job of ctx.children.Job.list()) {
    const labels = job.metadata?.labels;
    if (job.metadata?.namespace !== shop.metadata.namespace || labels?.[SHOP_LABEL] !== shop.metadata.name)
      continue;
    if (labels?.[PURPOSE_LABEL] !== 'credentials-rotation') continue;
    await ctx.client.delete({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: job.metadata?.name, namespace: job.metadata?.namespace },
    });
  }
}
