// "Make it so" for one child: create it when missing, server-side apply it when it drifted, and otherwise
// leave it alone, so a converged shop costs no writes. Each write is announced as an Event on the shop.
//
// Every child carries the hash of what the operator last built for it (annotation dhakacart.io/spec-hash).
// A different hash means the desired state changed (a spec edit, an upgrade, a rollback): the child is
// applied and the Event says Updated, and server-side apply drops the fields the operator no longer sends,
// which a comparison of the fields it still sends could never see. The same hash with a live value that
// differs means someone else changed the child: it is applied and the Event says Repaired.
import { createHash } from 'node:crypto';
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { findDrift } from '../compare.ts';
import { Reason } from '../conditions.ts';
import type { Informer } from '../informer.ts';
import { errorMessage, FIELD_MANAGER, statusCode } from '../kube/client.ts';
import { objectPath } from '../kube/resources.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { type ReconcileContext, UserFixableError } from './context.ts';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** Annotation holding the hash of the desired state the operator last wrote to a child. */
export const SPEC_HASH_ANNOTATION = 'dhakacart.io/spec-hash';

export interface ApplyOptions {
  /** Replicas a Deployment starts with when created; afterwards its HorizontalPodAutoscaler owns the count. */
  seedReplicas?: number;
}

function describe(object: KubernetesObject): string {
  return `${object.kind} ${object.metadata?.name}`;
}

/** A short, stable hash of a desired object in wire form (16 hex digits of SHA-256). */
export function specHash(wire: KubernetesObject): string {
  return createHash('sha256').update(JSON.stringify(wire)).digest('hex').slice(0, 16);
}

/** The desired object with its spec hash stamped on as an annotation. */
export function withSpecHash<T extends KubernetesObject>(desired: T): T {
  const hash = specHash(toWire(desired));
  const metadata = desired.metadata ?? {};
  return {
    ...desired,
    metadata: { ...metadata, annotations: { ...metadata.annotations, [SPEC_HASH_ANNOTATION]: hash } },
  };
}

/**
 * The cache of `object`'s kind: a provider-aws managed resource's informer (keyed by apiVersion and kind, as
 * two provider kinds share the name SubnetGroup) or a child kind's; undefined for kinds read uncached.
 */
function informerFor(
  ctx: ReconcileContext,
  object: KubernetesObject,
): Informer<KubernetesObject> | undefined {
  const managed = ctx.managed?.get(`${object.apiVersion}/${object.kind}`);
  if (managed) return managed as unknown as Informer<KubernetesObject>;
  return ctx.children[object.kind as keyof ReconcileContext['children']];
}

/** True when `object` names `shop` as its controller (by uid): the shop created it. */
function ownedBy(object: KubernetesObject, shop: DhakaCart): boolean {
  return Boolean(object.metadata?.ownerReferences?.some((o) => o.controller && o.uid === shop.metadata.uid));
}

/**
 * A child name held by an object this shop did not create: throws NameTaken, which shows as Ready=False and
 * Degraded=True (and the Warning Event that comes with Degraded) until the name is free.
 */
function nameTaken(desired: KubernetesObject): never {
  throw new UserFixableError(
    Reason.NameTaken,
    `${describe(desired)} already exists and was not created by this shop; it is left untouched (rename or delete it)`,
  );
}

/**
 * True when `live` still holds fields written by the operator's create (a POST records them under the
 * operation Update). Server-side apply never removes fields another operation owns, so before such an
 * object is applied without a field, that ownership is moved to the operator's apply (ownership.ts).
 */
function ownedByCreate(live: KubernetesObject): boolean {
  return Boolean(
    live.metadata?.managedFields?.some(
      (e) => e.manager === FIELD_MANAGER && e.operation === 'Update' && !e.subresource,
    ),
  );
}

