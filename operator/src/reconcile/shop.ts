// Reconciling one DhakaCart reads top to bottom as named phases, each returning one PhaseOutcome (a value and
// the problems it found); only `reconcileShop` gathers the problems and turns them into conditions and the
// one thrown UserFixableError:
//   fetch (gone ⇒ done)
//   → finalizeDeletingShop   being deleted: the aws and snapshot finalizers, the rest to the garbage collector
//   → observeCredentials     generated Secrets, the referenced admin token Secret, what is missing
//   → chooseRelease          (releases.ts) the version every child is built for
//   → reconcileDataStores    aws managed resources, the database, backups/restore, rotation, the migration gate
//   → writeChildren          every other child in groups (foundation, workloads, the rest), then pruning
//   → repairScaledDown       Deployments scaled below the spec's minimum
//   → observeComponents      readiness of each component (pods read only when one stalled)
//   → summarize              conditions, the release verdict (releases.ts), the scrape object (monitoring.ts)
//   → writeShopStatus        status, and a Warning Event when Degraded changes.
// Every phase is idempotent; the work queue calls this for every event, resync and retry.
import type {
  KubernetesObject,
  V1ConfigMap,
  V1Deployment,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { type ConditionInput, ConditionType, withKstatusConditions } from '../conditions.ts';
import { apiReplicaBounds } from '../desired/capacity.ts';
import { desiredChildren } from '../desired/children.ts';
import { apiUrl, storefrontUrl } from '../desired/ingress.ts';
import { type Component, childName, selectorLabels } from '../desired/meta.ts';
import { withInputsHash } from '../desired/pod-inputs.ts';
import { postgresClaimName } from '../desired/postgres.ts';
import { secretsReadBy, withSecretsHash } from '../desired/secrets.ts';
import { errorMessage } from '../kube/client.ts';
import type { DhakaCart, DhakaCartStatus } from '../types.ts';
import { announce, ensureChild } from './apply.ts';
import { type AwsObservation, finalizeAws, reconcileAws } from './aws.ts';
import { finalizeBackups } from './backups/deletion.ts';
import type { BackupsOutcome } from './backups/outcome.ts';
import { reconcileBackups } from './backups/reconcile.ts';
import { cleanupChildren } from './cleanup.ts';
import { cached, type ReconcileContext, UserFixableError } from './context.ts';
import { AWS_FINALIZER, hasFinalizer } from './finalizers.ts';
import { ensureMigration, type MigrationResult } from './migration.ts';
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
  type Release,
  type ReleaseOutcome,
  releaseChildren,
  servingDeployment,
  withReleaseConditions,
} from './releases.ts';
import { reconcileRotation } from './rotation.ts';
import { observeSecrets, type SecretsObservation } from './secrets.ts';
import { componentStatus, nextStatus, writeStatus } from './status.ts';

/** Seconds between polls of a shop that is not Ready yet (pods are not watched, so pod problems are polled). */
export const NOT_READY_REQUEUE_MS = 5_000;

/** Poll while the provider lifts an RDS instance's deletion protection before the shop may go. */
export const AWS_RELEASE_POLL_MS = 2_000;

/** How long a Deployment may go without progress before its pods are read to name the problem. */
export const POD_CHECK_AFTER_MS = 15_000;

