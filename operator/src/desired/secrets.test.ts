// Credentials builders: who owns the database password, which Secrets a pod reads, and the pod template hash
// that rolls pods when one of those Secrets changes.
import type { V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { referencedTokenShop, sample } from '../fixtures/shops.ts';
import { makeShop } from '../types.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from './deployment.ts';
import { childName } from './meta.ts';
import { desiredPostgresStatefulSet } from './postgres.ts';
import { desiredRedisDeployment } from './redis.ts';
import { desiredRotationJob, NEXT_PASSWORD_KEY, ROTATION_SCRIPT, rotationJobName } from './rotation-job.ts';
import {
  databaseCredentialsOwners,
  desiredGeneratedSecrets,
  SECRETS_HASH_ANNOTATION,
  secretKeysReadBy,
  secretsReadBy,
  withSecretsHash,
} from './secrets.ts';

const random = (bytes: number) => 'ab'.repeat(bytes);
const withPolicy = (deletionPolicy: string) =>
  makeShop('eid-sale', 'shop', { version: '1.4.0', database: { deletionPolicy } as never });
const hashOf = (d: V1Deployment) => d.spec?.template.metadata?.annotations?.[SECRETS_HASH_ANNOTATION];

test('the database credentials outlive the shop exactly when its volume does', () => {
  const credentials = (policy: string) =>
    desiredGeneratedSecrets(withPolicy(policy), random).find(
      (s) => s.metadata?.name === childName.postgresCredentials(sample),
    );
  assert.is(credentials('Retain')?.metadata?.ownerReferences, undefined);
  assert.is(credentials('Snapshot')?.metadata?.ownerReferences, undefined);
  assert.is(credentials('Delete')?.metadata?.ownerReferences?.[0]?.uid, sample.metadata.uid);
  assert.equal(databaseCredentialsOwners(withPolicy('Retain')), []);
  // Redis and the admin token hold no data of their own: they go with the shop whatever the policy.
  for (const s of desiredGeneratedSecrets(withPolicy('Retain'), random))
    if (s.metadata?.name !== childName.postgresCredentials(sample))
      assert.is(s.metadata?.ownerReferences?.[0]?.uid, sample.metadata.uid, s.metadata?.name);
});

test('secretsReadBy names every Secret a workload reads, and none for one that reads none', () => {
  assert.equal(secretsReadBy(desiredApiDeployment(sample, '1.4.0')), [
    childName.adminToken(sample),
    childName.postgresCredentials(sample),
    childName.redisCredentials(sample),
  ]);
  assert.equal(secretsReadBy(desiredApiDeployment(referencedTokenShop, '1.4.0')), [
    'admin-token',
    childName.postgresCredentials(referencedTokenShop),
    childName.redisCredentials(referencedTokenShop),
  ]);
  assert.equal(secretsReadBy(desiredRedisDeployment(sample)), [childName.redisCredentials(sample)]);
  assert.equal(secretsReadBy(desiredStorefrontDeployment(sample, '1.4.0')), []);
});

test('a change to any Secret a Deployment reads changes its pod template; other Secrets do not', () => {
  const data = new Map<string, Record<string, string>>([
    [childName.postgresCredentials(sample), { username: 'ZGhha2FjYXJ0', password: 'b2xk' }],
    [childName.redisCredentials(sample), { password: 'cg==' }],
    [childName.adminToken(sample), { token: 'dA==' }],
  ]);
  const api = desiredApiDeployment(sample, '1.4.0');
  const before = hashOf(withSecretsHash(api, data));
  assert.match(before ?? '', /^[0-9a-f]{16}$/);
  assert.is(hashOf(withSecretsHash(api, new Map(data))), before, 'same data, same hash');

  const rotated = new Map(data).set(childName.postgresCredentials(sample), {
    username: 'ZGhha2FjYXJ0',
    password: 'bmV3',
  });
  assert.is.not(hashOf(withSecretsHash(api, rotated)), before);
  // A key no pod reads (the next password while a rotation runs) rolls nothing: pods roll once per rotation.
  const pending = new Map(data).set(childName.postgresCredentials(sample), {
    username: 'ZGhha2FjYXJ0',
    password: 'b2xk',
    [NEXT_PASSWORD_KEY]: 'bmV3',
  });
  assert.is(hashOf(withSecretsHash(api, pending)), before, 'next-password alone changes nothing');
  const token = new Map(data).set(childName.adminToken(sample), { token: 'dTI=' });
  assert.is.not(hashOf(withSecretsHash(api, token)), before);

  const redis = desiredRedisDeployment(sample);
  assert.is(hashOf(withSecretsHash(redis, rotated)), hashOf(withSecretsHash(redis, data)));
  assert.is(hashOf(withSecretsHash(desiredStorefrontDeployment(sample, '1.4.0'), data)), undefined);
  // The builder's own object is left as it was (builders stay pure).
  assert.is(hashOf(api), undefined);
});

test('secretKeysReadBy: one key per secretKeyRef, every key for envFrom and a whole volume, the listed items', () => {
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      selector: {},
      template: {
        spec: {
          containers: [
            {
              name: 'c',
              env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'a', key: 'password' } } }],
              envFrom: [{ secretRef: { name: 'b' } }],
            },
          ],
          volumes: [
            { name: 'v', secret: { secretName: 'c', items: [{ key: 'tls.crt', path: 'crt' }] } },
            { name: 'w', secret: { secretName: 'a' } },
            { name: 'x', secret: { secretName: 'd', items: [{ key: 'one', path: '1' }] } },
          ],
        },
      },
    },
  };
  assert.equal(
    secretKeysReadBy(deployment),
    new Map<string, Set<string> | 'all'>([
      ['a', 'all'],
      ['b', 'all'],
      ['c', new Set(['tls.crt'])],
      ['d', new Set(['one'])],
    ]),
  );
  const data = new Map([['c', { 'tls.crt': 'eA==', 'tls.key': 'eQ==' }]]);
  const hashOfC = (d: Map<string, Record<string, string>>) =>
    withSecretsHash(deployment, d).spec?.template.metadata?.annotations?.[SECRETS_HASH_ANNOTATION];
  assert.is(hashOfC(new Map([['c', { 'tls.crt': 'eA==', 'tls.key': 'eg==' }]])), hashOfC(data));
  assert.is.not(hashOfC(new Map([['c', { 'tls.crt': 'eg==', 'tls.key': 'eQ==' }]])), hashOfC(data));
});

