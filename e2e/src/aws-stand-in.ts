// AWS STAND-IN for the end-to-end tests: a small controller that plays the part of Crossplane provider-aws on
// the local control plane. It does not call AWS. For every managed resource (`*.aws.m.upbound.io`) in the
// namespaces it is given, it
//   - marks it Synced and Ready, and fills status.atProvider (address, port, endpoint, ids, ARNs),
//   - makes the local PostgreSQL and Redis behave like the RDS instance and ElastiCache group it was asked
//     for: the master user owns the database and logs in with the password from passwordSecretRef (the
//     local server asks for it, SCRAM-SHA-256, as RDS does), and Redis requires the auth token from
//     authTokenSecretRef,
//   - writes the connection Secrets (writeConnectionSecretToRef) with the same keys the provider writes,
//     pointing at those local servers,
//   - holds a finalizer like the provider, refuses to delete an RDS instance with deletion protection (as AWS
//     does) and records the final snapshot an RDS delete takes,
//   - can be told to fail a resource: Ready=False with AWS's message, until told to recover,
//   - keeps a stand-in AWS Secrets Manager (a map of secret name or ARN → string): an Instance with
//     manageMasterUserPassword gets an RDS-managed secret `rds!db-…` (JSON username/password) reported in
//     atProvider.masterUserSecret, and tests store or rotate values there as the platform team or RDS would,
//   - plays the External Secrets Operator for ExternalSecrets (external-secrets.io/v1): writes each target
//     Secret from the stand-in Secrets Manager (owned by the ExternalSecret, as creationPolicy Owner does;
//     `{{ .key | urlquery }}` is the one template form it knows), marks it Ready, and writes them again at
//     once when a value changes, where ESO would on its next refreshInterval.
//   - reports an RDS Proxy's endpoint as the local PostgreSQL itself, by the name `localhost` (it pools nothing;
//     the pooling is AWS's).
// The local servers speak plain TCP, so atProvider reports no TLS (no caCertIdentifier on the instance,
// requireTls false on the proxy, transitEncryptionEnabled false on the replication group). Secret values are never logged.
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Secret,
  Watch,
} from '@kubernetes/client-node';
import type { PostgresServer, RedisServer } from './services.ts';

/** Every managed kind the stand-in plays the provider for: group, plural, kind. */
export const STAND_IN_KINDS = [
  ['rds.aws.m.upbound.io', 'instances', 'Instance'],
  ['rds.aws.m.upbound.io', 'subnetgroups', 'SubnetGroup'],
  ['rds.aws.m.upbound.io', 'snapshots', 'Snapshot'],
  ['rds.aws.m.upbound.io', 'dbsnapshotcopies', 'DBSnapshotCopy'],
  ['rds.aws.m.upbound.io', 'dbinstanceautomatedbackupsreplications', 'DBInstanceAutomatedBackupsReplication'],
  ['elasticache.aws.m.upbound.io', 'replicationgroups', 'ReplicationGroup'],
  ['elasticache.aws.m.upbound.io', 'subnetgroups', 'SubnetGroup'],
  ['s3.aws.m.upbound.io', 'buckets', 'Bucket'],
  ['s3.aws.m.upbound.io', 'bucketversionings', 'BucketVersioning'],
  [
    's3.aws.m.upbound.io',
    'bucketserversideencryptionconfigurations',
    'BucketServerSideEncryptionConfiguration',
  ],
  ['s3.aws.m.upbound.io', 'bucketpublicaccessblocks', 'BucketPublicAccessBlock'],
  ['s3.aws.m.upbound.io', 'bucketreplicationconfigurations', 'BucketReplicationConfiguration'],
  ['cloudfront.aws.m.upbound.io', 'distributions', 'Distribution'],
  ['ec2.aws.m.upbound.io', 'securitygroups', 'SecurityGroup'],
  ['ec2.aws.m.upbound.io', 'securitygroupingressrules', 'SecurityGroupIngressRule'],
  ['rds.aws.m.upbound.io', 'proxies', 'Proxy'],
  ['rds.aws.m.upbound.io', 'proxydefaulttargetgroups', 'ProxyDefaultTargetGroup'],
  ['rds.aws.m.upbound.io', 'proxytargets', 'ProxyTarget'],
  ['iam.aws.m.upbound.io', 'roles', 'Role'],
  ['iam.aws.m.upbound.io', 'policies', 'Policy'],
  ['iam.aws.m.upbound.io', 'rolepolicyattachments', 'RolePolicyAttachment'],
] as const;

