// Writes per idle minute with another field manager's edits present: shops converged, then a person adds an
// env variable (`kubectl set env`), a label and an annotation to children the operator owns. The operator
// must leave what it does not own alone — no write loop — so over an idle minute of resyncs (every 5 s) the
// writes are counted, beside the same minute without the foreign edits. Budget: 0 writes after convergence.
// BENCH_SHOPS overrides the count (default 5). Writes bench-results/operator-foreign-edit.json.
import {
  adminKubeConfig,
  createNamespace,
  deleteNamespace,
  deleteVolumes,
  ensureCrd,
  kubectl,
  ReadinessClock,
  shopManifest,
  startOperator,
  volumes,
  writeResults,
} from './support.ts';

const SHOPS = Number(process.env.BENCH_SHOPS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const ns = `bench-foreign-${Math.random().toString(16).slice(2, 8)}`;
const names = Array.from({ length: SHOPS }, (_, i) => `shop-${i}`);

await ensureCrd();
await createNamespace(ns);
await kubectl(['apply', '-f', '-'], volumes(ns, names));
const kc = await adminKubeConfig();
const clock = new ReadinessClock(kc, ns);
await clock.start();
const operator = await startOperator(ns, { RESYNC_SECONDS: '5' });

/** Writes the operator makes during one idle minute, from now. */
async function writesOverIdleMinute(): Promise<number> {
  const before = await operator.writes();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  return (await operator.writes()) - before;
}

try {
  for (const name of names) await kubectl(['apply', '-f', '-'], JSON.stringify(shopManifest(name, ns)));
  await clock.until('every shop Ready', () => names.every((n) => clock.shopReady.has(n)), 300_000);
  await new Promise((r) => setTimeout(r, 5_000));
  const withoutForeign = await writesOverIdleMinute();

  for (const name of names) {
    await kubectl(['set', 'env', `deployment/${name}-api`, '-n', ns, 'EXTRA=1']);
    await kubectl(['label', 'service', `${name}-api`, '-n', ns, 'team=payments']);
    await kubectl(['annotate', 'configmap', `${name}-config`, '-n', ns, 'owner=ops']);
  }
  // Whatever the operator does about them, it has done within two resyncs.
  await new Promise((r) => setTimeout(r, 10_000));
  const withForeign = await writesOverIdleMinute();
  const extraKept = (
    await kubectl([
      'get',
      'deployment',
      `${names[0]}-api`,
      '-n',
      ns,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="EXTRA")].value}',
    ])
  ).trim();

  const results = {
    shops: SHOPS,
    idleMs: IDLE_MS,
    resyncSeconds: 5,
    writesPerIdleMinute: { withForeignEdits: withForeign, withoutForeignEdits: withoutForeign },
    foreignEnvVariableLeftAlone: extraKept === '1',
    budgets: { writesPerIdleMinuteWithForeignEdits: 0 },
  };
  const path = writeResults('operator-foreign-edit', results);
  console.table([
    {
      what: 'writes per idle minute, foreign edits present',
      operator: withForeign,
      baseline: withoutForeign,
      budget: 0,
    },
  ]);
  console.log(`foreign env variable left alone: ${extraKept === '1'}; figures in ${path}`);
} finally {
  await operator.stop();
  clock.stop();
  await deleteNamespace(ns);
  await deleteVolumes(ns);
}
