// Secrets on platform aws: what a platform engineer checks before trusting the shop's credentials to AWS
// Secrets Manager and the External Secrets Operator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childName } from '../meta.ts';
import { desiredGeneratedSecrets } from '../secrets.ts';
import { awsShop } from './fixtures.ts';
import {
  clusterSecretStore,
  desiredExternalSecrets,
  REFRESH_INTERVAL,
  SECRET_STORE_NAME,
  secretsManagerName,
} from './secrets.ts';

const RDS_SECRET = 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';

test('the operator generates no Secret on aws', () => {
  assert.equal(
    desiredGeneratedSecrets(awsShop(), (bytes) => 'f'.repeat(bytes * 2)),
    [],
  );
});

test('the database password comes from the secret RDS manages, URL-encoded for DATABASE_URL, once RDS reports it', () => {
  const shop = awsShop();
  assert.not.ok(
    desiredExternalSecrets(shop).some((e) => e.metadata.name === childName.postgresCredentials(shop)),
    'no ExternalSecret for the database before RDS has made its secret',
  );
  const db = desiredExternalSecrets(shop, RDS_SECRET).find(
    (e) => e.metadata.name === childName.postgresCredentials(shop),
  );
  assert.equal(db?.spec.data, [
    { secretKey: 'password', remoteRef: { key: RDS_SECRET, property: 'password' } },
  ]);
  assert.equal(db?.spec.target.template, {
    engineVersion: 'v2',
    data: { password: '{{ .password | urlquery }}' },
  });
});

test('each credential is read again every minute from the one ClusterSecretStore, into the Secret the pods read', () => {
  const shop = awsShop();
  const secrets = desiredExternalSecrets(shop, RDS_SECRET);
  assert.equal(
    secrets.map((e) => [e.spec.target.name, e.spec.data.map((d) => `${d.secretKey}←${d.remoteRef.key}`)]),
    [
      [childName.postgresCredentials(shop), [`password←${RDS_SECRET}`]],
      [childName.redisCredentials(shop), ['password←dhakacart/shop/eid-sale/redis-auth-token']],
      [childName.adminToken(shop), ['token←dhakacart/shop/eid-sale/admin-token']],
    ],
  );
  for (const e of secrets) {
    assert.is(e.apiVersion, 'external-secrets.io/v1');
    assert.is(e.metadata.name, e.spec.target.name);
    assert.is(e.metadata.ownerReferences?.[0]?.uid, shop.metadata.uid, 'goes with the shop');
    assert.is(e.spec.refreshInterval, REFRESH_INTERVAL);
    assert.equal(e.spec.secretStoreRef, { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME });
    assert.is(e.spec.target.creationPolicy, 'Owner');
  }
  assert.is(secretsManagerName(shop, 'admin-token'), 'dhakacart/shop/eid-sale/admin-token');
});

test("a user's own admin token Secret is used as it is: no ExternalSecret for it", () => {
  const shop = awsShop();
  shop.spec.api.adminTokenSecretRef = { name: 'my-token', key: 'token' };
  assert.not.ok(desiredExternalSecrets(shop).some((e) => e.metadata.name === childName.adminToken(shop)));
});

test('the ClusterSecretStore reads Secrets Manager with IRSA through a service account, no keys', () => {
  const store = clusterSecretStore('ap-south-1', { name: 'external-secrets', namespace: 'external-secrets' });
  assert.is(store.metadata?.name, SECRET_STORE_NAME);
  assert.equal(store.spec.provider, {
    aws: {
      service: 'SecretsManager',
      region: 'ap-south-1',
      auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
    },
  });
});

test.run();