const VERSION = 'v1beta1';
const FINALIZER = 'finalizer.managedresource.crossplane.io';
const EXTERNAL_NAME = 'crossplane.io/external-name';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message?: string;
  lastTransitionTime: string;
}

interface Managed {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    generation?: number;
    deletionTimestamp?: string;
    finalizers?: string[];
    annotations?: Record<string, string>;
  };
  spec: {
    forProvider: Record<string, unknown>;
    managementPolicies?: string[];
    writeConnectionSecretToRef?: { name: string };
  };
  status?: { conditions?: Condition[]; atProvider?: Record<string, unknown>; observedGeneration?: number };
}

export interface AwsStandInOptions {
  kc: KubeConfig;
  /** Namespaces to serve (each test has its own). */
  namespaces: string[];
  postgres: PostgresServer;
  redis: RedisServer;
}

/** Something the stand-in did that a test may assert on. */
export interface StandInRecord {
  /** RDS final snapshots taken when an instance was deleted: `<namespace>/<finalSnapshotIdentifier>`. */
  finalSnapshots: string[];
  /** Managed resources whose AWS resource was deleted: `<Kind> <namespace>/<name>`. */
  deleted: string[];
  /** Deletes refused, with AWS's message. */
  refused: string[];
}

const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const fakeId = (prefix: string, m: Managed) =>
  `${prefix}-${createHash('sha256').update(m.metadata.uid).digest('hex').slice(0, 17)}`;

/** The AWS stand-in controller. `start()` begins watching; `stop()` ends every watch and lets go of finalizers. */
export class AwsStandIn {
  readonly record: StandInRecord = { finalSnapshots: [], deleted: [], refused: [] };
  readonly #options: AwsStandInOptions;
  readonly #custom: CustomObjectsApi;
  readonly #core: CoreV1Api;
  readonly #failures = new Map<string, string>();
  readonly #aborts: AbortController[] = [];
  readonly #queue = new Map<string, Promise<void>>();
  /** The stand-in Secrets Manager: secret name or ARN → SecretString. */
  readonly #secretsManager = new Map<string, string>();
  /** The auth token the local Redis requires now (one Redis plays every replication group). */
  #redisToken = '';
  #stopped = false;
  /** Errors the stand-in met (never thrown into a watch callback); a test can print them. */
  readonly errors: string[] = [];

  constructor(options: AwsStandInOptions) {
    this.#options = options;
    this.#custom = options.kc.makeApiClient(CustomObjectsApi);
    this.#core = options.kc.makeApiClient(CoreV1Api);
  }

