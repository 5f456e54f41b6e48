// `npm start`: the whole shop on one machine. The API (embedded PostgreSQL unless DATABASE_URL is set) and the
// storefront come up first, so a shopper can use the shop within a minute; meanwhile the local control plane
// is built (first run only) and started, the operator runs against it and manages the sample DhakaCart.
// With KUBECONFIG pointing at a reachable cluster, that cluster is used instead of the local one.
// Ctrl-C stops everything this command started.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { clusterStatus, startCluster, stopCluster } from '../e2e/src/cluster.ts';
import { repoRoot } from '../e2e/src/paths.ts';

const API_PORT = process.env.API_PORT ?? '3000';
const STOREFRONT_PORT = process.env.STOREFRONT_PORT ?? '8080';
const children: ChildProcess[] = [];
let startedCluster = false;
let stopping = false;

function launch(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`${prefix}exited (${signal ?? code})`);
  });
  children.push(child);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/** A KUBECONFIG given by the user wins when its cluster answers; otherwise the local control plane. */
async function externalKubeconfig(): Promise<string | undefined> {
  const given = process.env.KUBECONFIG;
  if (!given) return undefined;
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(given);
    await Promise.race([
      kc.makeApiClient(VersionApi).getCode(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000)),
    ]);
    return given;
  } catch (error) {
    console.log(
      `KUBECONFIG=${given} is not reachable (${(error as Error).message}); using the local control plane instead.`,
    );
    return undefined;
  }
}

/** A statically provisioned volume reserved for one claim of the sample shop (namespace default). */
const sampleVolume = (claim: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: `dhakacart-sample-${claim}` },
  spec: {
    capacity: { storage: '10Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Retain',
    storageClassName: '',
    claimRef: { namespace: 'default', name: claim },
    hostPath: { path: `/tmp/dhakacart-sample/${claim}` },
  },
});

async function startKubernetesSide() {
  let kubeconfig = await externalKubeconfig();
  let kubectl = 'kubectl';
  if (!kubeconfig) {
    const before = await clusterStatus();
    console.log(
      before.running
        ? 'Reusing the running local control plane.'
        : 'Starting the local control plane (the first run builds it from source; progress follows) …',
    );
    const info = await startCluster();
    startedCluster = !before.running;
    kubeconfig = info.kubeconfig;
    kubectl = relative(repoRoot, info.kubectl);
    // The local control plane has no storage provisioner: a statically provisioned volume, reserved for the
    // sample's PostgreSQL and backups claims, is what a cluster admin would create by hand.
    spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], {
      cwd: repoRoot,
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: ['data-eid-sale-postgres-0', 'eid-sale-backups'].map(sampleVolume),
      }),
    });
  }
  if (stopping) return;
  launch('operator', [join('operator', 'src', 'main.ts')], {
    KUBECONFIG: kubeconfig,
    // 8080 is the storefront's.
    METRICS_PORT: process.env.OPERATOR_METRICS_PORT ?? '9090',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  });
  // The operator installs the CRD on start; apply the sample once it is served.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const applied = spawnSync(
      kubectl,
      ['--kubeconfig', kubeconfig, 'apply', '-f', join('crds', 'samples', 'dhakacart.yaml')],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (applied.status === 0) {
      process.stdout.write(applied.stdout);
      break;
    }
    if (Date.now() > deadline || stopping) {
      console.log(`Could not apply the sample DhakaCart: ${applied.stderr.trim()}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`
Kubernetes side:
  kubeconfig:  ${relative(repoRoot, kubeconfig) || kubeconfig}
  watch it:    ${kubectl} --kubeconfig ${relative(repoRoot, kubeconfig) || kubeconfig} get dc -w
  children:    ${kubectl} --kubeconfig ${relative(repoRoot, kubeconfig) || kubeconfig} get deploy,svc,hpa,pdb,netpol,ingress
`);
}

async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping everything npm start started …');
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)),
  );
  if (startedCluster) await stopCluster();
  process.exit(0);
}

async function main() {
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  // The storefront proxies /api and sends X-Forwarded-For; trusting loopback gives each shopper their own
  // checkout rate limit instead of one shared by everyone behind 127.0.0.1.
  launch('api', [join('api', 'src', 'main.ts')], {
    PORT: API_PORT,
    HOST: '127.0.0.1',
    TRUST_PROXY: 'loopback',
  });
  // Builds dist/ first when it is missing or stale (a few seconds), then serves it.
  launch('storefront', [join('storefront', 'src', 'server', 'main.ts')], {
    PORT: STOREFRONT_PORT,
    HOST: '127.0.0.1',
    API_URL: `http://127.0.0.1:${API_PORT}`,
  });

  const kubernetes = startKubernetesSide().catch((error: Error) =>
    console.log(`Kubernetes side failed: ${error.message}`),
  );
  const shopUp = await waitForHttp(`http://127.0.0.1:${STOREFRONT_PORT}/api/products?limit=1`, 120_000);
  console.log(
    shopUp
      ? `
The shop is open:
  storefront:  http://127.0.0.1:${STOREFRONT_PORT}
  API:         http://127.0.0.1:${API_PORT}/api/products   (metrics: /metrics)
  Ctrl-C stops everything.
`
      : 'The shop did not come up within two minutes; see the [api] and [storefront] lines above.',
  );
  await kubernetes;
}

await main();
