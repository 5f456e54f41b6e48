// `npm run deploy`, exactly as .github/workflows/deploy.yml calls it, against the local cluster's real node
// while a client sends steady traffic through the storefront's Service (storefront → API → PostgreSQL and
// Redis): a new version goes from the command to serving on every pod with zero failed requests; a version
// that never becomes ready (its image is on no registry the node can reach, so its pods never start) fails
// the command with the operator's own rollback message while the old version keeps serving, again with zero
// failed requests; `--rollback` returns the spec to status.lastGoodVersion. The command's elapsed time is
// printed (docs/delivery.md, "Measured deploy time"), never asserted.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, type TestNamespace, testCluster } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import {
  applyShop,
  condition,
  installOperator,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  steadyClient,
  waitShopReady,
} from './node-support.ts';
import { getJson } from './operator-support.ts';

const SHOP = 'haat';
let ns: TestNamespace;
let storefront: string;

interface DeployRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run deploy -- …args` as the workflow runs it, with the test cluster as the current kube context. */
async function deploy(args: string[]): Promise<DeployRun> {
  const { info } = await testCluster();
  const started = Date.now();
  const child = spawn('npm', ['run', '--silent', 'deploy', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, KUBECONFIG: info.kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  // The measurement for docs/delivery.md: the command's own progress lines and its wall time.
  console.log(
    `npm run deploy -- ${args.join(' ')} → exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s wall\n${stdout}${stderr}`,
  );
  return { code, stdout, stderr };
}

/**
 * The images of the shop's API and storefront pods, and how many are ready. Pods already terminating are
 * left out: they are off the Service's endpoints and on their way out.
 */
async function shopPods(): Promise<{ images: string[]; ready: number }> {
  const pods = await getJson<{
    items: {
      metadata: { deletionTimestamp?: string };
      spec: { containers: { image: string }[] };
      status: { conditions?: { type: string; status: string }[] };
    }[];
  }>([
    'get',
    'pods',
    '-n',
    ns.name,
    '-l',
    `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component in (api,storefront)`,
  ]);
  const live = pods.items.filter((p) => !p.metadata.deletionTimestamp);
  return {
    images: live.map((p) => p.spec.containers[0]?.image ?? ''),
    ready: live.filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .length,
  };
}

/**
 * Runs `stage` while a steady client sends GET /api/products through the storefront's Service, then asserts
 * that none of its requests failed. The client is stopped even when the stage throws.
 */
async function underSteadyTraffic(name: string, stage: () => Promise<void>): Promise<void> {
  const client = steadyClient(`${storefront}/api/products`);
  let result: { ok: number; failed: string[] };
  try {
    await stage();
  } finally {
    result = await client.stop();
  }
  const { ok, failed } = result;
  console.log(`${name}: ${ok} requests answered, ${failed.length} failed`);
  assert.equal(failed, [], `${name}: ${failed.length} of ${ok + failed.length} requests failed`);
  // The client was alive throughout (the shortest stage, --rollback, takes a few seconds).
  assert.ok(ok >= 10, `${name}: the client kept sending (${ok} answered)`);
}

/** The options .github/workflows/deploy.yml passes, for this test's shop. */
const workflowArgs = () => ['--namespace', ns.name, '--name', SHOP, '--timeout', '15m'];

test.before(async () => {
  ns = await realNamespace('node-dep');
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, {
    version: '1.4.0',
    ...SMALL_SHOP,
    rollout: { progressDeadlineSeconds: 90 },
  });
  await waitShopReady(ns.name, SHOP, 420_000, '1.4.0');
  await seedCatalog(ns.name, SHOP);
  storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/api/products');
});

test.after(async () => {
  await ns?.delete();
});

test('a new version: from the command to serving on every pod, no request fails', async () => {
  await underSteadyTraffic('deploy 1.5.0', async () => {
    const run = await deploy(['1.5.0', ...workflowArgs()]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /done: 1\.5\.0 serving on every pod after \d+s/);
    const pods = await shopPods();
    assert.ok(
      pods.images.length >= 3 && pods.images.every((i) => i.endsWith(':1.5.0')),
      `every API and storefront pod runs 1.5.0: ${pods.images}`,
    );
    assert.is(pods.ready, pods.images.length);
  });
});

test("a version that never becomes ready: exit 1 with the operator's rollback message, 1.5.0 keeps serving, no request fails", async () => {
  await underSteadyTraffic('deploy 1.9.9 (rolled back)', async () => {
    const run = await deploy(['1.9.9', ...workflowArgs()]);
    assert.is(run.code, 1, run.stdout);
    const shop = await getJson<Parameters<typeof condition>[0]>(['get', 'dhakacart', SHOP, '-n', ns.name]);
    const degraded = condition(shop, 'Degraded');
    assert.is(degraded?.reason, 'RolledBack');
    assert.match(run.stderr, `1.9.9 failed (RolledBack): ${degraded?.message}`);
    assert.is(shop.status?.version, '1.5.0');
    await eventually(
      'the shop pods back on 1.5.0 only, all ready',
      async () => {
        const pods = await shopPods();
        return pods.images.every((i) => i.endsWith(':1.5.0')) && pods.ready === pods.images.length;
      },
      180_000,
    );
  });
});

test('--rollback returns the spec to status.lastGoodVersion, which serves on every pod', async () => {
  await underSteadyTraffic('deploy --rollback', async () => {
    const run = await deploy(['--rollback', ...workflowArgs()]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, `returning ${ns.name}/${SHOP} to 1.5.0 (spec.version was 1.9.9, serving 1.5.0)`);
    const shop = await waitShopReady(ns.name, SHOP, 60_000, '1.5.0');
    assert.is((shop as unknown as { spec: { version: string } }).spec.version, '1.5.0');
    assert.is(condition(shop, 'Degraded')?.status, 'False');
  });
});

test.run();
