// Credentials: generated Secrets are created once and never rewritten; Secrets the spec references must
// exist, or the shop reports SecretNotFound until someone creates them.
import type { V1Secret } from '@kubernetes/client-node';
import { Reason } from '../conditions.ts';
import { desiredGeneratedSecrets } from '../desired/secrets.ts';
import { errorMessage, statusCode } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { announce } from './apply.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';

/** Creates each generated Secret that does not exist yet. Existing ones are left exactly as they are. */
export async function ensureGeneratedSecrets(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  for (const secret of desiredGeneratedSecrets(shop, ctx.randomHex)) {
    const name = secret.metadata?.name ?? '';
    if (cached(ctx, 'Secret', shop.metadata.namespace, name)) continue;
    try {
      const created = await ctx.client.create(secret);
      // Cache it without the generated values: nothing in the operator needs to read them back.
      ctx.children.Secret.prime(toWire({ ...created, data: {}, stringData: undefined } as V1Secret));
      await announce(ctx, shop, 'Normal', 'Created', `Generated Secret ${name}`);
    } catch (error) {
      if (statusCode(error) !== 409) {
        throw new Error(`while creating Secret ${name}: ${errorMessage(error)}`, { cause: error });
      }
    }
  }
}

/** Fails with SecretNotFound when a Secret the spec points at is missing or lacks its key. */
export async function checkReferencedSecrets(ctx: ReconcileContext, shop: DhakaCart): Promise<void> {
  const ref = shop.spec.api.adminTokenSecretRef;
  if (!ref) return;
  const key = ref.key ?? 'token';
  const path = `/api/v1/namespaces/${shop.metadata.namespace}/secrets/${ref.name}`;
  const secret = await ctx.client.get<V1Secret>(path);
  if (!secret) {
    throw new UserFixableError(
      Reason.SecretNotFound,
      `Secret ${ref.name} named by spec.api.adminTokenSecretRef does not exist in namespace ${shop.metadata.namespace}`,
    );
  }
  if (!secret.data?.[key]) {
    throw new UserFixableError(
      Reason.SecretNotFound,
      `Secret ${ref.name} named by spec.api.adminTokenSecretRef has no key "${key}"`,
    );
  }
}
