// Checkout throughput: POST /api/orders on one hot product and spread over 1,000 products, beside pgbench
// running the same SQL the API sends for a checkout (its one statement, SELECT … FROM place_order(…), as a
// prepared statement in its own transaction, like the API's pool) against the same PostgreSQL with as many
// connections as the API's pool has at the size the operator gives API pods. Each case runs on a quiet
// machine and on a busy one (a child process spinning on a core beside it, as a neighbour pod would).
// Beside both, a second baseline: a bare node:http + pg server sending the same statement (bare-checkout-
// server.ts), the cost of one HTTP hop in Node without any of the API's work, so the API's own overhead
// (API ÷ bare) is told apart from the hop's (bare ÷ pgbench).
// Where the time goes: every run reads the CPU spent per order by PostgreSQL, by the server and by the rest
// of the machine, and how many cores were busy; quiet cases get the ratio's CPU ceiling (pgbench's CPU per
// transaction ÷ the server run's CPU per order), the most any server can reach when pgbench keeps every core
// busy on these cores.
// Also sells a hot product out under full load and counts any unit sold beyond its stock (must be 0).
// Goal (issue 14): API ≥ 0.8 × pgbench, quiet and busy; never oversold.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { postgresBinDir, startPostgres, startRedis } from '@dhakacart/e2e/services';
import { desiredChildren } from '../../operator/src/desired/children.ts';
import { sample } from '../../operator/src/fixtures/shops.ts';
import { loadConfig } from '../src/config.ts';
import { connectPostgres } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { seedCatalog } from '../src/db/seed.ts';
import { createLogger } from '../src/shared/logger.ts';
import {
  childProcesses,
  type LoadResult,
  load,
  machineBusyMs,
  parentPid,
  processCpuMs,
  processTreeCpuMs,
  ratio,
  startChild,
  stopChild,
  writeResults,
} from './lib.ts';

const execFileAsync = promisify(execFile);

/**
 * Where one run's CPU went, in ms per order (a checkout, or a pgbench transaction), over the whole machine:
 * PostgreSQL (every backend), the HTTP server process, and the rest (the load client and anything else
 * running, the spinner in busy cases). busyCores: the machine's busy CPU time ÷ the run's wall time.
 */
interface CpuSplit {
  postgres: number;
  server: number;
  rest: number;
  total: number;
  busyCores: number;
}

interface PgbenchResult {
  tps: number;
  latencyMs: number;
  cpu: CpuSplit;
}
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

/**
 * DB_POOL_MAX of an API pod as the operator renders it (its ConfigMap or the container's env), else the API's
 * own default: the pool every API pod really runs with.
 */