const FOUNDATION_KINDS = new Set(['ServiceAccount', 'ConfigMap', 'Service', 'NetworkPolicy']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** What the work queue does after a pass: come back after `requeueAfterMs`, or wait for the next event. */
export type ReconcileResult = { requeueAfterMs: number } | undefined;

/**
 * Something a phase could not do or found wrong. `userFixable` problems (a missing Secret, a name taken by
 * someone else) keep their reason; the others are reported with reason `ApplyFailed`. Every problem makes the
 * shop Ready=False and Degraded=True and the pass end in a UserFixableError (retried with backoff).
 */
export interface Problem {
  reason: string;
  message: string;
  userFixable: boolean;
}

/** What every phase of `reconcileShop` returns: its result and the problems it found on the way. */
export interface PhaseOutcome<T> {
  value: T;
  problems: Problem[];
}

/** A thrown error as a problem: a UserFixableError keeps its reason, anything else is ApplyFailed. */
function problemOf(error: unknown): Problem {
  return error instanceof UserFixableError
    ? { reason: error.reason, message: error.message, userFixable: true }
    : applyFailed(errorMessage(error));
}

function applyFailed(message: string): Problem {
  return { reason: 'ApplyFailed', message, userFixable: false };
}

/**
 * Runs one step of a phase: its value, or when it throws, `fallback`'s value and the error as a problem
 * (`asProblem`, by default `problemOf`).
 */
async function attempt<T>(
  work: () => Promise<T>,
  fallback: (error: unknown) => T,
  asProblem: (error: unknown) => Problem = problemOf,
): Promise<PhaseOutcome<T>> {
  try {
    return { value: await work(), problems: [] };
  } catch (error) {
    return { value: fallback(error), problems: [asProblem(error)] };
  }
}

/**
 * Reconciles the shop `namespace/name` once. Resolves to when to come back; rejects with a UserFixableError
 * (reason of the first problem, every message joined by "; ") after writing status when any phase found a
 * problem, and with whatever a read or status write threw otherwise.
 */
export async function reconcileShop(ctx: ReconcileContext, key: string): Promise<ReconcileResult> {
  const [namespace = '', name = ''] = key.split('/');
  const shop = ctx.shops.get(namespace, name);
  // Gone: its children carry owner references, so the garbage collector removes them.
  if (!shop) return undefined;
  if (shop.metadata.deletionTimestamp) return finalizeDeletingShop(ctx, shop);

  const credentials = await observeCredentials(ctx, shop);
  const chosen = chooseRelease(shop);
  const stores = await reconcileDataStores(ctx, shop, chosen, credentials.value);
  const children = await writeChildren(
    ctx,
    shop,
    chosen,
    stores.value.migration.apiVersion,
    credentials.value,
    {
      builtElsewhere: stores.value.aws?.endpoints ? [stores.value.aws.endpoints] : [],
      prune: [...credentials.problems, ...stores.problems].every((p) => p.userFixable),
    },
  );
  const repaired = await repairScaledDown(ctx, shop);
  const release = children.value.release;
  const components = await observeComponents(ctx, shop, release, stores.value);
  const problems = [
    ...credentials.problems,
    ...stores.problems,
    ...children.problems,
    ...repaired.problems,
    ...components.problems,
  ];
  const summary = await summarize(ctx, shop, release, stores.value, components.value, problems);
  await writeShopStatus(ctx, shop, summary.value);

  // Problems the user must fix are retried with the queue's backoff rather than on a fixed beat.
  const reported = reportedProblems([...problems, ...summary.problems]);
  if (reported.length > 0)
    throw new UserFixableError(reported[0]?.reason ?? 'Error', reported.map((e) => e.message).join('; '));
  const ready = summary.value.conditions[0]?.status === 'True';
  // Come back for what is due later: the next snapshot or drill, a rollout's deadline, a colour's retirement.
  const waits = [
    ready ? undefined : NOT_READY_REQUEUE_MS,
    summary.value.rollout.requeueAfterMs,
    stores.value.backups.requeueAfterMs,
  ].filter((ms): ms is number => ms !== undefined);
  return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : undefined;
}

/** The problems in the order status reports them: the user-fixable ones first, then the failures. */
function reportedProblems(problems: Problem[]): Problem[] {
  return [...problems.filter((p) => p.userFixable), ...problems.filter((p) => !p.userFixable)];
}

/**
 * A shop being deleted: with deletionPolicy Snapshot the final snapshot is taken first (a finalizer holds the
 * shop, for at most spec.database.finalSnapshotTimeoutSeconds); on aws the finalizer first carries out the
 * deletion policy for RDS (deletion protection lifted only under Snapshot or Delete). Everything else goes
 * with the garbage collector. This branch ends the pass, so it returns the pass's result itself; what it
 * cannot do is thrown and retried by the queue.
 */
async function finalizeDeletingShop(ctx: ReconcileContext, shop: DhakaCart): Promise<ReconcileResult> {
  if (hasFinalizer(shop, AWS_FINALIZER)) {
    const outcome = await finalizeAws(ctx, shop);
    if (!outcome.done) return { requeueAfterMs: AWS_RELEASE_POLL_MS };
  }
  const wait = await finalizeBackups(ctx, shop);
  return wait === undefined ? undefined : { requeueAfterMs: wait };
}

/** What the pass knows of the Secrets the shop's pods read. */
interface Credentials {
  /** Data of each Secret that exists, by name (the input of each pod template's hash). */
  data: SecretsObservation['data'];
  /** Secrets pods need that do not exist; workloads reading one are left as they are. */
  missing: Set<string>;
  /** The database credentials are missing over an existing database: nothing may use the database. */
  databaseCredentialsMissing: boolean;
}

/**
 * Credentials first: what exists, what is missing (and must not be generated again), what it hashes to.
 * Each problem (SecretNotFound, CredentialsMissing) is user-fixable.
 */
async function observeCredentials(
  ctx: ReconcileContext,
  shop: DhakaCart,
): Promise<PhaseOutcome<Credentials>> {
  const secrets = await observeSecrets(ctx, shop);
  return {
    value: {
      data: secrets.data,
      missing: secrets.missing,
      databaseCredentialsMissing: secrets.missing.has(childName.postgresCredentials(shop)),
    },
    problems: secrets.problems.map((p) => ({ reason: p.reason, message: p.message, userFixable: true })),
  };
}

/** What the data stores phase found: the aws observation, the backups outcome and the migration gate. */
interface DataStores {
  /** Platform aws only: RDS, ElastiCache, S3 and CloudFront as observed. */
  aws: AwsObservation | undefined;
  backups: BackupsOutcome;
  migration: MigrationResult;
}

/** Readiness of an aws data store in the shape the in-cluster components use; undefined off aws. */
function awsReadiness(
  aws: AwsObservation | undefined,
  part: 'database' | 'cache',
): ComponentReadiness | undefined {
  return aws
    ? { condition: aws[part].condition, replicas: { ready: 0, desired: 0 }, failed: aws[part].failed }
    : undefined;
}

/** The database's readiness: the RDS instance on aws, the StatefulSet and its claim otherwise. */
function observeDatabase(
  ctx: ReconcileContext,
  shop: DhakaCart,
  aws: AwsObservation | undefined,
): ComponentReadiness {
  const namespace = shop.metadata.namespace;
  return (
    awsReadiness(aws, 'database') ??
    databaseReadiness(
      cached<V1StatefulSet>(ctx, 'StatefulSet', namespace, childName.postgres(shop)),
      cached<V1PersistentVolumeClaim>(ctx, 'PersistentVolumeClaim', namespace, postgresClaimName(shop)),
      postgresClaimName(shop),
    )
  );
}

/**
 * The data stores and what waits on them, in order: on aws the Crossplane managed resources (observed into
 * DatabaseReady, CacheReady and AssetsReady); backups and a restore into a new database (which must finish
 * before the first migration); a requested credentials rotation; the migration gate for the release's
 * version. The database is observed before the gate so the gate can look at it in this same pass.
 */
async function reconcileDataStores(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  credentials: Credentials,
): Promise<PhaseOutcome<DataStores>> {
  const aws = shop.spec.platform === 'aws' ? await reconcileAws(ctx, shop) : undefined;
  const awsProblems = (aws?.failures ?? []).map(applyFailed);

  const dbNow = observeDatabase(ctx, shop, aws);
  const backups = await attempt(
    () => reconcileBackups(ctx, shop, dbNow.condition.status === 'True'),
    (): BackupsOutcome => ({ status: {}, restored: false }),
  );
  const databaseReady =
    (aws ? aws.dataReady : dbNow.condition.status === 'True') &&
    backups.value.restored &&
    !credentials.databaseCredentialsMissing;

  const rotation = credentials.databaseCredentialsMissing
    ? undefined
    : await reconcileRotation(ctx, shop, databaseReady);
  const rotationProblem: Problem | undefined =
    rotation?.phase === 'Failed'
      ? { reason: rotation.error.reason, message: rotation.error.message, userFixable: true }
      : undefined;

  // Any error of the gate is a failure to retry, whatever its kind; the API waits meanwhile.
  const migration = await attempt(
    () => ensureMigration(ctx, release.shop, databaseReady),
    (error): MigrationResult => ({
      migration: { version: shop.spec.version, job: '', phase: 'Running', message: errorMessage(error) },
      apiVersion: undefined,
    }),
    (error) => applyFailed(errorMessage(error)),
  );

  return {
    value: { aws, backups: backups.value, migration: migration.value },
    problems: [
      ...awsProblems,
      ...backups.problems,
      ...(rotationProblem ? [rotationProblem] : []),
      ...migration.problems,
    ],
  };
}

/** The write of one child: a problem, and whether its name is taken by an object that is not the shop's. */
interface ChildWrite {
  problem?: Problem;
  taken?: string;
}

/**
 * Applies every child of the release (built for `apiVersion`, the version the migration gate lets the API
 * run) and returns the release with its blue/green plan and smoke check decided.
 *
 * What pods need to start (their ServiceAccount, ConfigMap, Services, policies) goes first, then the
 * workloads, then what points at them, so an autoscaler is never made for a Deployment of the same name that
 * is not the shop's (a name taken by someone else is a user-fixable problem and left alone). Within a group
 * the children are independent and written concurrently. A workload whose pods read a missing Secret is left
 * as it is: its running pods keep working, while a changed template would start pods that cannot.
 * Unwanted children are pruned only when `prune` is set and every write succeeded: a failed step could
 * otherwise make a wanted child look unwanted.
 */
async function writeChildren(
  ctx: ReconcileContext,
  shop: DhakaCart,
  chosen: Release,
  apiVersion: string | undefined,
  credentials: Credentials,
  options: { prune: boolean; builtElsewhere: V1ConfigMap[] },
): Promise<PhaseOutcome<{ release: Release }>> {
  const seeds: Record<string, number> = {
    [childName.api(shop)]: apiReplicaBounds(shop.spec).api.min,
    [childName.storefront(shop)]: shop.spec.storefront.replicas.min,
  };
  const planned = await releaseChildren(
    ctx,
    shop,
    chosen,
    desiredChildren(chosen.shop, { apiVersion }),
    apiVersion,
  );
  // What the pods read from ConfigMaps, as built this pass: the children's and those applied by another
  // phase (aws: the endpoints ConfigMap with the database route).
  const configMaps = new Map(
    [
      ...planned.children.filter((c): c is V1ConfigMap => c.kind === 'ConfigMap'),
      ...options.builtElsewhere,
    ].map((c) => [c.metadata?.name ?? '', c.data ?? {}]),
  );
  const children = planned.children.map((child) =>
    withInputsHash(withSecretsHash(child, credentials.data), 'configMap', configMaps),
  );
  const writable = children.filter((child) => !secretsReadBy(child).some((n) => credentials.missing.has(n)));
  const groups = [
    writable.filter((c) => FOUNDATION_KINDS.has(c.kind ?? '')),
    writable.filter((c) => WORKLOAD_KINDS.has(c.kind ?? '')),
    writable.filter((c) => !FOUNDATION_KINDS.has(c.kind ?? '') && !WORKLOAD_KINDS.has(c.kind ?? '')),
  ];

  const writes: ChildWrite[] = [];
  for (const group of groups) {
    const taken = new Set(writes.flatMap((w) => (w.taken ? [w.taken] : [])));
    writes.push(...(await Promise.all(group.map((child) => writeChild(ctx, shop, child, seeds, taken)))));
  }
  const written = writes.flatMap((w) => (w.problem ? [w.problem] : []));
  const pruned =
    options.prune && written.every((p) => p.userFixable)
      ? await attempt(
          () => cleanupChildren(ctx, shop, children),
          () => undefined,
          (error) => applyFailed(errorMessage(error)),
        )
      : { value: undefined, problems: [] };
  return { value: { release: planned.release }, problems: [...written, ...pruned.problems] };
}

/** Applies one child, unless it is an autoscaler for a workload whose name is `taken` by someone else. */
async function writeChild(
  ctx: ReconcileContext,
  shop: DhakaCart,
  child: KubernetesObject,
  seeds: Record<string, number>,
  taken: Set<string>,
): Promise<ChildWrite> {
  const target = (child as V2HorizontalPodAutoscaler).spec?.scaleTargetRef;
  if (child.kind === 'HorizontalPodAutoscaler' && target && taken.has(`${target.kind}/${target.name}`))
    return {};
  try {
    await ensureChild(ctx, shop, child, { seedReplicas: seeds[child.metadata?.name ?? ''] });
    return {};
  } catch (error) {
    const problem = problemOf(error);
    return problem.userFixable ? { problem, taken: `${child.kind}/${child.metadata?.name}` } : { problem };
  }
}

/** The fewest replicas the spec allows for each scaled component. */
function replicaMinimum(shop: DhakaCart): { api: number; storefront: number } {
  return { api: apiReplicaBounds(shop.spec).api.min, storefront: shop.spec.storefront.replicas.min };
}

/**
 * A Deployment scaled below the spec's minimum (`kubectl scale --replicas=0` also switches its autoscaler
 * off) is scaled back to the minimum, after which the autoscaler acts again; each repair is a Normal
 * `Repaired` Event. Not during a blue/green release, whose colours are scaled by the release itself.
 */
async function repairScaledDown(ctx: ReconcileContext, shop: DhakaCart): Promise<PhaseOutcome<void>> {
  const problems: Problem[] = [];
  if (shop.spec.rollout?.strategy === 'BlueGreen') return { value: undefined, problems };
  for (const [component, least] of Object.entries(replicaMinimum(shop))) {
    const live = cached<V1Deployment>(
      ctx,
      'Deployment',
      shop.metadata.namespace,
      `${shop.metadata.name}-${component}`,
    );
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
      problems.push(applyFailed(errorMessage(error)));
    }
  }
  return { value: undefined, problems };
}