test('PostgreSQL is not restarted for a new password: it reads one only when it initialises', () => {
  const statefulSet = desiredPostgresStatefulSet(sample);
  const stamped = withSecretsHash(
    statefulSet,
    new Map([[childName.postgresCredentials(sample), { a: 'b' }]]),
  );
  assert.equal(stamped, statefulSet);
});

test('the rotation Job: one per request, reaches PostgreSQL as the migration does, passwords only from the Secret', () => {
  const job = desiredRotationJob(sample, '2026-12-01');
  assert.is(job.metadata?.name, rotationJobName(sample, '2026-12-01'));
  assert.is.not(rotationJobName(sample, 'again'), job.metadata?.name);
  const pod = job.spec?.template;
  assert.is(pod?.metadata?.labels?.['app.kubernetes.io/component'], 'migration');
  assert.is(job.metadata?.labels?.['app.kubernetes.io/component'], undefined);
  const env = Object.fromEntries((pod?.spec?.containers[0]?.env ?? []).map((e) => [e.name, e]));
  assert.is(env.PGHOST?.value, childName.postgres(sample));
  assert.equal(env.OLD_PASSWORD?.valueFrom?.secretKeyRef, {
    name: childName.postgresCredentials(sample),
    key: 'password',
  });
  assert.equal(env.NEW_PASSWORD?.valueFrom?.secretKeyRef, {
    name: childName.postgresCredentials(sample),
    key: NEXT_PASSWORD_KEY,
  });
  assert.not.match(JSON.stringify(job), 'abab');
  assert.match(ROTATION_SCRIPT, 'ALTER ROLE');
  // It waits for PostgreSQL to answer before the first login: a new pod is admitted by the NetworkPolicy late.
  assert.ok(ROTATION_SCRIPT.indexOf('pg_isready') < ROTATION_SCRIPT.indexOf('psql'));
  assert.is(pod?.spec?.securityContext?.runAsNonRoot, true);
});

test.run();
