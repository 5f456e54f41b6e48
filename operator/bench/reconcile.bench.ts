// Operator latency on the local control plane, each figure beside a floor measured in the same run:
//   - `kubectl apply` of a DhakaCart → Ready, p50/p95 over 20 shops; floor: `kubectl apply --server-side`
//     of the same rendered children until their Deployments and StatefulSet are ready (no operator);
//   - a deleted child (the API Deployment) put back; floor: `kubectl apply --server-side` of that object;
//   - writes per no-op resync of the 20 converged shops; floor: what re-applying every child would write.
// Writes bench-results/operator-reconcile.json.
import {
  adminKubeConfig,
  createNamespace,
  deleteNamespace,
  deleteVolumes,
  ensureCrd,
  kubectl,
  list,
  percentile,
  ReadinessClock,
  renderedChildren,
  shopManifest,
  startOperator,
  volumes,
  writeResults,
} from './support.ts';

const SHOPS = Number(process.env.BENCH_SHOPS ?? 20);
const suffix = Math.random().toString(16).slice(2, 8);
const opNs = `bench-op-${suffix}`;
const floorNs = `bench-floor-${suffix}`;
const names = Array.from({ length: SHOPS }, (_, i) => `shop-${i}`);
const workloads = (shop: string) => [
  `Deployment/${shop}-api`,
  `Deployment/${shop}-storefront`,
  `Deployment/${shop}-redis`,
  `StatefulSet/${shop}-postgres`,
];

await ensureCrd();
await createNamespace(opNs);
await createNamespace(floorNs);
await kubectl(['apply', '-f', '-'], volumes(opNs, names));
await kubectl(['apply', '-f', '-'], volumes(floorNs, names));
const kc = await adminKubeConfig();
const opClock = new ReadinessClock(kc, opNs);
const floorClock = new ReadinessClock(kc, floorNs);
await opClock.start();
await floorClock.start();
const operator = await startOperator(opNs, { RESYNC_SECONDS: '5' });

try {
  // 1. apply → Ready, one shop at a time so each measures latency, not queueing.
  const applyToReady: number[] = [];
  for (const name of names) {
    const start = performance.now();
    await kubectl(['apply', '-f', '-'], JSON.stringify(shopManifest(name, opNs)));
    const end = await opClock.until(`${name} Ready`, () => opClock.shopReady.has(name), 120_000);
    applyToReady.push(end - start);
  }
  const floorApply: number[] = [];
  for (const name of names) {
    const start = performance.now();
    await kubectl(
      ['apply', '--server-side', '--field-manager=bench-floor', '-f', '-'],
      list(renderedChildren(name, floorNs)),
    );
    const end = await floorClock.until(
      `${name} workloads ready`,
      () => workloads(name).every((w) => floorClock.workloadReady.has(w)),
      120_000,
    );
    floorApply.push(end - start);
  }

  // 2. A deleted child put back: the API Deployment, 20 times across the shops.
  const putBack: number[] = [];
  const floorPutBack: number[] = [];
  for (const name of names) {
    const key = `Deployment/${name}-api`;
    const before = opClock.created.get(key)?.length ?? 0;
    const start = performance.now();
    await kubectl(['delete', 'deployment', `${name}-api`, '-n', opNs, '--wait=false']);
    const end = await opClock.until(
      `${key} put back`,
      () => (opClock.created.get(key)?.length ?? 0) > before,
      60_000,
    );
    putBack.push(end - start);
    const api = renderedChildren(name, floorNs).filter(
      (o) => o.kind === 'Deployment' && o.metadata?.name === `${name}-api`,
    );
    await kubectl(['delete', 'deployment', `${name}-api`, '-n', floorNs, '--wait=false']);
    const fStart = performance.now();
    await kubectl(['apply', '--server-side', '--field-manager=bench-floor', '-f', '-'], list(api));
    floorPutBack.push(performance.now() - fStart);
  }
  await opClock.until('every shop Ready again', () => names.every((n) => opClock.shopReady.has(n)), 120_000);
  // Let the restored Deployments' pods settle so the resync below is a true no-op.
  await new Promise((r) => setTimeout(r, 3000));

  // 3. Writes per no-op resync (RESYNC_SECONDS=5): count over three full resyncs.
  const reconciles = () => operator.metric('dhakacart_operator_reconciles_total');
  const writesBefore = await operator.writes();
  const reconcilesBefore = await reconciles();
  await opClock.until('three resyncs', () => false, 0).catch(() => undefined);
  const deadline = Date.now() + 60_000;
  while ((await reconciles()) < reconcilesBefore + 3 * SHOPS && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  const resyncs = ((await reconciles()) - reconcilesBefore) / SHOPS;
  const writesPerResync = ((await operator.writes()) - writesBefore) / Math.max(1, resyncs);
  const naiveWritesPerResync = renderedChildren('x', floorNs).length * SHOPS;

  const results = {
    shops: SHOPS,
    applyToReadyMs: {
      p50: percentile(applyToReady, 50),
      p95: percentile(applyToReady, 95),
      samples: applyToReady.map(Math.round),
    },
    floorApplyToReadyMs: {
      p50: percentile(floorApply, 50),
      p95: percentile(floorApply, 95),
      samples: floorApply.map(Math.round),
    },
    deletedChildPutBackMs: { p50: percentile(putBack, 50), p95: percentile(putBack, 95) },
    floorRecreateMs: { p50: percentile(floorPutBack, 50), p95: percentile(floorPutBack, 95) },
    noOpResync: { resyncsObserved: resyncs, writesPerResync, naiveWritesPerResync },
    operatorPeakRssMb: operator.peakRssMb(),
    budgets: { applyToReadyP50Ms: 3000, putBackP50Ms: 1000, writesPerNoOpResync: 0 },
  };
  const path = writeResults('operator-reconcile', results);
  const ms = (v: number) => `${Math.round(v)} ms`;
  console.table([
    {
      what: 'apply → Ready p50',
      operator: ms(results.applyToReadyMs.p50),
      floor: ms(results.floorApplyToReadyMs.p50),
      ratio: (results.applyToReadyMs.p50 / results.floorApplyToReadyMs.p50).toFixed(2),
      budget: '≤ 3000 ms',
    },
    {
      what: 'apply → Ready p95',
      operator: ms(results.applyToReadyMs.p95),
      floor: ms(results.floorApplyToReadyMs.p95),
      ratio: (results.applyToReadyMs.p95 / results.floorApplyToReadyMs.p95).toFixed(2),
      budget: '',
    },
    {
      what: 'deleted child put back p50',
      operator: ms(results.deletedChildPutBackMs.p50),
      floor: ms(results.floorRecreateMs.p50),
      ratio: (results.deletedChildPutBackMs.p50 / results.floorRecreateMs.p50).toFixed(2),
      budget: '≤ 1000 ms',
    },
    {
      what: 'writes per no-op resync',
      operator: String(writesPerResync),
      floor: `${naiveWritesPerResync} (re-apply all)`,
      ratio: (writesPerResync / naiveWritesPerResync).toFixed(3),
      budget: '0',
    },
  ]);
  console.log(`figures written to ${path}`);
} finally {
  await operator.stop();
  opClock.stop();
  floorClock.stop();
  await deleteNamespace(opNs);
  await deleteNamespace(floorNs);
  await deleteVolumes(opNs);
  await deleteVolumes(floorNs);
}
