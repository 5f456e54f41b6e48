// Catalog read throughput: GET /api/products (a 24-product page, served from the cache as a pod does under
// load) beside a bare node:http server sending the same bytes, same run, same load generator.
// Budget (DESIGN.md): API ≥ 0.5 × bare.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, startRedis } from '@dhakacart/e2e/services';
import { connectPostgres } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { seedCatalog } from '../src/db/seed.ts';
import { createLogger } from '../src/shared/logger.ts';
import { type LoadResult, load, ratio, startChild, stopChild, writeResults } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const path = '/api/products?limit=24&category=groceries';
const row = (r: LoadResult) => ({
  'req/s': r.rps,
  'p50 ms': r.p50Ms,
  'p99 ms': r.p99Ms,
  errors: r.errors,
  'server CPU ms/req': r.serverCpuMsPerRequest,
  'req/s per core': r.perCoreCapacity,
});

// Other work on this shared machine, before this benchmark adds its own.
const loadAtStart = Math.round((loadavg()[0] ?? 0) * 10) / 10;
const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
const scratch = mkdtempSync(join(tmpdir(), 'dhakacart-bench-'));
try {
  await migratePostgres(pg.url);
  const db = connectPostgres(pg.url, { max: 2, logger: createLogger('silent') });
  await seedCatalog(db);
  await db.close();

  const api = await startChild(fileURLToPath(new URL('../src/main.ts', import.meta.url)), {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    SHUTDOWN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
  });
  const body = Buffer.from(await (await fetch(`${api.url}${path}`)).arrayBuffer());
  const bodyFile = join(scratch, 'body.json');
  writeFileSync(bodyFile, body);
  const bare = await startChild(fileURLToPath(new URL('./bare-server.ts', import.meta.url)), {
    BODY_FILE: bodyFile,
  });

  const run = (url: string, duration: number) =>
    load({
      url: `${url}${path}`,
      connections,
      duration,
      serverPid: (url === api.url ? api : bare).child.pid,
    });
  await run(bare.url, 1);
  await run(api.url, 1);
  // Alternating rounds, best of each: the machine is shared, and the best round is the least disturbed one.
  const best = (a: LoadResult | undefined, b: LoadResult) => (a && a.rps >= b.rps ? a : b);
  let bareResult: LoadResult | undefined;
  let apiResult: LoadResult | undefined;
  for (let round = 0; round < rounds; round++) {
    bareResult = best(bareResult, await run(bare.url, seconds));
    apiResult = best(apiResult, await run(api.url, seconds));
  }
  if (!bareResult || !apiResult) throw new Error('no rounds ran');
  await Promise.all([stopChild(api.child), stopChild(bare.child)]);

  const figures = {
    benchmark: 'api catalog list',
    machineLoadAverageAtStart: loadAtStart,
    request: `GET ${path}`,
    bodyBytes: body.length,
    connections,
    seconds,
    rounds,
    baseline: { name: 'bare node:http, same bytes', ...bareResult },
    api: { name: 'DhakaCart API (Express, Redis-backed cache)', ...apiResult },
    ratio: ratio(apiResult.rps, bareResult.rps),
    budget: 0.5,
    cpuRatio:
      apiResult.perCoreCapacity && bareResult.perCoreCapacity
        ? ratio(apiResult.perCoreCapacity, bareResult.perCoreCapacity)
        : null,
    perPodRequestsPerSecond: apiResult.rps,
    perPodCapacityPerCore: apiResult.perCoreCapacity,
  };
  const file = writeResults('api-catalog', figures);
  console.log(
    `catalog list, ${body.length} bytes, ${connections} connections, best of ${rounds} × ${seconds} s`,
  );
  console.table({ 'bare node:http': row(bareResult), API: row(apiResult) });

  console.log(
    `ratio API / bare = ${figures.ratio} (budget ≥ ${figures.budget}); per core (CPU time): ${figures.cpuRatio}; figures in ${file}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await Promise.all([pg.stop(), redis.stop()]);
}
