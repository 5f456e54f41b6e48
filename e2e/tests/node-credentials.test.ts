// Credentials never change under data that keeps the old ones, on real pods with password (scram-sha-256)
// authentication: a shop deleted and re-created under deletionPolicy Retain logs in to its kept database with
// the kept password; a deleted credentials Secret is reported, not generated again, and restoring it heals
// the shop; a deliberate rotation (behind PgBouncer) changes the password in PostgreSQL, refuses the old one,
// rolls the API and PgBouncer pods, and purchases still land.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import {
  applyShop,
  buyOneProduct,
  condition,
  exec,
  installOperator,
  podNames,
  psql,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { eventsAbout, getJson, k } from './operator-support.ts';

const SHOP = 'tala';
const SPEC = { version: '1.4.0', ...SMALL_SHOP, database: { storage: '1Gi', deletionPolicy: 'Retain' } };
const CREDENTIALS = `${SHOP}-postgres-credentials`;
const API_PODS = `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`;
const POOLER_PODS = `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=pgbouncer`;
let ns: TestNamespace;

interface Secret {
  metadata: { uid: string; annotations?: Record<string, string>; ownerReferences?: unknown[] };
  data: Record<string, string>;
}
const secret = () => getJson<Secret>(['get', 'secret', CREDENTIALS, '-n', ns.name]);
const password = async () => Buffer.from((await secret()).data.password ?? '', 'base64').toString();
const orders = async () => Number(await psql(ns.name, SHOP, 'SELECT count(*) FROM orders'));

/** Logs in to PostgreSQL over TCP (scram-sha-256, as the API does) with `pw`; resolves psql's answer. */
const loginWith = (pw: string) =>
  exec(ns.name, `${SHOP}-postgres-0`, [
    'env',
    `PGPASSWORD=${pw}`,
    'psql',
    '-h',
    '127.0.0.1',
    '-U',
    'dhakacart',
    '-d',
    'dhakacart',
    '-Atc',
    'SELECT 1',
  ]);

async function purchaseLands(customer: string): Promise<void> {
  const before = await orders();
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
  await buyOneProduct(storefront, customer, `node-credentials-${customer.split(' ')[0]}`);
  assert.is(await orders(), before + 1, 'the order is in the database');
}

test.before(async () => {
  ns = await realNamespace('node-creds');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, SPEC);
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
});

test.after(async () => {
  await ns?.delete();
});

test('the database authenticates with scram-sha-256 over TCP: the right password logs in, a wrong one is refused', async () => {
  assert.is(
    (
      await psql(ns.name, SHOP, "SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = 'dhakacart'")
    ).trim(),
    'SCRAM-SHA-256',
  );
  assert.is((await loginWith(await password())).trim(), '1');
  await loginWith('not-the-password').then(
    () => assert.unreachable('a wrong password logged in'),
    (error: Error) => assert.match(error.message, 'password authentication failed'),
  );
});

test('deleted and re-created under deletionPolicy Retain: the kept credentials are used, the API serves, a purchase lands', async () => {
  await purchaseLands('Rahim Before');
  const kept = await secret();
  assert.is(kept.metadata.ownerReferences, undefined, 'the credentials carry no owner under Retain');
  await k(['delete', 'dhakacart', SHOP, '-n', ns.name, '--wait=true', '--timeout=120s']);
  await eventually(
    'the old shop pods to be gone',
    async () => (await podNames(ns.name, `app.kubernetes.io/instance=${SHOP}`)).length === 0,
    180_000,
  );
  const after = await secret();
  assert.is(after.metadata.uid, kept.metadata.uid, 'the credentials Secret outlived the shop');
  await k(['get', 'pvc', `data-${SHOP}-postgres-0`, '-n', ns.name]);

  await applyShop(ns.name, SHOP, SPEC);
  await waitShopReady(ns.name, SHOP, 420_000);
  assert.equal((await secret()).data, kept.data, 'the same password, not a new one');
  assert.ok((await orders()) >= 1, 'the kept database still has the order');
  await purchaseLands('Karim After');
});

