// Reconciling one DhakaCart, top to bottom:
//   fetch (gone ⇒ done) → deleting ⇒ leave it to the garbage collector → check what the user referenced →
//   generated Secrets → the database → the migration gate → every other child → observe → the scrape object
//   (reconcile/monitoring.ts) → status.
// Every step is idempotent; the work queue calls this for every event, resync and retry.
import type {
  V1Deployment,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { ConditionType, withKstatusConditions } from '../conditions.ts';
import { apiReplicaBounds } from '../desired/capacity.ts';
import { desiredChildren } from '../desired/children.ts';
import { apiUrl, storefrontUrl } from '../desired/ingress.ts';
import { type Component, childName, selectorLabels } from '../desired/meta.ts';
import { postgresClaimName } from '../desired/postgres.ts';
import { secretsReadBy, withSecretsHash } from '../desired/secrets.ts';
import { errorMessage } from '../kube/client.ts';
import type { DhakaCart } from '../types.ts';
import { announce, ensureChild } from './apply.ts';
import { type AwsObservation, finalizeAws, reconcileAws } from './aws.ts';
import { finalizeBackups } from './backups/deletion.ts';
import type { BackupsOutcome } from './backups/outcome.ts';
import { reconcileBackups } from './backups/reconcile.ts';
import { cleanupChildren } from './cleanup.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';
import { AWS_FINALIZER, hasFinalizer } from './finalizers.ts';
import { ensureMigration, type MigrationObservation } from './migration.ts';
import { reconcileMonitoring } from './monitoring.ts';
import {
  type ComponentReadiness,
  databaseReadiness,
  deploymentReadiness,
  migrationCondition,
  summaryConditions,
  withServiceEndpoints,
} from './readiness.ts';
import {
  chooseRelease,
  observeRelease,
  releaseChildren,
  servingDeployment,
  withReleaseConditions,
} from './releases.ts';
import { reconcileRotation } from './rotation.ts';
import { observeSecrets } from './secrets.ts';
import { componentStatus, nextStatus, writeStatus } from './status.ts';

export interface ReconcileOutcome {
  ready: boolean;
  writes: number;
}

/** Seconds between polls of a shop that is not Ready yet (pods are not watched, so pod problems are polled). */
export const NOT_READY_REQUEUE_MS = 5_000;

/** Poll while the provider lifts an RDS instance's deletion protection before the shop may go. */
export const AWS_RELEASE_POLL_MS = 2_000;

const FOUNDATION_KINDS = new Set(['ServiceAccount', 'ConfigMap', 'Service', 'NetworkPolicy']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** How long a Deployment may go without progress before its pods are read to name the problem. */
export const POD_CHECK_AFTER_MS = 15_000;

export async function reconcileShop(
  ctx: ReconcileContext,
  key: string,
): Promise<{ requeueAfterMs: number } | undefined> {
  const [namespace = '', name = ''] = key.split('/');
  const shop = ctx.shops.get(namespace, name);
  // Gone: its children carry owner references, so the garbage collector removes them.
  if (!shop) return undefined;
  // Being deleted: with deletionPolicy Snapshot the final snapshot is taken first (a finalizer holds the
  // shop, for at most spec.database.finalSnapshotTimeoutSeconds); on aws the finalizer first carries out the deletion policy for RDS (deletion protection lifted
  // only under Snapshot or Delete). Everything else goes with the garbage collector.
  if (shop.metadata.deletionTimestamp) {
    if (hasFinalizer(shop, AWS_FINALIZER)) {
      const outcome = await finalizeAws(ctx, shop);
      if (!outcome.done) return { requeueAfterMs: AWS_RELEASE_POLL_MS };
    }
    const wait = await finalizeBackups(ctx, shop);
    return wait === undefined ? undefined : { requeueAfterMs: wait };
  }

  const specChanged = shop.status?.observedGeneration !== shop.metadata.generation;
  const userErrors: { reason: string; message: string }[] = [];
  const failures: string[] = [];

  // Credentials first: what exists, what is missing (and must not be generated again), what it hashes to.
  const secrets = await observeSecrets(ctx, shop);
  // (Each becomes Ready=False and Degraded=True; the first one is also recorded as a Warning Event below.)
  for (const problem of secrets.problems)
    userErrors.push({ reason: problem.reason, message: problem.message });
  const credentialsMissing = secrets.missing.has(childName.postgresCredentials(shop));

  // platform aws: RDS, ElastiCache, S3 and CloudFront are Crossplane managed resources, observed into
  // DatabaseReady, CacheReady and AssetsReady. The API waits until both data stores are Ready.
  const aws: AwsObservation | undefined =
    shop.spec.platform === 'aws' ? await reconcileAws(ctx, shop, specChanged) : undefined;
  if (aws) failures.push(...aws.failures);
  const fromAws = (part: 'database' | 'cache'): ComponentReadiness | undefined =>
    aws
      ? { condition: aws[part].condition, replicas: { ready: 0, desired: 0 }, failed: aws[part].failed }
      : undefined;

  // The database comes first so the migration gate can look at it in this same pass.
  const pods = (component: Component) => podsOf(ctx, shop, component);
  const observe = {
    postgres: () => cached<V1StatefulSet>(ctx, 'StatefulSet', namespace, childName.postgres(shop)),
    claim: () =>
      cached<V1PersistentVolumeClaim>(ctx, 'PersistentVolumeClaim', namespace, postgresClaimName(shop)),
  };
  const dbNow =
    fromAws('database') ?? databaseReadiness(observe.postgres(), observe.claim(), postgresClaimName(shop));
  // The release decides which version every child is built for (spec.version, or the last good one after a
  // rollback); a restore into the new database must finish before its first migration.
  const release = chooseRelease(shop);
  const backups = await reconcileBackups(ctx, shop, dbNow.condition.status === 'True').catch(
    (error): BackupsOutcome => {
      if (error instanceof UserFixableError)
        userErrors.push({ reason: error.reason, message: error.message });
      else failures.push(errorMessage(error));
      return { status: {}, restored: false };
    },
  );
  const databaseReady =
    (aws ? aws.dataReady : dbNow.condition.status === 'True') && backups.restored && !credentialsMissing;
  if (!credentialsMissing) {
    const rotation = await reconcileRotation(ctx, shop, databaseReady);
    if (rotation.phase === 'Failed')
      userErrors.push({ reason: rotation.error.reason, message: rotation.error.message });
  }
  const { migration, apiVersion } = await ensureMigration(ctx, release.shop, databaseReady).catch(
    (error): { migration: MigrationObservation; apiVersion: string | undefined } => {
      failures.push(errorMessage(error));
      return {
        migration: { version: shop.spec.version, job: '', phase: 'Running', message: errorMessage(error) },
        apiVersion: undefined,
      };
    },
  );

  const seeds: Record<string, number> = {
    [childName.api(shop)]: apiReplicaBounds(shop.spec).api.min,
    [childName.storefront(shop)]: shop.spec.storefront.replicas.min,
  };
  // What pods need to start (their ServiceAccount, ConfigMap, Services, policies) goes first; within each
  // group the children are independent, so they are written concurrently.
  const children = (
    await releaseChildren(ctx, shop, release, desiredChildren(release.shop, { apiVersion }), apiVersion)
  ).map((child) => withSecretsHash(child, secrets.data));
  // A workload whose pods read a missing Secret is left as it is: its running pods keep working, while a
  // changed template would start pods that cannot.
  const writable = children.filter((child) => !secretsReadBy(child).some((n) => secrets.missing.has(n)));
  // Workloads go before what points at them, so an autoscaler is never made for a Deployment of the same
  // name that is not the shop's (a name taken by someone else is reported and left alone).
  const groups = [
    writable.filter((c) => FOUNDATION_KINDS.has(c.kind ?? '')),
    writable.filter((c) => WORKLOAD_KINDS.has(c.kind ?? '')),
    writable.filter((c) => !FOUNDATION_KINDS.has(c.kind ?? '') && !WORKLOAD_KINDS.has(c.kind ?? '')),
  ];
  const taken = new Set<string>();
  for (const group of groups) {
    await Promise.all(
      group.map(async (child) => {
        const target = (child as V2HorizontalPodAutoscaler).spec?.scaleTargetRef;
        if (child.kind === 'HorizontalPodAutoscaler' && target && taken.has(`${target.kind}/${target.name}`))
          return;
        try {
          await ensureChild(ctx, shop, child, { seedReplicas: seeds[child.metadata?.name ?? ''] });
        } catch (error) {
          if (error instanceof UserFixableError) {
            userErrors.push({ reason: error.reason, message: error.message });
            taken.add(`${child.kind}/${child.metadata?.name}`);
          } else failures.push(errorMessage(error));
        }
      }),
    );
  }
  // Pruning only after a clean pass: a failed step could otherwise make a wanted child look unwanted.
  if (failures.length === 0) {
    try {
      await cleanupChildren(ctx, shop, children);
    } catch (error) {
      failures.push(errorMessage(error));
    }
  }

  // A Deployment scaled below the spec's minimum (`kubectl scale --replicas=0` also switches its autoscaler
  // off) is scaled back to the minimum, after which the autoscaler acts again. Not during a blue/green
  // release, whose colours are scaled by the release itself.
  const minimum = { api: apiReplicaBounds(shop.spec).api.min, storefront: shop.spec.storefront.replicas.min };
  if (shop.spec.rollout?.strategy !== 'BlueGreen') {
    for (const [component, least] of Object.entries(minimum)) {
      const live = cached<V1Deployment>(ctx, 'Deployment', namespace, `${shop.metadata.name}-${component}`);
      if (!live || (live.spec?.replicas ?? 1) >= least) continue;
      try {
        await ctx.client.scale(live, least);
        await announce(
          ctx,
          shop,
          'Normal',
          'Repaired',
          `Repaired Deployment ${live.metadata?.name}: scaled from ${live.spec?.replicas ?? 1} back to ${least} replicas, the spec's minimum`,
        );
      } catch (error) {
        failures.push(errorMessage(error));
      }
    }
  }

  // Observe. Pods are read only for a component that is not ready and has made no progress for a while
  // (to name the reason: a bad image, a crash loop); while pods are still starting that would be wasted.
  const deployment = (n: string) => cached<V1Deployment>(ctx, 'Deployment', namespace, n);
  const stalled = (component: Component) => {
    const progressing = deployment(`${shop.metadata.name}-${component}`)?.status?.conditions?.find(
      (c) => c.type === 'Progressing',
    );
    const since = progressing?.lastUpdateTime ? new Date(progressing.lastUpdateTime).getTime() : 0;
    return ctx.now().getTime() - since > POD_CHECK_AFTER_MS;
  };
  const withPods = async (
    readiness: ComponentReadiness,
    again: (p: V1Pod[]) => ComponentReadiness,
    component: Component,
  ) =>
    readiness.condition.status === 'True' ||
    readiness.condition.reason === 'NotCreated' ||
    !stalled(component)
      ? readiness
      : again(await pods(component));

  const apiPods = apiVersion
    ? await withPods(
        deploymentReadiness(
          ConditionType.ApiReady,
          deployment(servingDeployment(shop, release, 'api')),
          [],
          minimum.api,
        ),
        (p) =>
          deploymentReadiness(
            ConditionType.ApiReady,
            deployment(servingDeployment(shop, release, 'api')),
            p,
            minimum.api,
          ),
        'api',
      )
    : {
        condition: {
          type: ConditionType.ApiReady,
          status: 'False' as const,
          reason: migration.phase === 'WaitingForDatabase' ? 'WaitingForDatabase' : 'WaitingForMigration',
          message: `the API starts once migrations for ${shop.spec.version} succeed`,
        },
        replicas: { ready: 0, desired: 0 },
        failed: false,
      };
  // Ready pods serve shoppers only through their Service's endpoints.
  const slices = [...ctx.children.EndpointSlice.list()].filter(
    (s) => s.metadata?.namespace === namespace,
  ) as V1EndpointSlice[];
  const api = withServiceEndpoints(apiPods, childName.api(shop), slices);
  const storefrontPods = await withPods(
    deploymentReadiness(
      ConditionType.StorefrontReady,
      deployment(servingDeployment(shop, release, 'storefront')),
      [],
      minimum.storefront,
    ),
    (p) =>
      deploymentReadiness(
        ConditionType.StorefrontReady,
        deployment(servingDeployment(shop, release, 'storefront')),
        p,
        minimum.storefront,
      ),
    'storefront',
  );
  const storefront = withServiceEndpoints(storefrontPods, childName.storefront(shop), slices);
  const cache =
    fromAws('cache') ??
    (await withPods(
      deploymentReadiness(ConditionType.CacheReady, deployment(childName.redis(shop))),
      (p) => deploymentReadiness(ConditionType.CacheReady, deployment(childName.redis(shop)), p),
      'redis',
    ));
  const database =
    fromAws('database') ?? databaseReadiness(observe.postgres(), observe.claim(), postgresClaimName(shop));
  const migrationReady = migrationCondition(migration);

  for (const message of failures) userErrors.push({ reason: 'ApplyFailed', message });
  const components = [
    api.condition,
    storefront.condition,
    database.condition,
    cache.condition,
    migrationReady,
    ...(aws ? [aws.assets.condition] : []),
  ];
  const target = release.shop.spec.version;
  const apiServesWanted = api.condition.status === 'True' && apiVersion === target;
  const summary = summaryConditions({
    components,
    userErrors,
    failed:
      api.failed ||
      storefront.failed ||
      database.failed ||
      cache.failed ||
      (aws?.assets.failed ?? false) ||
      migration.phase === 'Failed',
    rollingOut: [api, storefront].some((c) => c.condition.reason === 'RolloutInProgress'),
    servingVersion: apiServesWanted ? target : shop.status?.version,
    wantedVersion: target,
  });
  const version = apiServesWanted ? target : shop.status?.version;
  const rollout = await observeRelease(ctx, shop, release, {
    migrated: apiVersion,
    ...(migration.phase === 'Failed' ? { migrationFailure: migration.message } : {}),
  });
  const monitoring = await reconcileMonitoring(ctx, shop);
  const conditions = [
    ...withKstatusConditions(withReleaseConditions(summary, rollout.conditions)),
    monitoring,
  ];
  const status = nextStatus(
    shop,
    conditions,
    {
      ...(version ? { version } : {}),
      api: componentStatus(api.replicas),
      storefront: componentStatus(storefront.replicas),
      endpoints: { storefront: storefrontUrl(shop), api: apiUrl(shop) },
      ...rollout.status,
      ...backups.status,
    },
    ctx.now(),
  );
  const previousDegraded = shop.status?.conditions?.find((c) => c.type === ConditionType.Degraded);
  const wrote = await writeStatus(ctx, shop, status);
  const degraded = conditions.find((c) => c.type === ConditionType.Degraded);
  if (
    wrote &&
    degraded?.status === 'True' &&
    (previousDegraded?.status !== 'True' || previousDegraded.message !== degraded.message)
  ) {
    await announce(ctx, shop, 'Warning', degraded.reason, degraded.message);
  }

  // Problems the user must fix are retried with the queue's backoff rather than on a fixed beat.
  if (userErrors.length > 0)
    throw new UserFixableError(userErrors[0]?.reason ?? 'Error', userErrors.map((e) => e.message).join('; '));
  const ready = conditions[0]?.status === 'True';
  // Come back for what is due later: the next snapshot or drill, a rollout's deadline, a colour's retirement.
  const waits = [
    ready ? undefined : NOT_READY_REQUEUE_MS,
    rollout.requeueAfterMs,
    backups.requeueAfterMs,
  ].filter((ms): ms is number => ms !== undefined);
  return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : undefined;
}

/** Lists a component's pods straight from the API server (pods are not cached: there can be thousands). */
async function podsOf(ctx: ReconcileContext, shop: DhakaCart, component: Component): Promise<V1Pod[]> {
  const selector = Object.entries(selectorLabels(shop, component))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await ctx.client.get<{ items: V1Pod[] }>(
    `/api/v1/namespaces/${shop.metadata.namespace}/pods?labelSelector=${encodeURIComponent(selector)}`,
  );
  return list?.items ?? [];
}
