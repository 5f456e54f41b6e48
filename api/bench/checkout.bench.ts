// Checkout throughput: POST /api/orders on one hot product and spread over 1,000 products, beside pgbench
// running the same SQL (SELECT place_order(...), the statement the API sends) against the same PostgreSQL
// with as many connections as the API's pool. Also sells a hot product out under full load and counts any
// unit sold beyond its stock (must be 0). Budget (DESIGN.md): API ≥ 0.5 × pgbench, never oversold.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { postgresBinDir, startPostgres, startRedis } from '@dhakacart/e2e/services';
import { connectPostgres } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { seedCatalog } from '../src/db/seed.ts';
import { createLogger } from '../src/shared/logger.ts';
import { type LoadResult, load, ratio, startChild, stopChild, writeResults } from './lib.ts';

const execFileAsync = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const pool = Number(process.env.BENCH_POOL ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const customer = {
  name: 'Bench Shopper',
  phone: '01712345678',
  address: 'House 1, Road 1, Dhanmondi, Dhaka',
};

// Other work on this shared machine, before this benchmark adds its own.
const loadAtStart = Math.round((loadavg()[0] ?? 0) * 10) / 10;
const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
const scratch = mkdtempSync(join(tmpdir(), 'dhakacart-bench-'));
const db = connectPostgres(pg.url, { max: 2, logger: createLogger('silent') });
try {
  await migratePostgres(pg.url);
  await seedCatalog(db);
  const [range] = await db
    .query<{ id: number }>(
      `INSERT INTO products (slug, name_en, name_bn, price, stock, category_slug)
     SELECT 'bench-' || g, 'Bench item ' || g, 'বেঞ্চ পণ্য ' || g, 10000 + g, 100000000, 'groceries'
     FROM generate_series(1, 1000) AS g
     RETURNING id`,
    )
    .then((rows) => [{ lo: Math.min(...rows.map((r) => r.id)), hi: Math.max(...rows.map((r) => r.id)) }]);
  if (!range) throw new Error('no bench products');
  const [hot] = await db.query<{ id: number }>(
    "UPDATE products SET stock = 100000000 WHERE slug = 'miniket-rice-5-kg' RETURNING id",
  );
  if (!hot) throw new Error('no hot product');

  const api = await startChild(fileURLToPath(new URL('../src/main.ts', import.meta.url)), {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    DB_POOL_MAX: String(pool),
    CHECKOUT_RATE_LIMIT: '0',
    SHUTDOWN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
  });

  const checkout = (pickProduct: () => number, duration: number) =>
    load({
      serverPid: api.child.pid,
      url: `${api.url}/api/orders`,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify({ items: [{ productId: pickProduct(), quantity: 1 }], customer }),
          }),
        },
      ],
    });

  async function pgbench(productExpression: string): Promise<{ tps: number; latencyMs: number }> {
    const script = join(scratch, `pgbench-${randomUUID()}.sql`);
    writeFileSync(
      script,
      `\\set pid ${productExpression}\nSELECT place_order(md5(random()::text || clock_timestamp()::text), 'pgbench', '${customer.name}', '${customer.phone}', '${customer.address}', ARRAY[:pid]::int[], ARRAY[1]::int[], NULL);\n`,
    );
    const { stdout } = await execFileAsync(
      join(postgresBinDir, 'pgbench'),
      [
        '-n',
        '-c',
        String(pool),
        '-j',
        '1',
        '-T',
        String(seconds),
        '-f',
        script,
        '-h',
        '127.0.0.1',
        '-p',
        String(pg.port),
        '-U',
        'postgres',
        pg.database,
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`could not read pgbench output:\n${stdout}`);
    return { tps: Math.round(tps), latencyMs };
  }

  const spreadPick = () => range.lo + Math.floor(Math.random() * (range.hi - range.lo + 1));
  await checkout(spreadPick, 1);
  const cases: Record<
    string,
    { api: LoadResult; pgbench: { tps: number; latencyMs: number }; ratio: number }
  > = {};
  // Alternating rounds, best of each: the machine is shared, and the best round is the least disturbed one.
  for (const [name, pick, expression] of [
    ['one hot product', () => hot.id, String(hot.id)],
    ['spread over 1,000 products', spreadPick, `random(${range.lo}, ${range.hi})`],
  ] as const) {
    let apiResult: LoadResult | undefined;
    let baseline: { tps: number; latencyMs: number } | undefined;
    for (let round = 0; round < rounds; round++) {
      const apiRound = await checkout(pick, seconds);
      if (!apiResult || apiRound.rps > apiResult.rps) apiResult = apiRound;
      const pgbenchRound = await pgbench(expression);
      if (!baseline || pgbenchRound.tps > baseline.tps) baseline = pgbenchRound;
    }
    if (!apiResult || !baseline) throw new Error('no rounds ran');
    cases[name] = { api: apiResult, pgbench: baseline, ratio: ratio(apiResult.rps, baseline.tps) };
  }

  // Sell-out: a hot product with 300 units under full load for the whole run.
  const [scarce] = await db.query<{ id: number }>(
    "UPDATE products SET stock = 300 WHERE slug = 'lychee-100-pcs' RETURNING id",
  );
  if (!scarce) throw new Error('no scarce product');
  const sellOut = await checkout(() => scarce.id, Math.max(2, Math.ceil(seconds / 2)));
  const [sold] = await db.query<{ units: number; stock: number }>(
    `SELECT coalesce((SELECT sum(quantity) FROM order_items WHERE product_id = $1), 0)::int AS units,
            (SELECT stock FROM products WHERE id = $1) AS stock`,
    [scarce.id],
  );
  if (!sold) throw new Error('no sell-out figures');
  const oversold = Math.max(0, sold.units - 300) + Math.abs(300 - sold.stock - sold.units);
  await stopChild(api.child);

  const figures = {
    benchmark: 'api checkout',
    machineLoadAverageAtStart: loadAtStart,
    request: 'POST /api/orders, one line, quantity 1, a new Idempotency-Key each',
    connections,
    dbPool: pool,
    seconds,
    rounds,
    cases,
    sellOut: {
      stock: 300,
      unitsSold: sold.units,
      stockLeft: sold.stock,
      created: sellOut.statuses['201'] ?? 0,
      outOfStock: sellOut.statuses['409'] ?? 0,
      otherStatuses: Object.fromEntries(
        Object.entries(sellOut.statuses).filter(([code]) => code !== '201' && code !== '409'),
      ),
      oversold,
    },
    budget: 0.5,
    perPodCheckoutsPerSecond: cases['spread over 1,000 products']?.api.rps,
    perPodCheckoutCapacityPerCore: cases['spread over 1,000 products']?.api.perCoreCapacity,
  };
  const file = writeResults('api-checkout', figures);
  console.log(
    `checkout, ${connections} connections, API pool ${pool}, pgbench -c ${pool}, best of ${rounds} × ${seconds} s`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(cases).map(([name, c]) => [
        name,
        {
          'API req/s': c.api.rps,
          'API p50 ms': c.api.p50Ms,
          'API p99 ms': c.api.p99Ms,
          'API non-201': c.api.requests - (c.api.statuses['201'] ?? 0),
          'API CPU ms/req': c.api.serverCpuMsPerRequest,
          'API req/s per core': c.api.perCoreCapacity,
          'pgbench tps': c.pgbench.tps,
          ratio: c.ratio,
        },
      ]),
    ),
  );
  console.log(
    `sell-out of 300 units: ${sold.units} sold, ${sold.stock} left, ${figures.sellOut.created} × 201, ${figures.sellOut.outOfStock} × 409, oversold ${oversold}`,
  );
  console.log(`budget: API ≥ ${figures.budget} × pgbench, oversold = 0; figures in ${file}`);
  if (oversold !== 0) process.exitCode = 1;
} finally {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
  await Promise.all([pg.stop(), redis.stop()]);
}