  async start(): Promise<void> {
    const watch = new Watch(this.#options.kc);
    for (const namespace of this.#options.namespaces) {
      for (const [group, plural, kind] of STAND_IN_KINDS) {
        const path = `/apis/${group}/${VERSION}/namespaces/${namespace}/${plural}`;
        const begin = async (): Promise<void> => {
          if (this.#stopped) return;
          try {
            const abort = await watch.watch(
              path,
              {},
              (type: string, object: Managed) => {
                if (type === 'ADDED' || type === 'MODIFIED') this.#enqueue(group, plural, kind, object);
              },
              () => {
                // Watches end (timeouts, reconnects): start again unless stopped.
                if (!this.#stopped) setTimeout(() => void begin(), 200);
              },
            );
            this.#aborts.push(abort);
          } catch (error) {
            this.errors.push(`watch ${path}: ${String(error)}`);
            if (!this.#stopped) setTimeout(() => void begin(), 1000);
          }
        };
        await begin();
      }
      await this.#watchExternalSecrets(watch, namespace);
    }
  }

  /**
   * Stores `value` in the stand-in Secrets Manager under `name` (a name or an ARN), as `aws secretsmanager
   * put-secret-value` or an RDS rotation would, and brings every ExternalSecret up to date with it.
   */
  async putSecretValue(name: string, value: string): Promise<void> {
    this.#secretsManager.set(name, value);
    for (const namespace of this.#options.namespaces) {
      this.#enqueueSync(namespace);
      await this.#queue.get(`eso/${namespace}`);
    }
  }

  /** The stand-in Secrets Manager's current value of `name`, e.g. to rotate an RDS-managed secret. */
  secretValue(name: string): string | undefined {
    return this.#secretsManager.get(name);
  }

  async #watchExternalSecrets(watch: Watch, namespace: string): Promise<void> {
    const path = `/apis/${ESO_GROUP}/v1/namespaces/${namespace}/externalsecrets`;
    const begin = async (): Promise<void> => {
      if (this.#stopped) return;
      try {
        const abort = await watch.watch(
          path,
          {},
          (type: string) => {
            if (type === 'ADDED' || type === 'MODIFIED') this.#enqueueSync(namespace);
          },
          () => {
            if (!this.#stopped) setTimeout(() => void begin(), 200);
          },
        );
        this.#aborts.push(abort);
      } catch (error) {
        this.errors.push(`watch ${path}: ${String(error)}`);
        if (!this.#stopped) setTimeout(() => void begin(), 1000);
      }
    };
    await begin();
  }

  #enqueueSync(namespace: string): void {
    const k = `eso/${namespace}`;
    const next = (this.#queue.get(k) ?? Promise.resolve())
      .then(() => this.#syncExternalSecrets(namespace))
      .catch((error) => {
        this.errors.push(`ExternalSecrets in ${namespace}: ${String(error)}`);
      });
    this.#queue.set(k, next);
  }

  /** ESO's part: every ExternalSecret of `namespace` whose values the stand-in Secrets Manager holds. */
  async #syncExternalSecrets(namespace: string): Promise<void> {
    if (this.#stopped) return;
    const list = (await this.#custom.listNamespacedCustomObject({
      group: ESO_GROUP,
      version: 'v1',
      namespace,
      plural: 'externalsecrets',
    })) as { items: ExternalSecretObject[] };
    let changed = false;
    for (const es of list.items) {
      const values: Record<string, string> = {};
      const missing: string[] = [];
      for (const { secretKey, remoteRef } of es.spec.data ?? []) {
        const stored = this.#secretsManager.get(remoteRef.key);
        const value =
          stored !== undefined && remoteRef.property
            ? (JSON.parse(stored) as Record<string, string>)[remoteRef.property]
            : stored;
        if (value === undefined) missing.push(remoteRef.key);
        else values[secretKey] = value;
      }
      if (missing.length > 0) {
        await this.#esoStatus(
          es,
          'False',
          'SecretSyncedError',
          `no secret ${missing.join(', ')} in Secrets Manager`,
        );
        continue;
      }
      const data = Object.fromEntries(
        Object.entries(es.spec.target.template?.data ?? values).map(([k, v]) => [
          k,
          es.spec.target.template ? renderTemplate(v, values) : v,
        ]),
      );
      changed = (await this.#writeSecret(es, data)) || changed;
      await this.#esoStatus(es, 'True', 'SecretSynced', 'secret synced');
    }
    // The provider reads authTokenSecretRef again on its next poll: a new token reaches ElastiCache.
    if (changed) {
      const groups = (await this.#custom.listNamespacedCustomObject({
        group: 'elasticache.aws.m.upbound.io',
        version: VERSION,
        namespace,
        plural: 'replicationgroups',
      })) as { items: Managed[] };
      for (const group of groups.items)
        this.#enqueue('elasticache.aws.m.upbound.io', 'replicationgroups', '', group);
    }
  }

  /** Writes the target Secret of an ExternalSecret; true when its data changed. */
  async #writeSecret(es: ExternalSecretObject, data: Record<string, string>): Promise<boolean> {
    const namespace = es.metadata.namespace;
    const name = es.spec.target.name ?? es.metadata.name;
    const encoded = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    );
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        ownerReferences: [
          {
            apiVersion: es.apiVersion,
            kind: es.kind,
            name: es.metadata.name,
            uid: es.metadata.uid,
            controller: true,
          },
        ],
      },
      type: 'Opaque',
      data: encoded,
    };
    const current = await this.#core.readNamespacedSecret({ namespace, name }).catch(() => undefined);
    if (!current) {
      await this.#core.createNamespacedSecret({ namespace, body });
      return true;
    }
    if (isDeepStrictEqual(current.data, encoded)) return false;
    await this.#core.replaceNamespacedSecret({
      namespace,
      name,
      body: { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion } },
    });
    return true;
  }

  async #esoStatus(es: ExternalSecretObject, status: string, reason: string, message: string): Promise<void> {
    const ready = es.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === status && ready.reason === reason) return;
    await this.#custom.patchNamespacedCustomObjectStatus(
      {
        group: ESO_GROUP,
        version: 'v1',
        namespace: es.metadata.namespace,
        plural: 'externalsecrets',
        name: es.metadata.name,
        body: {
          status: {
            conditions: [
              { type: 'Ready', status, reason, message, lastTransitionTime: new Date().toISOString() },
            ],
            refreshTime: new Date().toISOString(),
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  /** Makes the resource fail the way AWS would: Ready=False, reason Unavailable, with `message`. */
  async fail(kind: string, namespace: string, name: string, message: string): Promise<void> {
    this.#failures.set(key(kind, namespace, name), message);
    await this.#poke(kind, namespace, name);
  }

  /** Lets a failed resource become Ready again. */
  async recover(kind: string, namespace: string, name: string): Promise<void> {
    this.#failures.delete(key(kind, namespace, name));
    await this.#poke(kind, namespace, name);
  }

  /** Ends the watches and removes the stand-in's finalizers, so namespaces can be deleted without it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const abort of this.#aborts) abort.abort();
    await Promise.allSettled([...this.#queue.values()]);
    for (const namespace of this.#options.namespaces) {
      for (const [group, plural] of STAND_IN_KINDS) {
        const list = (await this.#custom
          .listNamespacedCustomObject({ group, version: VERSION, namespace, plural })
          .catch(() => ({ items: [] }))) as { items: Managed[] };
        for (const item of list.items) {
          if (!item.metadata.finalizers?.includes(FINALIZER)) continue;
          await this.#setFinalizers(group, plural, item, []).catch(() => undefined);
        }
      }
    }
  }

  async #poke(kind: string, namespace: string, name: string): Promise<void> {
    for (const [group, plural, k] of STAND_IN_KINDS) {
      if (k !== kind) continue;
      const object = (await this.#custom
        .getNamespacedCustomObject({ group, version: VERSION, namespace, plural, name })
        .catch(() => undefined)) as Managed | undefined;
      if (object) await this.#handle(group, plural, object);
    }
  }

  /** One object at a time, in event order: a later event waits for the earlier one's writes. */
  #enqueue(group: string, plural: string, _kind: string, object: Managed): void {
    const k = `${group}/${object.metadata.namespace}/${object.metadata.name}`;
    const previous = this.#queue.get(k) ?? Promise.resolve();
    const next = previous
      .then(() => this.#handle(group, plural, object))
      .catch((error) => {
        this.errors.push(
          `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${String(error)}`,
        );
      });
    this.#queue.set(k, next);
  }

  async #handle(group: string, plural: string, seen: Managed): Promise<void> {
    if (this.#stopped) return;
    // Events may be stale: act on the current object.
    const object = (await this.#custom
      .getNamespacedCustomObject({
        group,
        version: VERSION,
        namespace: seen.metadata.namespace,
        plural,
        name: seen.metadata.name,
      })
      .catch(() => undefined)) as Managed | undefined;
    if (!object) return;
    if (object.metadata.deletionTimestamp) {
      await this.#delete(group, plural, object);
      return;
    }
    if (!object.metadata.finalizers?.includes(FINALIZER)) {
      await this.#setFinalizers(group, plural, object, [...(object.metadata.finalizers ?? []), FINALIZER]);
    }
    const failure = this.#failures.get(key(object.kind, object.metadata.namespace, object.metadata.name));
    let atProvider = object.status?.atProvider ?? {};
    if (!failure) {
      atProvider = this.#observe(object);
      await this.#provision(object);
    }
    await this.#writeStatus(group, plural, object, atProvider, failure);
  }

  /** What AWS would report about the resource, pointing at the local servers. */
  #observe(m: Managed): Record<string, unknown> {
    const fp = m.spec.forProvider;
    const region = String(fp.region ?? 'ap-south-1');
    const external = m.metadata.annotations?.[EXTERNAL_NAME] ?? m.metadata.name;
    const { postgres, redis } = this.#options;
    switch (m.kind) {
      case 'Instance':
        return {
          id: fakeId('db', m),
          arn: `arn:aws:rds:${region}:000000000000:db:${external}`,
          address: '127.0.0.1',
          port: postgres.port,
          endpoint: `127.0.0.1:${postgres.port}`,
          status: 'available',
          multiAz: fp.multiAz === true,
          storageEncrypted: fp.storageEncrypted === true,
          ...(fp.manageMasterUserPassword === true
            ? { masterUserSecret: [{ secretArn: masterUserSecretArn(m), secretStatus: 'active' }] }
            : {}),
        };
      case 'ReplicationGroup':
        return {
          id: external,
          arn: `arn:aws:elasticache:${region}:000000000000:replicationgroup:${external}`,
          primaryEndpointAddress: '127.0.0.1',
          readerEndpointAddress: '127.0.0.1',
          port: redis.port,
          transitEncryptionEnabled: false,
        };
      case 'SecurityGroup':
        return {
          id: fakeId('sg', m),
          arn: `arn:aws:ec2:${region}:000000000000:security-group/${fakeId('sg', m)}`,
        };
      case 'Proxy':
        // The proxy's endpoint is the local PostgreSQL, as the instance's is: this stand-in pools nothing.
        // It is named `localhost` where the instance's is 127.0.0.1, so a test can tell which of the two the
        // API was given. It speaks plain TCP, so it reports requireTls false, as the instance reports no CA.
        return {
          id: external,
          arn: `arn:aws:rds:${region}:000000000000:db-proxy:${fakeId('prx', m)}`,
          endpoint: 'localhost',
          requireTls: false,
        };
      case 'Role':
        return { id: external, arn: `arn:aws:iam::000000000000:role/${external}` };
      case 'Policy':
        return { id: external, arn: `arn:aws:iam::000000000000:policy/${external}` };
      case 'SecurityGroupIngressRule':
        return { id: fakeId('sgr', m), securityGroupRuleId: fakeId('sgr', m) };
      case 'Bucket':
        return {
          id: external,
          arn: `arn:aws:s3:::${external}`,
          bucketDomainName: `${external}.s3.amazonaws.com`,
          bucketRegionalDomainName: `${external}.s3.${region}.amazonaws.com`,
        };
      case 'Distribution':
        return {
          id: fakeId('E', m).toUpperCase().replace('-', ''),
          arn: `arn:aws:cloudfront::000000000000:distribution/${fakeId('E', m)}`,
          domainName: `${fakeId('d', m).replace('-', '')}.cloudfront.net`,
          status: 'Deployed',
        };
      case 'DBSnapshotCopy':
        return {
          id: external,
          dbSnapshotArn: `arn:aws:rds:${region}:000000000000:snapshot:${String(fp.targetDbSnapshotIdentifier ?? external)}`,
        };
      case 'Snapshot':
        return {
          id: external,
          dbSnapshotArn: `arn:aws:rds:${region}:000000000000:snapshot:${external}`,
          status: 'available',
        };
      default:
        return {
          id: external,
          arn: `arn:aws:${m.apiVersion.split('.')[0]}:${region}:000000000000:${external}`,
        };
    }
  }

  /** Makes the local servers match the resource and writes its connection Secret. */
  async #provision(m: Managed): Promise<void> {
    const fp = m.spec.forProvider;
    const namespace = m.metadata.namespace;
    const { postgres, redis } = this.#options;
    if (m.kind === 'Instance') {
      const user = String(fp.username ?? 'postgres');
      let password: string | undefined;
      if (fp.manageMasterUserPassword === true) {
        // RDS makes the master password and keeps it in Secrets Manager; punctuation included, as RDS's are.
        const arn = masterUserSecretArn(m);
        if (!this.#secretsManager.has(arn))
          await this.putSecretValue(
            arn,
            JSON.stringify({ username: user, password: `${randomBytes(12).toString('hex')}#%:` }),
          );
        password = (JSON.parse(this.#secretsManager.get(arn) ?? '{}') as { password?: string }).password;
      } else {
        const ref = fp.passwordSecretRef as { name: string; key: string } | undefined;
        password = ref ? await this.#secretValue(namespace, ref.name, ref.key) : undefined;
        if (!password)
          throw new Error(`Instance ${m.metadata.name}: passwordSecretRef names no readable Secret key`);
      }
      const database = String(fp.dbName ?? postgres.database);
      // With manageMasterUserPassword the provider's connection Secret carries no password either.
      await createMasterUser(postgres, user, password ?? '', database);
      await this.#writeConnectionSecret(m, {
        endpoint: `127.0.0.1:${postgres.port}`,
        address: '127.0.0.1',
        host: '127.0.0.1',
        port: String(postgres.port),
        username: user,
        ...(password ? { password } : {}),
      });
    }
    if (m.kind === 'ReplicationGroup') {
      const ref = fp.authTokenSecretRef as { name: string; key: string } | undefined;
      const token = ref ? await this.#secretValue(namespace, ref.name, ref.key) : undefined;
      if (token && token !== this.#redisToken) {
        await redisCommand(redis.port, ['CONFIG', 'SET', 'requirepass', token], this.#redisToken);
        this.#redisToken = token;
      }
      await this.#writeConnectionSecret(m, {
        primary_endpoint_address: '127.0.0.1',
        reader_endpoint_address: '127.0.0.1',
        port: String(redis.port),
      });
    }
  }

  /** The provider's delete: refused under deletion protection, a final snapshot unless skipped. */
  async #delete(group: string, plural: string, m: Managed): Promise<void> {
    if (!m.metadata.finalizers?.includes(FINALIZER)) return;
    const policies = m.spec.managementPolicies ?? ['*'];
    const deletes = policies.includes('*') || policies.includes('Delete');
    const fp = m.spec.forProvider;
    const what = `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`;
    if (deletes && m.kind === 'Instance' && fp.deletionProtection === true) {
      const message =
        'delete failed: operation error RDS: DeleteDBInstance, api error InvalidParameterCombination: Cannot delete protected DB Instance, please disable deletion protection and try again.';
      if (!this.record.refused.includes(what)) this.record.refused.push(what);
      const conditions = [
        { type: 'Ready', status: 'False', reason: 'Deleting', message: '' },
        { type: 'Synced', status: 'False', reason: 'ReconcileError', message },
      ];
      await this.#patchStatus(group, plural, m, { conditions: stamp(conditions, m.status?.conditions) });
      return;
    }
    if (deletes) {
      if (m.kind === 'Instance' && fp.skipFinalSnapshot !== true && fp.finalSnapshotIdentifier) {
        this.record.finalSnapshots.push(`${m.metadata.namespace}/${fp.finalSnapshotIdentifier}`);
      }
      this.record.deleted.push(what);
    }
    await this.#setFinalizers(
      group,
      plural,
      m,
      (m.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
    );
  }

  async #writeStatus(
    group: string,
    plural: string,
    m: Managed,
    atProvider: Record<string, unknown>,
    failure: string | undefined,
  ): Promise<void> {
    const conditions = [
      failure
        ? { type: 'Ready', status: 'False', reason: 'Unavailable', message: failure }
        : { type: 'Ready', status: 'True', reason: 'Available', message: '' },
      { type: 'Synced', status: 'True', reason: 'ReconcileSuccess', message: '' },
    ];
    const status = {
      conditions: stamp(conditions, m.status?.conditions),
      atProvider,
      observedGeneration: m.metadata.generation ?? 0,
    };
    const current = {
      conditions: m.status?.conditions,
      atProvider: m.status?.atProvider,
      observedGeneration: m.status?.observedGeneration,
    };
    if (isDeepStrictEqual(status, current)) return;
    await this.#patchStatus(group, plural, m, status);
  }

  async #patchStatus(group: string, plural: string, m: Managed, status: unknown): Promise<void> {
    await this.#custom.patchNamespacedCustomObjectStatus(
      {
        group,
        version: VERSION,
        namespace: m.metadata.namespace,
        plural,
        name: m.metadata.name,
        body: { status },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async #setFinalizers(group: string, plural: string, m: Managed, finalizers: string[]): Promise<void> {
    await this.#custom
      .patchNamespacedCustomObject(
        {
          group,
          version: VERSION,
          namespace: m.metadata.namespace,
          plural,
          name: m.metadata.name,
          body: { metadata: { finalizers } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }

  async #secretValue(namespace: string, name: string, key: string): Promise<string | undefined> {
    const secret = await this.#core.readNamespacedSecret({ namespace, name }).catch(() => undefined);
    const value = secret?.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  }

  async #writeConnectionSecret(m: Managed, data: Record<string, string>): Promise<void> {
    const ref = m.spec.writeConnectionSecretToRef;
    if (!ref) return;
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: ref.name,
        namespace: m.metadata.namespace,
        ownerReferences: [
          {
            apiVersion: m.apiVersion,
            kind: m.kind,
            name: m.metadata.name,
            uid: m.metadata.uid,
            controller: true,
          },
        ],
      },
      type: 'connection.crossplane.io/v1alpha1',
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    };
    const current = await this.#core
      .readNamespacedSecret({ namespace: m.metadata.namespace, name: ref.name })
      .catch(() => undefined);
    if (!current) {
      await this.#core.createNamespacedSecret({ namespace: m.metadata.namespace, body });
    } else if (!isDeepStrictEqual(current.data, body.data)) {
      await this.#core.replaceNamespacedSecret({
        namespace: m.metadata.namespace,
        name: ref.name,
        body: { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion } },
      });
    }
  }
}

