// "Make it so" for one child: create it when missing, server-side apply it when it drifted, and otherwise
// leave it alone, so a converged shop costs no writes. Each write is announced as an Event on the shop.
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { findDrift } from '../compare.ts';
import { errorMessage, statusCode } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { cached, type ReconcileContext } from './context.ts';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export interface ApplyOptions {
  /** Replicas a Deployment starts with when created; afterwards its HorizontalPodAutoscaler owns the count. */
  seedReplicas?: number;
  /** True when the shop's spec changed since the last status: drift is then an update, not a repair. */
  specChanged: boolean;
}

function describe(object: KubernetesObject): string {
  return `${object.kind} ${object.metadata?.name}`;
}

/** Ensures one child matches its desired state; throws with context when the API server refuses it. */
export async function ensureChild(
  ctx: ReconcileContext,
  shop: DhakaCart,
  desired: KubernetesObject,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const namespace = shop.metadata.namespace;
  const name = desired.metadata?.name ?? '';
  const informer = ctx.children[desired.kind as keyof ReconcileContext['children']];
  const live = cached(ctx, desired.kind ?? '', namespace, name);
  try {
    if (!live) {
      let body = desired;
      if (desired.kind === 'Deployment' && options.seedReplicas !== undefined) {
        const deployment = desired as V1Deployment;
        body = {
          ...deployment,
          spec: { ...deployment.spec, replicas: options.seedReplicas },
        } as V1Deployment;
      }
      try {
        const restored = informer.wasDeleted(namespace, name);
        const created = await ctx.client.create(body);
        informer.prime(toWire(created));
        await announce(
          ctx,
          shop,
          'Normal',
          restored ? 'Restored' : 'Created',
          `${restored ? 'Restored missing' : 'Created'} ${describe(desired)}`,
        );
        return 'created';
      } catch (error) {
        // The cache was behind: the object exists. Fall through to apply it.
        if (statusCode(error) !== 409) throw error;
      }
    }
    const drift = live ? findDrift(toWire(desired), live) : '.';
    if (!drift) return 'unchanged';
    const applied = await ctx.client.apply(desired);
    informer.prime(toWire(applied));
    if (options.specChanged) {
      await announce(ctx, shop, 'Normal', 'Updated', `Updated ${describe(desired)} to the new spec`);
    } else {
      await announce(
        ctx,
        shop,
        'Normal',
        'Repaired',
        `Repaired ${describe(desired)}: ${drift.slice(1)} had been changed`,
      );
    }
    return 'updated';
  } catch (error) {
    throw new Error(
      `while applying ${describe(desired)} of ${namespace}/${shop.metadata.name}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Logs and records an Event on the shop; a failed Event is logged, never fatal. */
export async function announce(
  ctx: ReconcileContext,
  shop: DhakaCart,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): Promise<void> {
  ctx.log(type === 'Warning' ? 'warn' : 'info', message, {
    shop: `${shop.metadata.namespace}/${shop.metadata.name}`,
    reason,
  });
  // Not awaited: an Event is a record for people, and waiting for it would put one more request on the
  // path of every create and repair.
  ctx.client.event({ regarding: shop, type, reason, message }).catch((error: unknown) => {
    ctx.log('warn', 'could not record an Event', { error: errorMessage(error) });
  });
}
