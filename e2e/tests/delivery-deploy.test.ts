// `npm run deploy`, exactly as the release workflow calls it, against the local control plane with the
// operator: a version goes from command to serving on every pod; a version that never becomes ready (kwok's
// `-unready` test hook) fails the command with the operator's own rollback message; `--rollback` returns to
// status.lastGoodVersion. At each stage the real kstatus library (what Flux, kpt and Config Sync use) must
// read the shop correctly: InProgress while it rolls out, Current when it serves, Failed after a rollback.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type KstatusResult, kstatus } from '../src/go-tools.ts';
import { createTestNamespace, type TestNamespace, testCluster } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import {
  condition,
  ensureCrd,
  getJson,
  getShop,
  k,
  operatorAsServiceAccount,
  providePostgresVolume,
  type RunningOperator,
  waitReady,
} from './operator-support.ts';

let ns: TestNamespace;
let operator: RunningOperator;

interface DeployRun {
  code: number;
  stdout: string;
  stderr: string;
  /** kstatus's verdicts on the shop while the command ran, in order, without repeats. */
  seen: KstatusResult[];
}

/** `npm run deploy -- …args` with the test cluster as the current kube context, sampling kstatus meanwhile. */
async function deploy(args: string[]): Promise<DeployRun> {
  const { info } = await testCluster();
  const child = spawn('npm', ['run', '--silent', 'deploy', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, KUBECONFIG: info.kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  let running = true;
  const code = new Promise<number>((resolve) =>
    child.on('close', (c) => {
      running = false;
      resolve(c ?? 1);
    }),
  );
  const seen: KstatusResult[] = [];
  while (running) {
    const shop = await getJson(['get', 'dhakacart', 'shop', '-n', ns.name]).catch(() => undefined);
    const verdict = shop && (await kstatus(shop));
    const previous = seen.at(-1);
    if (verdict && (previous?.status !== verdict.status || previous.message !== verdict.message))
      seen.push(verdict);
    await new Promise((r) => setTimeout(r, 150));
  }
  const run = { code: await code, stdout, stderr, seen };
  // The command's own progress lines (with its elapsed time) and kstatus's readings land in the test log.
  console.log(`npm run deploy -- ${args.join(' ')} → exit ${run.code}\n${stdout}${stderr}`);
  console.log(`kstatus: ${seen.map((s) => `${s.status} (${s.message})`).join(' → ')}`);
  return run;
}

const kstatusOfShop = async () => kstatus(await getJson(['get', 'dhakacart', 'shop', '-n', ns.name]));

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('deploy');
  await providePostgresVolume(ns.name, 'shop');
  operator = await operatorAsServiceAccount(ns.name, { RESYNC_SECONDS: '5' });
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name: 'shop', namespace: ns.name },
      spec: {
        version: '1.4.0',
        api: { replicas: { min: 3, max: 6 } },
        storefront: { replicas: { min: 2, max: 4 } },
        ingress: { enabled: false },
        rollout: { progressDeadlineSeconds: 30 },
      },
    }),
  );
  await waitReady(ns.name, 'shop', 90_000);
});

test.after(async () => {
  await operator?.stop();
  await ns?.delete();
});

test('a new version: the command prints progress and returns 0 once it serves on every pod; kstatus InProgress, then Current', async () => {
  assert.is((await kstatusOfShop()).status, 'Current', 'a serving shop is Current before the release');
  const run = await deploy(['1.5.0', '--namespace', ns.name, '--timeout', '3m']);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, `releasing ${ns.name}/shop to 1.5.0 (spec.version was 1.4.0, serving 1.4.0)`);
  assert.match(run.stdout, /1\.5\.0 serves on every pod \(api 3\/3, storefront 2\/2\)/);
  assert.match(run.stdout, /done: 1\.5\.0 serving on every pod after \d+s/);
  const shop = await getShop(ns.name, 'shop');
  assert.is(shop.status?.version, '1.5.0');
  const api = await getJson(['get', 'deployment', 'shop-api', '-n', ns.name]);
  assert.is(api.spec.template.spec.containers[0].image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.is(api.status.updatedReplicas, 3);
  assert.is(api.status.availableReplicas, 3);
  // InProgress from the shop's own Reconciling condition, not only from kstatus's generation check.
  assert.ok(
    run.seen.some((s) => s.status === 'InProgress' && !/generation/.test(s.message)),
    `kstatus saw the rollout in progress: ${JSON.stringify(run.seen)}`,
  );
  assert.is(run.seen.at(-1)?.status, 'Current');
  assert.is((await kstatusOfShop()).status, 'Current');
});

test("a version that never becomes ready: exit 1 with the operator's rollback message, the old version serves, kstatus Failed until the spec changes", async () => {
  const run = await deploy(['1.6.0-unready', '--namespace', ns.name, '--name', 'shop', '--timeout', '3m']);
  assert.is(run.code, 1, run.stdout);
  const degraded = condition(await getShop(ns.name, 'shop'), 'Degraded');
  assert.is(degraded?.reason, 'RolledBack');
  assert.match(run.stderr, `1.6.0-unready failed (RolledBack): ${degraded?.message}`);
  assert.match(run.stderr, /rolled back to 1\.5\.0/);
  const shop = await getShop(ns.name, 'shop');
  assert.is(shop.status?.version, '1.5.0', 'the last good version serves');
  const verdict = await kstatusOfShop();
  assert.is(verdict.status, 'Failed', 'kstatus does not report a rolled-back release as a success');
  assert.is(verdict.message, degraded?.message);

  // Asking again for the same version changes nothing in the spec: the operator does not retry it, and the
  // command says so at once instead of waiting for its deadline.
  const again = await deploy(['1.6.0-unready', '--namespace', ns.name, '--timeout', '3m']);
  assert.is(again.code, 1);
  assert.match(again.stderr, /failed \(RolledBack\)/);
  assert.is((await kstatusOfShop()).status, 'Failed');
});

test('--rollback returns the shop to status.lastGoodVersion and kstatus reads it Current again', async () => {
  const run = await deploy(['--rollback', '--namespace', ns.name]);
  assert.is(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    `returning ${ns.name}/shop to 1.5.0 (spec.version was 1.6.0-unready, serving 1.5.0)`,
  );
  const shop = await getShop(ns.name, 'shop');
  assert.is(shop.spec.version, '1.5.0');
  assert.is(condition(shop, 'Degraded')?.status, 'False');
  assert.is(condition(shop, 'Stalled'), undefined);
  assert.is((await kstatusOfShop()).status, 'Current');
});

test('bad input fails with a clear message and exit 3, writing nothing', async () => {
  const malformed = await deploy(['latest', '--namespace', ns.name]);
  assert.is(malformed.code, 3);
  assert.match(malformed.stderr, /spec\.version/, 'the API server names the field');
  const missing = await deploy(['1.7.0', '--namespace', ns.name, '--name', 'nope']);
  assert.is(missing.code, 3);
  assert.match(missing.stderr, `while reading DhakaCart ${ns.name}/nope`);
  const usage = await deploy(['--namespace', ns.name]);
  assert.is(usage.code, 3);
  assert.match(usage.stderr, 'which version? give one, or --rollback');
  assert.is((await getShop(ns.name, 'shop')).spec.version, '1.5.0');
});

test.run();