const ESO_GROUP = 'external-secrets.io';

interface ExternalSecretObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string };
  spec: {
    target: { name?: string; template?: { data?: Record<string, string> } };
    data?: { secretKey: string; remoteRef: { key: string; property?: string } }[];
  };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

/** The ARN of the secret RDS would make for an instance with manageMasterUserPassword. */
const masterUserSecretArn = (m: Managed) =>
  `arn:aws:secretsmanager:${String(m.spec.forProvider.region ?? 'ap-south-1')}:000000000000:secret:rds!${fakeId('db', m)}`;

/** ESO's template, as far as the operator uses it: `{{ .key | urlquery }}` and plain `{{ .key }}`. */
function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*\.(\w+)\s*(\|\s*urlquery\s*)?\}\}/g, (_m, key: string, query?: string) => {
    const value = values[key] ?? '';
    // Go's urlquery is url.QueryEscape: like encodeURIComponent, but a space becomes '+'.
    return query ? encodeURIComponent(value).replace(/%20/g, '+') : value;
  });
}

/** Keeps lastTransitionTime of conditions whose status did not change. */
function stamp(
  conditions: Omit<Condition, 'lastTransitionTime'>[],
  previous: Condition[] | undefined,
): Condition[] {
  return conditions.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const unchanged = old && old.status === c.status;
    return { ...c, lastTransitionTime: unchanged ? old.lastTransitionTime : new Date().toISOString() };
  });
}

const sqlLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
const sqlIdent = (value: string) => `"${value.replace(/"/g, '""')}"`;

/**
 * What RDS does at creation: a master user with `password` that owns the named database. `psql()` sends the
 * SQL on stdin, so the password appears in no process list; the server stores only its SCRAM verifier.
 */
async function createMasterUser(pg: PostgresServer, user: string, password: string, database: string) {
  const role = sqlIdent(user);
  const exists = await pg.psql(`SELECT 1 FROM pg_roles WHERE rolname = ${sqlLiteral(user)}`);
  if (!exists.trim()) await pg.psql(`CREATE ROLE ${role} LOGIN PASSWORD ${sqlLiteral(password)}`);
  else await pg.psql(`ALTER ROLE ${role} LOGIN PASSWORD ${sqlLiteral(password)}`);
  const created = await pg.psql(`SELECT 1 FROM pg_database WHERE datname = ${sqlLiteral(database)}`);
  if (!created.trim()) await pg.psql(`CREATE DATABASE ${sqlIdent(database)} OWNER ${role}`);
  else await pg.psql(`ALTER DATABASE ${sqlIdent(database)} OWNER TO ${role}`);
  await pg.psql(`ALTER SCHEMA public OWNER TO ${role}`).catch(() => undefined);
}

/** Sends one command to Redis (RESP), authenticated with `password` when the server requires one already. */
function redisCommand(port: number, args: string[], password: string): Promise<string> {
  const encode = (parts: string[]) =>
    `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('redis did not answer in 5 s')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // Two replies: AUTH (OK, or an error when no password is set yet, which is fine) and the command.
      if (reply.split('\r\n').filter(Boolean).length >= 2) {
        socket.end();
        const last = reply.split('\r\n').filter(Boolean)[1] ?? '';
        if (last.startsWith('-')) reject(new Error(`redis ${args[0]} failed`));
        else resolve(last);
      }
    });
    // AUTH always goes first so there are always two replies; without a password it fails harmlessly.
    socket.write(encode(['AUTH', password || 'none']) + encode(args));
  });
}