/** The readiness of each component after the writes of this pass. */
interface Components {
  api: ComponentReadiness;
  storefront: ComponentReadiness;
  database: ComponentReadiness;
  cache: ComponentReadiness;
  migration: ConditionInput;
}

/**
 * Observes every component. Pods are read only for a component that is not ready and has made no progress
 * for POD_CHECK_AFTER_MS (to name the reason: a bad image, a crash loop); while pods are still starting that
 * would be wasted. Ready pods serve shoppers only through their Service's endpoints, so those count too.
 * Observing finds no problems of its own (they show as conditions); what a read throws ends the pass.
 */
async function observeComponents(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  stores: DataStores,
): Promise<PhaseOutcome<Components>> {
  const namespace = shop.metadata.namespace;
  const minimum = replicaMinimum(shop);
  const { migration, apiVersion } = stores.migration;
  const deployment = (n: string) => cached<V1Deployment>(ctx, 'Deployment', namespace, n);
  const stalled = (component: Component) => {
    const progressing = deployment(`${shop.metadata.name}-${component}`)?.status?.conditions?.find(
      (c) => c.type === 'Progressing',
    );
    const since = progressing?.lastUpdateTime ? new Date(progressing.lastUpdateTime).getTime() : 0;
    return ctx.now().getTime() - since > POD_CHECK_AFTER_MS;
  };
  // `readiness` is evaluated without pods first, and again with them when the component stalled.
  const withPods = async (component: Component, readiness: (pods: V1Pod[]) => ComponentReadiness) => {
    const first = readiness([]);
    return first.condition.status === 'True' || first.condition.reason === 'NotCreated' || !stalled(component)
      ? first
      : readiness(await podsOf(ctx, shop, component));
  };

  const apiPods: ComponentReadiness = apiVersion
    ? await withPods('api', (p) =>
        deploymentReadiness(
          ConditionType.ApiReady,
          deployment(servingDeployment(shop, release, 'api')),
          p,
          minimum.api,
        ),
      )
    : {
        condition: {
          type: ConditionType.ApiReady,
          status: 'False',
          reason: migration.phase === 'WaitingForDatabase' ? 'WaitingForDatabase' : 'WaitingForMigration',
          message: `the API starts once migrations for ${shop.spec.version} succeed`,
        },
        replicas: { ready: 0, desired: 0 },
        failed: false,
      };
  const slices = [...ctx.children.EndpointSlice.list()].filter(
    (s) => s.metadata?.namespace === namespace,
  ) as V1EndpointSlice[];
  const api = withServiceEndpoints(apiPods, childName.api(shop), slices);
  const storefrontPods = await withPods('storefront', (p) =>
    deploymentReadiness(
      ConditionType.StorefrontReady,
      deployment(servingDeployment(shop, release, 'storefront')),
      p,
      minimum.storefront,
    ),
  );
  const storefront = withServiceEndpoints(storefrontPods, childName.storefront(shop), slices);
  const cache =
    awsReadiness(stores.aws, 'cache') ??
    (await withPods('redis', (p) =>
      deploymentReadiness(ConditionType.CacheReady, deployment(childName.redis(shop)), p),
    ));
  const database = observeDatabase(ctx, shop, stores.aws);
  return {
    value: { api, storefront, database, cache, migration: migrationCondition(migration) },
    problems: [],
  };
}