/** Ensures one child matches its desired state; throws with context when the API server refuses it. */
export async function ensureChild(
  ctx: ReconcileContext,
  shop: DhakaCart,
  wanted: KubernetesObject,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const namespace = shop.metadata.namespace;
  const name = wanted.metadata?.name ?? '';
  const desired = withSpecHash(wanted);
  const informer = informerFor(ctx, desired);
  // Kinds the cluster may not serve (the Prometheus Operator's) have no informer: read them directly.
  const uncachedPath = informer ? undefined : objectPath(desired);
  const live = uncachedPath
    ? await ctx.client.get<KubernetesObject>(uncachedPath)
    : informer?.get(namespace ?? '', name);
  try {
    if (live && !ownedBy(live, shop)) nameTaken(desired);
    // An object on its way out (a managed resource whose AWS resource the provider is still deleting) cannot
    // be applied; it is created again once it is gone.
    if (live?.metadata?.deletionTimestamp) return 'unchanged';
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
        const restored = informer?.wasDeleted(namespace, name) ?? false;
        const created = await ctx.client.create(body);
        informer?.prime(toWire(created));
        await announce(
          ctx,
          shop,
          'Normal',
          restored ? 'Restored' : 'Created',
          `${restored ? 'Restored missing' : 'Created'} ${describe(desired)}`,
        );
        return 'created';
      } catch (error) {
        if (statusCode(error) !== 409) throw error;
        // The name is taken. Either the cache was behind (the object is ours: apply it), or it belongs to
        // someone else: never adopt it (applying would replace their fields and the garbage collector would
        // delete it with the shop); report it and leave it untouched.
        const path = objectPath(desired);
        const existing = path ? await ctx.client.get<KubernetesObject>(path) : undefined;
        if (existing && !ownedBy(existing, shop)) nameTaken(desired);
      }
    }
    const wire = toWire(desired);
    const changed =
      live?.metadata?.annotations?.[SPEC_HASH_ANNOTATION] !==
      wire.metadata?.annotations?.[SPEC_HASH_ANNOTATION];
    const drift = live ? findDrift(toWire(wanted), live) : '.';
    if (!changed && !drift) return 'unchanged';
    if (changed && live && ownedByCreate(live)) await ctx.client.moveCreateOwnershipToApply(live);
    const applied = await ctx.client.apply(desired);
    informer?.prime(toWire(applied));
    if (changed) {
      const what = drift && drift !== '.' ? `: ${drift.slice(1)}` : '';
      await announce(ctx, shop, 'Normal', 'Updated', `Updated ${describe(desired)} to the new spec${what}`);
    } else {
      await announce(
        ctx,
        shop,
        'Normal',
        'Repaired',
        `Repaired ${describe(desired)}: ${drift?.slice(1)} had been changed`,
      );
    }
    return 'updated';
  } catch (error) {
    if (error instanceof UserFixableError) throw error;
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

/** What `createOnce` announces, as an Event on `shop`, when it made the object. */
export interface Announcement {
  shop: DhakaCart;
  reason: string;
  message: string;
}

/**
 * The one way to create an object the operator makes once (a Job, a generated Secret, a volume claim, a
 * managed resource): create it, put the answer in its kind's cache, and announce it on the shop. Returns the
 * created object, or undefined when the name was taken already (409: an earlier pass made it and the cache
 * is behind, or it is someone else's, which the caller judges). Any other refusal throws
 * `while creating <Kind> <name>: <the API server's message>`.
 */
export async function createOnce<T extends KubernetesObject>(
  ctx: ReconcileContext,
  object: T,
  announcement?: Announcement,
): Promise<T | undefined> {
  let created: T;
  try {
    created = await ctx.client.create(object);
  } catch (error) {
    if (statusCode(error) === 409) return undefined;
    throw new Error(`while creating ${describe(object)}: ${errorMessage(error)}`, { cause: error });
  }
  informerFor(ctx, object)?.prime(toWire(created));
  if (announcement)
    await announce(ctx, announcement.shop, 'Normal', announcement.reason, announcement.message);
  return created;
}
