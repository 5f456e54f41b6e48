// Writing status: only when something a reader would see changed (conditions keep their transition
// times when their status holds), so a converged shop's resync writes nothing.
import { isDeepStrictEqual } from 'node:util';
import { type ConditionInput, mergeConditions } from '../conditions.ts';
import { errorMessage } from '../kube/client.ts';
import {
  type ComponentStatus,
  type DhakaCart,
  type DhakaCartStatus,
  GROUP,
  KIND,
  PLURAL,
  VERSION,
} from '../types.ts';
import type { ReconcileContext } from './context.ts';
import type { Replicas } from './readiness.ts';

export function componentStatus(replicas: Replicas): ComponentStatus {
  return {
    readyReplicas: replicas.ready,
    desiredReplicas: replicas.desired,
    replicas: `${replicas.ready}/${replicas.desired}`,
  };
}

/** The status to write, with conditions merged into the previous ones. */
export function nextStatus(
  shop: DhakaCart,
  conditions: ConditionInput[],
  rest: Omit<DhakaCartStatus, 'conditions' | 'observedGeneration'>,
  now: Date,
): DhakaCartStatus {
  const generation = shop.metadata.generation;
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    ...rest,
    conditions: mergeConditions(shop.status?.conditions, conditions, generation, now),
  };
}

/** True when `next` differs from what the shop already shows (undefined fields ignored). */
export function statusChanged(current: DhakaCartStatus | undefined, next: DhakaCartStatus): boolean {
  const clean = (value: unknown) => JSON.parse(JSON.stringify(value ?? {}));
  return !isDeepStrictEqual(clean(current), clean(next));
}

/** Applies the status subresource when it changed; returns whether it wrote. */
export async function writeStatus(
  ctx: ReconcileContext,
  shop: DhakaCart,
  next: DhakaCartStatus,
): Promise<boolean> {
  if (!statusChanged(shop.status, next)) return false;
  let written: DhakaCart;
  try {
    written = await ctx.client.applyStatus<DhakaCart>(
      { group: GROUP, version: VERSION, plural: PLURAL, kind: KIND },
      shop.metadata.namespace,
      shop.metadata.name,
      next,
    );
  } catch (error) {
    throw new Error(
      `while writing the status of ${shop.metadata.namespace}/${shop.metadata.name}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  // Remember what we wrote so the next pass compares against it even before the watch event arrives: the
  // server's answer, never `shop` with the new status, whose spec may be older than the cache's by now.
  ctx.shops.prime(written, shop.metadata.resourceVersion);
  return true;
}