/** The shop's next conditions and status, and the release's verdict. */
interface Summary {
  conditions: ConditionInput[];
  status: DhakaCartStatus;
  rollout: ReleaseOutcome;
}

/**
 * Turns what the phases found into conditions and status: the summary conditions (every problem makes
 * Ready=False and Degraded=True), then the release's verdict (which may roll back, and overrides Degraded /
 * Progressing), then the scrape object (monitoring.ts) and its condition.
 */
async function summarize(
  ctx: ReconcileContext,
  shop: DhakaCart,
  release: Release,
  stores: DataStores,
  found: Components,
  problems: Problem[],
): Promise<PhaseOutcome<Summary>> {
  const { aws, backups } = stores;
  const { migration, apiVersion } = stores.migration;
  const { api, storefront, database, cache } = found;
  const target = release.shop.spec.version;
  const apiServesWanted = api.condition.status === 'True' && apiVersion === target;
  const version = apiServesWanted ? target : shop.status?.version;
  const summary = summaryConditions({
    components: [
      api.condition,
      storefront.condition,
      database.condition,
      cache.condition,
      found.migration,
      ...(aws ? [aws.assets.condition] : []),
    ],
    userErrors: reportedProblems(problems).map(({ reason, message }) => ({ reason, message })),
    failed:
      api.failed ||
      storefront.failed ||
      database.failed ||
      cache.failed ||
      (aws?.assets.failed ?? false) ||
      migration.phase === 'Failed',
    rollingOut: [api, storefront].some((c) => c.condition.reason === 'RolloutInProgress'),
    servingVersion: version,
    wantedVersion: target,
  });
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
  return { value: { conditions, status, rollout }, problems: [] };
}

/** Writes the status (only when it changed) and announces a Warning Event when Degraded became or changed. */
async function writeShopStatus(ctx: ReconcileContext, shop: DhakaCart, summary: Summary): Promise<void> {
  const previousDegraded = shop.status?.conditions?.find((c) => c.type === ConditionType.Degraded);
  const wrote = await writeStatus(ctx, shop, summary.status);
  const degraded = summary.conditions.find((c) => c.type === ConditionType.Degraded);
  if (
    wrote &&
    degraded?.status === 'True' &&
    (previousDegraded?.status !== 'True' || previousDegraded.message !== degraded.message)
  ) {
    await announce(ctx, shop, 'Warning', degraded.reason, degraded.message);
  }
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