test('a deleted credentials Secret over an existing database is reported, not generated again; restoring it heals the shop', async () => {
  const saved = await secret();
  const apiPods = (await podNames(ns.name, API_PODS)).sort();
  await k(['delete', 'secret', CREDENTIALS, '-n', ns.name]);
  const reported = await eventually(
    'Ready=False with reason CredentialsMissing',
    async () => {
      const shop = await getJson<Parameters<typeof condition>[0]>(['get', 'dhakacart', SHOP, '-n', ns.name]);
      return condition(shop, 'Ready')?.reason === 'CredentialsMissing' ? shop : undefined;
    },
    60_000,
  );
  assert.is(condition(reported, 'Ready')?.status, 'False');
  assert.match(condition(reported, 'Ready')?.message ?? '', `Secret ${CREDENTIALS}`);
  assert.is(condition(reported, 'Degraded')?.reason, 'CredentialsMissing');
  assert.match(await eventsAbout(ns.name, SHOP, 'CredentialsMissing'), 'is missing');
  // Reported in the same pass that would have generated it: it was not.
  await k(['get', 'secret', CREDENTIALS, '-n', ns.name]).then(
    () => assert.unreachable('the credentials were generated again'),
    (error: Error) => assert.match(error.message, 'NotFound'),
  );
  // Nothing breaks meanwhile: the running API pods are left alone and keep serving.
  const storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
  assert.ok((await fetch(`${storefront}/api/products`)).ok, 'the catalog is served through the API');
  assert.equal((await podNames(ns.name, API_PODS)).sort(), apiPods);

  // docs/credentials.md: re-create the Secret with the password the database has.
  await k(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: CREDENTIALS,
        namespace: ns.name,
        labels: { 'app.kubernetes.io/managed-by': 'dhakacart-operator', 'dhakacart.io/shop': SHOP },
      },
      data: saved.data,
    }),
  );
  await waitShopReady(ns.name, SHOP, 120_000);
  assert.equal((await podNames(ns.name, API_PODS)).sort(), apiPods, 'the same data rolls nothing');
});

test('a rotation changes the password in PostgreSQL, refuses the old one, rolls the API and PgBouncer pods, and a purchase lands', async () => {
  const old = await password();
  const apiPods = await podNames(ns.name, API_PODS);
  const poolerPods = await podNames(ns.name, POOLER_PODS);
  await k(['annotate', 'dhakacart', SHOP, '-n', ns.name, 'dhakacart.io/rotate-database-password=first']);
  const outcome = await eventually(
    'the rotation to complete or fail',
    async () => {
      if ((await secret()).metadata.annotations?.['dhakacart.io/rotated-for'] === 'first') return 'completed';
      const shop = await getJson<Parameters<typeof condition>[0]>(['get', 'dhakacart', SHOP, '-n', ns.name]);
      const ready = condition(shop, 'Ready');
      return ready?.reason === 'RotationFailed' ? ready.message : undefined;
    },
    240_000,
  );
  assert.is(outcome, 'completed', 'the rotation completed');
  const now = await password();
  assert.is.not(now, old);
  assert.is((await secret()).data['next-password'], undefined);
  assert.is((await loginWith(now)).trim(), '1');
  await loginWith(old).then(
    () => assert.unreachable('the old password still logs in'),
    (error: Error) => assert.match(error.message, 'password authentication failed'),
  );
  await eventually(
    'every API pod replaced',
    async () => {
      const current = await podNames(ns.name, API_PODS);
      return current.length > 0 && current.every((p) => !apiPods.includes(p));
    },
    300_000,
  );
  // PgBouncer logs in to PostgreSQL with the password from the same Secret: its pods are replaced too, so
  // every new server connection uses the new password.
  await eventually(
    'every PgBouncer pod replaced',
    async () => {
      const current = await podNames(ns.name, POOLER_PODS);
      return current.length > 0 && current.every((p) => !poolerPods.includes(p));
    },
    300_000,
  );
  await waitShopReady(ns.name, SHOP, 300_000);
  assert.match(await eventsAbout(ns.name, SHOP, 'CredentialsRotated'), 'Changed the database password');
  await purchaseLands('Salma Rotated');
});

test.run();
