// Credentials: generated Secrets are created once and never rewritten by a reconcile; Secrets the spec
// references must exist, or the shop reports SecretNotFound until someone creates them. The database's
// credentials are never generated over a database that already exists: that database keeps the password it
// was initialised with, so a new random one would lock every new pod out (docs/credentials.md).
import type { V1PersistentVolumeClaim, V1Secret } from '@kubernetes/client-node';
import { Reason } from '../conditions.ts';
import { childName } from '../desired/meta.ts';
import { postgresClaimName } from '../desired/postgres.ts';
import { databaseCredentialsOwners, desiredGeneratedSecrets } from '../desired/secrets.ts';
import { errorMessage } from '../kube/client.ts';
import { toWire } from '../kube/wire.ts';
import type { DhakaCart } from '../types.ts';
import { createOnce } from './apply.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';

/** What the reconcile knows of the Secrets the shop's pods read. */
export interface SecretsObservation {
  /** Data (base64 values) of each Secret that exists, by name: the input of each pod template's hash. */
  data: Map<string, Record<string, string>>;
  /** Secrets pods need that do not exist; workloads reading one are left as they are. */
  missing: Set<string>;
  /** Problems to report in status (SecretNotFound, CredentialsMissing). */
  problems: UserFixableError[];
}

/**
 * Creates each generated Secret that does not exist yet, except the database's over an existing database
 * volume (reported as CredentialsMissing, with a Warning Event, instead); keeps the database credentials'
 * owner reference in line with the deletion policy; reads the referenced admin token Secret.
 */
export async function observeSecrets(ctx: ReconcileContext, shop: DhakaCart): Promise<SecretsObservation> {
  const namespace = shop.metadata.namespace;
  const seen: SecretsObservation = { data: new Map(), missing: new Set(), problems: [] };
  const referenced = await referencedSecret(ctx, shop);
  if (referenced instanceof UserFixableError) {
    seen.problems.push(referenced);
    seen.missing.add(shop.spec.api.adminTokenSecretRef?.name ?? '');
  } else if (referenced) seen.data.set(referenced.metadata?.name ?? '', referenced.data ?? {});

  const database = childName.postgresCredentials(shop);
  for (const secret of desiredGeneratedSecrets(shop, ctx.randomHex)) {
    const name = secret.metadata?.name ?? '';
    let live = cached<V1Secret>(ctx, 'Secret', namespace, name);
    if (!live && name === database && databaseExists(ctx, shop)) {
      // Read it fresh before saying it is gone: it may exist without the label the cache filters on.
      live = await ctx.client.get<V1Secret>(`/api/v1/namespaces/${namespace}/secrets/${name}`);
      if (!live) {
        seen.missing.add(name);
        // First, so it names Ready's reason and the Warning Event: it blocks the most.
        seen.problems.unshift(credentialsMissing(shop));
        continue;
      }
    }
    if (!live) live = await createSecret(ctx, shop, secret);
    if (live) seen.data.set(name, live.data ?? {});
    if (live && name === database) await alignOwners(ctx, shop, live);
  }
  return seen;
}

/** The message of CredentialsMissing; also the Warning Event's, so both say what to do. */
function credentialsMissing(shop: DhakaCart): UserFixableError {
  const name = childName.postgresCredentials(shop);
  return new UserFixableError(
    Reason.CredentialsMissing,
    `Secret ${name} holding the password of the existing database (volume ${postgresClaimName(shop)}) is missing; ` +
      `it is not generated again because the database keeps its old password. Re-create ${name} with that ` +
      'password (keys username, password), or set a new one in the database first (docs/credentials.md)',
  );
}

/** True when the database volume exists and is bound: PostgreSQL has (or will find) data initialised on it. */
function databaseExists(ctx: ReconcileContext, shop: DhakaCart): boolean {
  if (shop.spec.platform !== 'inCluster') return false;
  const claim = cached<V1PersistentVolumeClaim>(
    ctx,
    'PersistentVolumeClaim',
    shop.metadata.namespace,
    postgresClaimName(shop),
  );
  return claim?.status?.phase === 'Bound';
}

async function createSecret(ctx: ReconcileContext, shop: DhakaCart, secret: V1Secret): Promise<V1Secret> {
  const name = secret.metadata?.name ?? '';
  // Cached with its data: the pod templates' hash is computed from it.
  const created = await createOnce(ctx, secret, {
    shop,
    reason: 'Created',
    message: `Generated Secret ${name}`,
  });
  if (created) return created;
  const live = await ctx.client.get<V1Secret>(
    `/api/v1/namespaces/${shop.metadata.namespace}/secrets/${name}`,
  );
  if (!live) throw new Error(`while creating Secret ${name}: it exists and then did not`);
  return live;
}

/**
 * The database credentials are owned by the shop only under `deletionPolicy: Delete`; under Retain and
 * Snapshot they carry no owner, so they outlive the shop with the volume and a re-created shop of the same
 * name finds and uses them. The policy can change, so the owner follows it on every reconcile.
 */
async function alignOwners(ctx: ReconcileContext, shop: DhakaCart, live: V1Secret): Promise<void> {
  const wanted = databaseCredentialsOwners(shop);
  const current = live.metadata?.ownerReferences ?? [];
  const same =
    current.length === wanted.length && current.every((o, i) => o.uid === wanted[i]?.uid && o.controller);
  if (same) return;
  const name = live.metadata?.name ?? '';
  try {
    const patched = await ctx.client.mergePatch<V1Secret>(live, {
      metadata: { ownerReferences: wanted.length > 0 ? wanted : null },
    });
    ctx.children.Secret.prime(toWire(patched), live.metadata?.resourceVersion);
  } catch (error) {
    throw new Error(`while setting the owner of Secret ${name}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The Secret spec.api.adminTokenSecretRef names; an error to report when it is missing or lacks its key. */
async function referencedSecret(
  ctx: ReconcileContext,
  shop: DhakaCart,
): Promise<V1Secret | UserFixableError | undefined> {
  const ref = shop.spec.api.adminTokenSecretRef;
  if (!ref) return undefined;
  const key = ref.key ?? 'token';
  const path = `/api/v1/namespaces/${shop.metadata.namespace}/secrets/${ref.name}`;
  const secret = await ctx.client.get<V1Secret>(path);
  if (!secret) {
    return new UserFixableError(
      Reason.SecretNotFound,
      `Secret ${ref.name} named by spec.api.adminTokenSecretRef does not exist in namespace ${shop.metadata.namespace}`,
    );
  }
  if (!secret.data?.[key]) {
    return new UserFixableError(
      Reason.SecretNotFound,
      `Secret ${ref.name} named by spec.api.adminTokenSecretRef has no key "${key}"`,
    );
  }
  return secret;
}
