// Off-site snapshots on the real node: a shop whose snapshots go to an S3-compatible bucket (versitygw, a
// real S3 server on the host, reached by the snapshot Job's pod at the node's address through the shop's
// NetworkPolicy), orders placed, a snapshot taken by pg_dump and rclone in a pod; then the whole namespace is
// deleted (the database volume and the backups volume go with it), the snapshot is still in the bucket, and
// a shop in a new namespace is restored from it with every order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace } from '../src/harness.ts';
import { NODE_IP } from '../src/node-network.ts';
import { type S3Server, startS3Server } from '../src/s3-server.ts';
import {
  applyShop,
  installOperator,
  psql,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson, k } from './operator-support.ts';

const SOURCE = 'bazar';
const RESTORED = 'bazar-again';
const ORDERS = 3;
const PREFIX = 'shops/bazar';
let s3: S3Server;
let first: TestNamespace | undefined;
let second: TestNamespace | undefined;

const offsite = () => ({
  endpoint: s3.endpoint,
  bucket: s3.bucket,
  prefix: PREFIX,
  credentialsSecretRef: { name: 's3-keys' },
});

const spec = (database: Record<string, unknown>) => ({
  version: '1.4.0',
  ...SMALL_SHOP,
  api: { ...SMALL_SHOP.api, replicas: { min: 1, max: 2 } },
  database: {
    storage: '1Gi',
    deletionPolicy: 'Retain',
    backup: { snapshots: { schedule: '0 0 1 1 *', keep: 3 }, offsite: offsite() },
    ...database,
  },
});

/** The bucket's keys, as a user would hand them to the shop: a Secret in the shop's namespace. */
const keysSecret = (namespace: string) =>
  k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3-keys', namespace },
      stringData: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    }),
  );

test.before(async () => {
  s3 = await startS3Server({ host: NODE_IP });
  first = await realNamespace('node-off');
  await installOperator(first.name);
  await keysSecret(first.name);
  await applyShop(first.name, SOURCE, spec({}));
  await waitShopReady(first.name, SOURCE, 420_000);
  await seedCatalog(first.name, SOURCE);
});

test.after(async () => {
  await first?.delete();
  await second?.delete();
  await s3?.stop();
});

test('a snapshot sent off-site survives the deletion of its namespace and restores into a new shop elsewhere', async () => {
  const ns = first?.name ?? '';
  const storefront = await serviceUrl(ns, `${SOURCE}-storefront`, '/api/products');
  const products = (await (await fetch(`${storefront}/api/products`)).json()) as {
    items: { id: number; stock: number }[];
  };
  const product = products.items.find((p) => p.stock > ORDERS);
  assert.ok(product, 'a product in stock');
  for (let i = 0; i < ORDERS; i++) {
    const res = await fetch(`${storefront}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `offsite-test-${i}` },
      body: JSON.stringify({
        items: [{ productId: product?.id, quantity: 1 }],
        customer: { name: `Offsite ${i}`, phone: '01712345678', address: 'House 3, Road 4, Uttara, Dhaka' },
      }),
    });
    assert.is(res.status, 201, await res.text());
  }

  await k(['annotate', 'dc', SOURCE, '-n', ns, `dhakacart.io/snapshot-request=${Date.now()}`, '--overwrite']);
  const snapshot = await eventually(
    'a successful snapshot',
    async () => {
      const shop = await getJson<{
        status?: { backups?: { lastSnapshot?: string; count?: number; lastFailureMessage?: string } };
      }>(['get', 'dc', SOURCE, '-n', ns]);
      const backups = shop.status?.backups;
      if (backups?.lastFailureMessage) throw new Error(`the snapshot failed: ${backups.lastFailureMessage}`);
      return (backups?.count ?? 0) >= 1 ? backups?.lastSnapshot : undefined;
    },
    300_000,
  );
  const files = [`${snapshot}.dump`, `${snapshot}.manifest`, `${snapshot}.sha256`].map(
    (f) => `${PREFIX}/${f}`,
  );
  assert.equal(await s3.list(PREFIX), files, 'the snapshot’s three files are in the bucket');

  // The namespace goes, and with it the shop, its database volume and its backups volume.
  await k(['delete', 'namespace', ns, '--wait=true', '--timeout=300s']);
  first = undefined;
  assert.equal(await s3.list(PREFIX), files, 'the bucket still holds the snapshot');

  second = await realNamespace('node-off2');
  await installOperator(second.name);
  await keysSecret(second.name);
  await applyShop(second.name, RESTORED, spec({ restore: { fromSnapshot: snapshot } }));
  await waitShopReady(second.name, RESTORED, 420_000);
  const restore = await getJson<{ status?: { restore?: { phase?: string; message?: string } } }>([
    'get',
    'dc',
    RESTORED,
    '-n',
    second.name,
  ]);
  assert.is(restore.status?.restore?.phase, 'Succeeded', restore.status?.restore?.message);
  const names = await psql(second.name, RESTORED, 'select customer_name from orders order by customer_name');
  assert.equal(
    names.trim().split('\n'),
    Array.from({ length: ORDERS }, (_, i) => `Offsite ${i}`),
  );
});

test.run();
