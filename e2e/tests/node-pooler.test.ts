// Database connections fit the autoscaler, on the real node: the API at its autoscaling maximum, every pod's
// pool open, together more connections than PostgreSQL's max_connections allows, under checkout load; PgBouncer
// (transaction mode, SCRAM to PostgreSQL) multiplexes them, so no checkout sees "too many connections" and
// every acknowledged order is in the database. The sizes come from operator/src/desired/connections.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_POOL_PER_POD, connectionBudget } from '../../operator/src/desired/connections.ts';
import { METRICS_PORT } from '../../operator/src/desired/deployment.ts';
import type { DhakaCartSpec } from '../../operator/src/types.ts';
import { eventually, type TestNamespace } from '../src/harness.ts';
import { byStatus, checkoutLoad } from './node-checkout-load.ts';
import {
  applyShop,
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
import { k } from './operator-support.ts';

const SHOP = 'pool';
/** The API's maximum: small enough for the one node, big enough that its pools outnumber max_connections. */
const MAX = 4;
const spec = {
  version: '1.4.0',
  ...SMALL_SHOP,
  api: {
    replicas: { min: MAX, max: MAX },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  },
};
let ns: TestNamespace;

test.before(async () => {
  try {
    ns = await realNamespace('node-pool');
    await installOperator(ns.name);
    await applyShop(ns.name, SHOP, spec);
    await waitShopReady(ns.name, SHOP, 480_000);
    await seedCatalog(ns.name, SHOP);
    await psql(ns.name, SHOP, 'update products set stock = 1000000');
  } catch (error) {
    // uvu does not print an error thrown by a hook.
    console.error('node-pooler setup failed:', error);
    throw error;
  }
});

test.after(async () => {
  await ns?.delete();
});

const apiSelector = `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`;

/**
 * Open connections of one API pod's pool, from its /metrics on the metrics port
 * (dhakacart_db_pool_connections{state="total"}).
 */
async function poolConnections(pod: string): Promise<number> {
  const metrics = await exec(ns.name, pod, [
    'node',
    '-e',
    `fetch('http://127.0.0.1:${METRICS_PORT}/metrics').then(r=>r.text()).then(t=>console.log(t))`,
  ]);
  const line = metrics.split('\n').find((l) => l.startsWith('dhakacart_db_pool_connections{state="total"}'));
  return Number(line?.split(' ')[1] ?? 0);
}

test('the API at its maximum opens more connections than PostgreSQL allows; through PgBouncer every checkout is taken', async () => {
  const budget = connectionBudget(spec as unknown as DhakaCartSpec);
  const maxConnections = Number(await psql(ns.name, SHOP, 'show max_connections'));
  assert.is(maxConnections, budget.maxConnections, 'PostgreSQL runs with the budget’s max_connections');
  assert.ok(
    MAX * API_POOL_PER_POD > maxConnections,
    `${MAX} pods × ${API_POOL_PER_POD} must exceed max_connections ${maxConnections} for this test to mean anything`,
  );
  const pods = await podNames(ns.name, apiSelector);
  assert.is(pods.length, MAX, 'the API runs at its maximum');

  const api = await serviceUrl(ns.name, `${SHOP}-api`, '/api/products');
  const products = (await (await fetch(`${api}/api/products?limit=24`)).json()) as {
    items: { id: number }[];
  };
  const load = checkoutLoad(
    api,
    products.items.map((p) => p.id),
    MAX * API_POOL_PER_POD * 3,
  );
  let peakServer = 0;
  let peakClients = 0;
  try {
    await eventually(
      `every API pod's pool open (${MAX} × ${API_POOL_PER_POD})`,
      async () => {
        const counts = await Promise.all(pods.map(poolConnections));
        const server = Number(
          await psql(
            ns.name,
            SHOP,
            "select count(*) from pg_stat_activity where backend_type = 'client backend'",
          ),
        );
        peakServer = Math.max(peakServer, server);
        peakClients = Math.max(
          peakClients,
          counts.reduce((a, b) => a + b, 0),
        );
        return counts.every((c) => c === API_POOL_PER_POD);
      },
      240_000,
    );
    await eventually('a thousand checkouts answered', async () => load.answers.length >= 1000, 300_000);
  } finally {
    await load.stop();
  }
  const answers = load.answers;
  const counts = byStatus(answers);
  assert.ok(
    peakClients > maxConnections,
    `API connections at once ${peakClients} > max_connections ${maxConnections}`,
  );
  assert.ok(peakServer <= maxConnections, `PostgreSQL client backends ${peakServer} ≤ ${maxConnections}`);
  assert.equal(Object.keys(counts), ['201'], `every checkout taken: ${JSON.stringify(counts)}`);

  const log = await k(['logs', '-n', ns.name, `${SHOP}-postgres-0`]);
  assert.not.match(log, /too many clients|remaining connection slots/, 'PostgreSQL refused a connection');

  const acknowledged = answers.flatMap((a) => (a.orderId ? [a.orderId] : []));
  const stored = new Set(
    (await psql(ns.name, SHOP, `select id from orders where customer_name = 'Load Shopper'`))
      .split('\n')
      .filter(Boolean),
  );
  assert.equal(
    acknowledged.filter((id) => !stored.has(id)),
    [],
    'acknowledged orders missing from the database',
  );
  console.log(
    `pooler: ${MAX} API pods, ${peakClients} API connections at once, at most ${peakServer} PostgreSQL client ` +
      `backends (max_connections ${maxConnections}); checkouts ${JSON.stringify(counts)}, ${stored.size} stored`,
  );
});

test('PgBouncer asks the API for a password (SCRAM), and PostgreSQL refuses host connections without one', async () => {
  const [api] = await podNames(ns.name, apiSelector);
  const script = `const net=require('node:net');const s=net.connect(6432,'${SHOP}-pgbouncer');
const user=Buffer.from('user\\0dhakacart\\0database\\0dhakacart\\0\\0');const len=Buffer.alloc(8);len.writeInt32BE(8+user.length);len.writeInt32BE(196608,4);
s.on('connect',()=>s.write(Buffer.concat([len,user])));s.on('data',d=>{console.log(d[0]===82?'auth-request:'+d.readInt32BE(5):'other:'+d[0]);s.destroy()});s.on('error',e=>console.log('error:'+e.message))`;
  // AuthenticationSASL (10) is what scram-sha-256 asks for; 0 would mean no password.
  assert.is((await exec(ns.name, api ?? '', ['node', '-e', script])).trim(), 'auth-request:10');
  const refused = await exec(ns.name, `${SHOP}-postgres-0`, [
    'sh',
    '-c',
    'psql -h 127.0.0.1 -U dhakacart -d dhakacart -w -Atc "select 1" 2>&1 || true',
  ]);
  assert.match(refused, /password/);
});

test('NetworkPolicies: the API reaches PgBouncer, not PostgreSQL directly', async () => {
  const [api] = await podNames(ns.name, apiSelector);
  const connect = (host: string, port: number) =>
    exec(ns.name, api ?? '', [
      'node',
      '-e',
      `const s=require('node:net').connect(${port},'${host}');s.setTimeout(3000);
s.on('connect',()=>{console.log('open');s.destroy()});s.on('timeout',()=>{console.log('timeout');s.destroy()});
s.on('error',e=>console.log(e.code==='ECONNREFUSED'?'refused':'error:'+e.code))`,
    ]).then((out) => out.trim());
  assert.is(await connect(`${SHOP}-pgbouncer`, 6432), 'open');
  assert.ok(
    ['refused', 'timeout'].includes(await connect(`${SHOP}-postgres`, 5432)),
    'API → PostgreSQL blocked',
  );
});

test.run();
