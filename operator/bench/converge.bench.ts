// 500 DhakaCarts converge: time from starting the operator (with 500 shops already applied) until every
// shop is Ready, the operator's peak RSS, and the writes of a no-op resync of all 500. Floor, same run:
// `kubectl apply --server-side` of the same rendered children (about 30 objects per shop) until every
// Deployment and StatefulSet is ready. BENCH_SHOPS overrides the count. Writes bench-results/operator-converge.json.
import {
  adminKubeConfig,
  createNamespace,
  deleteNamespace,
  deleteVolumes,
  ensureCrd,
  kubectl,
  ReadinessClock,
  renderedChildren,
  shopManifest,
  startOperator,
  volumes,
  writeResults,
} from './support.ts';

const SHOPS = Number(process.env.BENCH_SHOPS ?? 500);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '16';
const PARALLEL = 8;
const suffix = Math.random().toString(16).slice(2, 8);
const opNs = `bench-500-${suffix}`;
const floorNs = `bench-500-floor-${suffix}`;
const names = Array.from({ length: SHOPS }, (_, i) => `s${i}`);
const workloadCount = SHOPS * 4;

/**
 * Applies a big List in chunks, `PARALLEL` kubectl processes at a time: one kubectl sends one request per
 * object, one after another, which would make the floor measure kubectl rather than the API server.
 */
async function applyChunked(items: unknown[], args: string[]): Promise<void> {
  const chunks: unknown[][] = [];
  for (let i = 0; i < items.length; i += 200) chunks.push(items.slice(i, i + 200));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as unknown[];
      await kubectl([...args, '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: chunk }));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

await ensureCrd();
const kc = await adminKubeConfig();

// Floor first, then clean it away so the two runs do not share the cluster.
await createNamespace(floorNs);
await kubectl(['apply', '-f', '-'], volumes(floorNs, names));
const floorClock = new ReadinessClock(kc, floorNs);
await floorClock.start();
const floorStart = performance.now();
await applyChunked(
  names.flatMap((n) => renderedChildren(n, floorNs)),
  ['apply', '--server-side', '--field-manager=bench-floor'],
);
const floorApplied = performance.now();
const floorEnd = await floorClock.until(
  'floor workloads ready',
  () => floorClock.workloadReady.size >= workloadCount,
  600_000,
);
floorClock.stop();
await deleteNamespace(floorNs);
await deleteVolumes(floorNs);
await kubectl(['wait', '--for=delete', `namespace/${floorNs}`, '--timeout=300s']).catch(() => undefined);

await createNamespace(opNs);
await kubectl(['apply', '-f', '-'], volumes(opNs, names));
await applyChunked(
  names.map((n) => shopManifest(n, opNs)),
  ['apply', '--server-side'],
);
const clock = new ReadinessClock(kc, opNs);
await clock.start();
const start = performance.now();
const operator = await startOperator(opNs, { RESYNC_SECONDS: '30', CONCURRENCY });
try {
  const end = await clock.until('every shop Ready', () => clock.shopReady.size >= SHOPS, 900_000);
  const peakRssMb = operator.peakRssMb();
  // No-op resync: wait for the writes to stop, then count one full resync.
  let writes = await operator.writes();
  for (;;) {
    await new Promise((r) => setTimeout(r, 3000));
    const now = await operator.writes();
    if (now === writes) break;
    writes = now;
  }
  const reconciles = () => operator.metric('dhakacart_operator_reconciles_total');
  const before = await reconciles();
  const deadline = Date.now() + 120_000;
  while ((await reconciles()) < before + SHOPS && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  const resyncWrites = (await operator.writes()) - writes;
  const results = {
    shops: SHOPS,
    concurrency: Number(CONCURRENCY),
    convergeSeconds: Number(((end - start) / 1000).toFixed(1)),
    operatorPeakRssMb: Math.max(peakRssMb, operator.peakRssMb()),
    noOpResync: { reconciles: (await reconciles()) - before, writes: resyncWrites },
    floor: {
      applySeconds: Number(((floorApplied - floorStart) / 1000).toFixed(1)),
      untilWorkloadsReadySeconds: Number(((floorEnd - floorStart) / 1000).toFixed(1)),
      objects: names.length * renderedChildren('x', floorNs).length,
      workloads: workloadCount,
    },
    budgets: { convergeSeconds: 60, operatorPeakRssMb: 200, writesPerNoOpResync: 0 },
  };
  const path = writeResults('operator-converge', results);
  console.table([
    {
      what: `${SHOPS} shops converge`,
      operator: `${results.convergeSeconds} s`,
      floor: `${results.floor.untilWorkloadsReadySeconds} s`,
      ratio: (results.convergeSeconds / results.floor.untilWorkloadsReadySeconds).toFixed(2),
      budget: '≤ 60 s',
    },
    {
      what: 'operator peak RSS',
      operator: `${results.operatorPeakRssMb} MB`,
      floor: '',
      ratio: '',
      budget: '≤ 200 MB',
    },
    {
      what: 'writes in a no-op resync',
      operator: String(resyncWrites),
      floor: `${results.floor.objects} (re-apply all)`,
      ratio: (resyncWrites / results.floor.objects).toFixed(3),
      budget: '0',
    },
  ]);
  console.log(`figures written to ${path}`);
} finally {
  await operator.stop();
  clock.stop();
  await deleteNamespace(opNs);
  await deleteVolumes(opNs);
}