function operatorPoolSize(): { size: number; from: string } {
  for (const child of desiredChildren(sample, { apiVersion: '1.4.0' })) {
    const object = child as {
      kind?: string;
      data?: Record<string, string>;
      spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } };
    };
    const fromConfigMap = object.kind === 'ConfigMap' ? object.data?.DB_POOL_MAX : undefined;
    const fromEnv =
      object.kind === 'Deployment'
        ? object.spec?.template?.spec?.containers?.[0]?.env?.find((e) => e.name === 'DB_POOL_MAX')?.value
        : undefined;
    const value = fromConfigMap ?? fromEnv;
    if (value) return { size: Number(value), from: `operator: ${object.kind} DB_POOL_MAX` };
  }
  return { size: loadConfig({}).dbPoolMax, from: 'API default DB_POOL_MAX (the operator does not set it)' };
}
const operatorPool = operatorPoolSize();
const pool = Number(process.env.BENCH_POOL ?? operatorPool.size);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** A folder for a V8 CPU profile of the API over the whole run (`--cpu-prof`), to see where its time goes. */
const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR;
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

  const api = await startChild(
    fileURLToPath(new URL('../src/main.ts', import.meta.url)),
    {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      DB_POOL_MAX: String(pool),
      CHECKOUT_RATE_LIMIT: '0',
      SHUTDOWN_DELAY_MS: '0',
      LOG_LEVEL: 'info',
    },
    cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [],
  );

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

  // Throughput load comes from wrk (C, one thread, like pgbench -j 1): autocannon is JavaScript and spends about
  // half a millisecond of CPU per request itself, on the same two cores as the API — that is the load
  // generator's cost, which pgbench's C client does not carry. Each request a new Idempotency-Key.
  const wrkScript = join(scratch, 'checkout.lua');
  writeFileSync(
    wrkScript,
    `local prefix, lo, hi, n = "", 0, 0, 0
local customer = '"customer":${JSON.stringify(customer).replaceAll("'", "\\'")}'
function init(args)
  prefix, lo, hi = args[1], tonumber(args[2]), tonumber(args[3])
  math.randomseed(tonumber(args[4]))
end
function request()
  n = n + 1
  local body = '{"items":[{"productId":' .. math.random(lo, hi) .. ',"quantity":1}],' .. customer .. '}'
  return wrk.format("POST", "/api/orders", {["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. "-" .. n}, body)
end
`,
  );
  // Where the CPU goes: PostgreSQL's postmaster (the parent of any backend) counts every backend's time.
  const [backend] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  if (!backend) throw new Error('no backend pid');
  const postmaster = parentPid(backend.pid);
  /**
   * Waits (at most 5 s) until PostgreSQL has no more backends than `count` and none unreaped: pgbench's
   * backends exit as it ends, and their CPU time only reaches the postmaster's counters once reaped.
   */
  const backendsSettled = async (count: number) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const children = childProcesses(postmaster);
      if ((children.zombies === 0 && children.count <= count) || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const counters = (serverPid: number | undefined) => ({
    at: performance.now(),
    machine: machineBusyMs(),
    postgres: processTreeCpuMs(postmaster),
    server: serverPid ? processCpuMs(serverPid) : 0,
  });
  /** The CPU one run spent per order, split between PostgreSQL, the HTTP server and everything else. */
  const cpuSplit = (
    before: ReturnType<typeof counters>,
    after: ReturnType<typeof counters>,
    orders: number,
  ): CpuSplit => {
    const per = (ms: number) => Math.round((ms / orders) * 1000) / 1000;
    const machine = after.machine - before.machine;
    const postgres = after.postgres - before.postgres;
    const server = after.server - before.server;
    return {
      postgres: per(postgres),
      server: per(server),
      rest: per(Math.max(0, machine - postgres - server)),
      total: per(machine),
      busyCores: Math.round((machine / (after.at - before.at)) * 100) / 100,
    };
  };

  const bare = await startChild(fileURLToPath(new URL('./bare-checkout-server.ts', import.meta.url)), {
    DATABASE_URL: pg.url,
    DB_POOL_MAX: String(pool),
  });

  async function wrkCheckout(
    server: { url: string; child: ChildProcess },
    lo: number,
    hi: number,
    duration: number,
  ): Promise<LoadResult & { cpu: CpuSplit }> {
    const before = counters(server.child.pid);
    const { stdout } = await execFileAsync('wrk', [
      '-t1',
      `-c${connections}`,
      `-d${duration}s`,
      '--latency',
      '-s',
      wrkScript,
      `${server.url}/api/orders`,
      '--',
      randomUUID(),
      String(lo),
      String(hi),
      String(Math.floor(Math.random() * 1e9)),
    ]);
    const after = counters(server.child.pid);
    const cpuMs = after.server - before.server;
    const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const notOk = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
      .exec(stdout)
      ?.slice(1)
      .reduce((sum, x) => sum + Number(x), 0);
    const ms = (label: string) => {
      const match = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
      if (!match) return Number.NaN;
      const factor = match[2] === 'us' ? 0.001 : match[2] === 's' ? 1000 : 1;
      return Math.round(Number(match[1]) * factor * 10) / 10;
    };
    if (!Number.isFinite(rps)) throw new Error(`could not read wrk output:\n${stdout}`);
    return {
      rps: Math.round(rps),
      p50Ms: ms('50'),
      p99Ms: ms('99'),
      requests,
      // wrk counts answers outside 2xx/3xx; every 2xx here is a 201 (the API has no other success status).
      statuses: { '201': requests - notOk, ...(notOk ? { other: notOk } : {}) },
      errors: socketErrors ?? 0,
      serverCpuMsPerRequest: Math.round((cpuMs / requests) * 1000) / 1000,
      perCoreCapacity: cpuMs > 0 ? Math.round((requests * 1000) / cpuMs) : undefined,
      cpu: cpuSplit(before, after, requests),
    };
  }

  // The API's own statement (api/src/orders/service.ts), the key drawn fresh per transaction as the API's
  // clients do, sent as a prepared statement (the API names it, so each pooled connection prepares it once).
  async function pgbench(productExpression: string): Promise<PgbenchResult> {
    const script = join(scratch, `pgbench-${randomUUID()}.sql`);
    writeFileSync(
      script,
      [
        `\\set pid ${productExpression}`,
        '\\set k random(1, 1000000000000000)',
        `SELECT r->>'outcome' AS outcome, (r->'order')::text AS "order" FROM place_order('pgbench-' || :client_id::text || '-' || :k::text, 'pgbench', '${customer.name}', '+8801712345678', '${customer.address}', ARRAY[:pid]::int[], ARRAY[1]::int[], NULL::uuid) AS r;`,
        '',
      ].join('\n'),
    );
    const backends = childProcesses(postmaster).count;
    const before = counters(undefined);
    const { stdout } = await execFileAsync(
      join(postgresBinDir, 'pgbench'),
      ['-n', '-M', 'prepared', '-c', String(pool), '-j', '1', '-T', String(seconds), '-f', script],
      { env: { PATH: process.env.PATH ?? '', ...pg.clientEnv } },
    );
    await backendsSettled(backends);
    const after = counters(undefined);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    if (!Number.isFinite(tps) || failed > 0) throw new Error(`pgbench did not run cleanly:\n${stdout}`);
    return { tps: Math.round(tps), latencyMs, cpu: cpuSplit(before, after, transactions) };
  }

  /** A neighbour that keeps one core busy: a child process spinning until it is killed. */
  function startSpinner(): ChildProcess {
    return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  }

  await wrkCheckout(api, range.lo, range.hi, 1);
  await wrkCheckout(bare, range.lo, range.hi, 1);
  await pgbench(`random(${range.lo}, ${range.hi})`);
  type Case = {
    api: LoadResult & { cpu: CpuSplit };
    bare: LoadResult & { cpu: CpuSplit };
    pgbench: PgbenchResult;
    /** API ÷ pgbench: the goal. */
    ratio: number;
    /** bare node:http + pg ÷ pgbench: what one HTTP hop in Node leaves of pgbench's rate. */
    bareRatio: number;
    /** API ÷ bare: what the API's own work (validation, middleware, metrics) leaves of the bare rate. */
    apiToBare: number;
    /**
     * Quiet cases only: pgbench's CPU per transaction ÷ the API's CPU per order, both over the whole machine.
     * When pgbench keeps every core busy (pgbench.cpu.busyCores ≈ the core count), this is the most the API
     * can reach on these cores however its time is spent waiting: the ratio's CPU ceiling.
     */
    cpuCeiling?: number;
    /** The same for the bare node:http + pg server. */
    bareCpuCeiling?: number;
  };
  const cases: Record<string, Case> = {};
  // Alternating rounds, best of each: the machine is shared, and the best round is the least disturbed one.
  for (const machine of ['quiet', 'busy'] as const) {
    const spinner = machine === 'busy' ? startSpinner() : undefined;
    try {
      for (const [name, lo, hi, expression] of [
        ['one hot product', hot.id, hot.id, String(hot.id)],
        ['spread over 1,000 products', range.lo, range.hi, `random(${range.lo}, ${range.hi})`],
      ] as const) {
        let apiResult: (LoadResult & { cpu: CpuSplit }) | undefined;
        let bareResult: (LoadResult & { cpu: CpuSplit }) | undefined;
        let baseline: PgbenchResult | undefined;
        for (let round = 0; round < rounds; round++) {
          const apiRound = await wrkCheckout(api, lo, hi, seconds);
          if (!apiResult || apiRound.rps > apiResult.rps) apiResult = apiRound;
          const bareRound = await wrkCheckout(bare, lo, hi, seconds);
          if (!bareResult || bareRound.rps > bareResult.rps) bareResult = bareRound;
          const pgbenchRound = await pgbench(expression);
          if (!baseline || pgbenchRound.tps > baseline.tps) baseline = pgbenchRound;
        }
        if (!apiResult || !bareResult || !baseline) throw new Error('no rounds ran');
        cases[`${name}, ${machine}`] = {
          api: apiResult,
          bare: bareResult,
          pgbench: baseline,
          ratio: ratio(apiResult.rps, baseline.tps),
          bareRatio: ratio(bareResult.rps, baseline.tps),
          apiToBare: ratio(apiResult.rps, bareResult.rps),
          ...(machine === 'quiet'
            ? {
                cpuCeiling: ratio(baseline.cpu.total, apiResult.cpu.total),
                bareCpuCeiling: ratio(baseline.cpu.total, bareResult.cpu.total),
              }
            : {}),
        };
      }
    } finally {
      if (spinner) await stopChild(spinner);
    }
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
  await Promise.all([stopChild(api.child, cpuProfileDir ? 'SIGTERM' : 'SIGKILL'), stopChild(bare.child)]);

  const figures = {
    benchmark: 'api checkout',
    machineLoadAverageAtStart: loadAtStart,
    request:
      'POST /api/orders, one line, quantity 1, a new Idempotency-Key each (wrk -t1; the sell-out with autocannon)',
    bare: 'node:http + pg with the same pool and named statement, no validation or middleware (bare-checkout-server.ts)',
    connections,
    dbPool: pool,
    dbPoolFrom: operatorPool.from,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    measuredAt: new Date().toISOString(),
    busy: 'a child process spinning (for (;;) {}) beside the benchmark during the busy cases',
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
    goal: 0.8,
    goalMet: Object.values(cases).every((c) => c.ratio >= 0.8),
    perPodCheckoutsPerSecond: cases['spread over 1,000 products, quiet']?.api.rps,
    perPodCheckoutCapacityPerCore: cases['spread over 1,000 products, quiet']?.api.perCoreCapacity,
  };
  const file = writeResults('api-checkout', figures);
  console.log(
    `checkout, ${connections} connections, API pool ${pool} (${operatorPool.from}), pgbench -M prepared -c ${pool}, best of ${rounds} × ${seconds} s, load average at start ${loadAtStart}`,
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
          'bare req/s': c.bare.rps,
          'bare CPU ms/req': c.bare.serverCpuMsPerRequest,
          'pgbench tps': c.pgbench.tps,
          'API/pgbench': c.ratio,
          'bare/pgbench': c.bareRatio,
          'API/bare': c.apiToBare,
          'API CPU ceiling': c.cpuCeiling ?? '—',
          'bare CPU ceiling': c.bareCpuCeiling ?? '—',
        },
      ]),
    ),
  );
  console.log(
    'where the CPU went, ms per order (PostgreSQL / HTTP server / rest: load client, neighbours; busy cores):',
  );
  console.table(
    Object.fromEntries(
      Object.entries(cases).flatMap(([name, c]) =>
        (['api', 'bare', 'pgbench'] as const).map((who) => {
          const cpu = c[who].cpu;
          return [
            `${name}: ${who}`,
            {
              PostgreSQL: cpu.postgres,
              server: cpu.server,
              rest: cpu.rest,
              total: cpu.total,
              'busy cores': cpu.busyCores,
            },
          ];
        }),
      ),
    ),
  );
  console.log(
    `sell-out of 300 units: ${sold.units} sold, ${sold.stock} left, ${figures.sellOut.created} × 201, ${figures.sellOut.outOfStock} × 409, oversold ${oversold}`,
  );
  console.log(
    `goal: API ≥ ${figures.goal} × pgbench quiet and busy: ${figures.goalMet ? 'met' : 'NOT met'}; oversold = 0; figures in ${file}`,
  );
  if (oversold !== 0) process.exitCode = 1;
} finally {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
  await Promise.all([pg.stop(), redis.stop()]);
}
