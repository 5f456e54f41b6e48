// `npm start`: the whole shop on one machine, made by the operator. The local cluster (control plane, the
// real node, images built from the project's Dockerfiles) is built on a first run and started; the operator is
// installed by its Helm chart; the local sample DhakaCart is applied; and http://127.0.0.1:8080 is then the
// storefront those pods serve (storefront pod → API pods → PostgreSQL and Redis pods), through a port bound to
// 127.0.0.1 that forwards to the storefront's Service.
//
// While a first run is still building (many minutes), a stand-in shop from local processes (the API on its
// embedded database, the storefront server) answers on the same port, and the output says which shop serves.
// With KUBECONFIG pointing at a reachable cluster, that cluster is used (its registry must have the images).
// Ctrl-C at any moment stops everything this command started: processes, containers, mounts, locks.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import { join, relative } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import {
  abortClusterStart,
  clusterStatus,
  releaseStartLock,
  startCluster,
  stopCluster,
} from '../e2e/src/cluster.ts';
import { stopImageBuild } from '../e2e/src/images.ts';
import { repoRoot } from '../e2e/src/paths.ts';
import { stopProcess } from '../e2e/src/processes.ts';

const PORT = Number(process.env.STOREFRONT_PORT ?? '8080');
const STAND_IN_API_PORT = process.env.API_PORT ?? '3000';
const OPERATOR_NAMESPACE = 'dhakacart-system';
const SHOP_NAMESPACE = 'shop';
const SAMPLE = join('crds', 'samples', 'dhakacart-local.yaml');
const SHOP = 'eid-sale';
const children: ChildProcess[] = [];
let startedCluster = false;
let stopping = false;
let front: Server | undefined;
/** Where 127.0.0.1:PORT forwards: the stand-in storefront, then the shop's Service. */
let target = { host: '127.0.0.1', port: 0 };

function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`[${name}] exited (${signal ?? code})`);
  });
  children.push(child);
  return child;
}

/** The port shoppers use: a TCP relay on 127.0.0.1 to whichever shop serves now. */
function openFront(): Promise<void> {
  front = createServer((socket) => {
    const upstream = createConnection(target.port, target.host);
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    front?.once('error', reject);
    front?.listen(PORT, '127.0.0.1', () => resolve());
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/** A KUBECONFIG given by the user wins when its cluster answers; otherwise the local cluster. */
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
      `KUBECONFIG=${given} is not reachable (${(error as Error).message}); using the local cluster instead.`,
    );
    return undefined;
  }
}

/** The stand-in shop: the API on its embedded database and the storefront server, local processes. */
async function startStandIn(): Promise<ChildProcess[]> {
  const standInPort = String(PORT + 1000);
  const api = launch('stand-in api', process.execPath, [join('api', 'src', 'main.ts')], {
    PORT: STAND_IN_API_PORT,
    // Any free port: the stand-in API and storefront would both default to 9464.
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    TRUST_PROXY: 'loopback',
  });
  const storefront = launch(
    'stand-in storefront',
    process.execPath,
    [join('storefront', 'src', 'server', 'main.ts')],
    {
      PORT: standInPort,
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      API_URL: `http://127.0.0.1:${STAND_IN_API_PORT}`,
    },
  );
  target = { host: '127.0.0.1', port: Number(standInPort) };
  if (await waitForHttp(`http://127.0.0.1:${standInPort}/api/products?limit=1`, 120_000))
    console.log(`
Serving now on http://127.0.0.1:${PORT}: a STAND-IN shop (local processes, embedded database) while the
cluster builds and starts. It is replaced by the operator's shop when that is ready.
`);
  return [api, storefront];
}

/** Runs a command to completion (output relayed), throwing with its output on failure. */
function must(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', input });
  if (result.status !== 0)
    throw new Error(
      `${relative(repoRoot, command) || command} ${args.join(' ')}: ${result.stderr || result.stdout}`,
    );
  return result.stdout;
}

async function main() {
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await openFront();
  const standIn = await startStandIn();
  if (stopping) return;

  let kubeconfig = await externalKubeconfig();
  let kubectl = 'kubectl';
  let helm = 'helm';
  if (!kubeconfig) {
    const before = await clusterStatus();
    console.log(
      before.running
        ? 'Reusing the running local cluster.'
        : 'Starting the local cluster: control plane, the real node, images (a first run builds them; progress follows) …',
    );
    startedCluster = !before.running;
    const info = await startCluster();
    kubeconfig = info.kubeconfig;
    kubectl = info.kubectl;
    helm = join(info.binDir, 'helm');
  }
  if (stopping) return;
  const kc = ['--kubeconfig', kubeconfig];
  const restricted = (ns: string) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });

  console.log(
    `Installing the operator with its Helm chart into ${OPERATOR_NAMESPACE} (two replicas, leader election) …`,
  );
  must(kubectl, [...kc, 'apply', '-f', '-'], restricted(OPERATOR_NAMESPACE));
  must(helm, [
    ...kc,
    'upgrade',
    '--install',
    'dhakacart-operator',
    join('charts', 'dhakacart-operator'),
    '--namespace',
    OPERATOR_NAMESPACE,
    '--wait',
    '--timeout',
    '300s',
  ]);
  if (stopping) return;

  console.log(`Applying ${SAMPLE} in namespace ${SHOP_NAMESPACE} …`);
  must(kubectl, [...kc, 'apply', '-f', '-'], restricted(SHOP_NAMESPACE));
  must(kubectl, [...kc, 'apply', '-n', SHOP_NAMESPACE, '-f', SAMPLE]);
  let said = '';
  for (;;) {
    if (stopping) return;
    const out = spawnSync(
      kubectl,
      [
        ...kc,
        'get',
        'dc',
        SHOP,
        '-n',
        SHOP_NAMESPACE,
        '-o',
        'jsonpath={range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}',
      ],
      { encoding: 'utf8' },
    ).stdout;
    const ready = out.split('\n').find((l) => l.startsWith('Ready='));
    if (ready && ready !== said) console.log(`[operator] ${SHOP}: ${ready}`);
    said = ready ?? said;
    if (ready?.startsWith('Ready=True')) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const seeded = spawnSync(
    kubectl,
    [...kc, 'exec', '-n', SHOP_NAMESPACE, `deploy/${SHOP}-api`, '--', 'node', 'api/src/db/seed-cli.ts'],
    {
      encoding: 'utf8',
    },
  );
  if (seeded.status !== 0) console.log(`Seeding the demo catalog failed: ${seeded.stderr}`);

  const service = JSON.parse(
    must(kubectl, [...kc, 'get', 'svc', `${SHOP}-storefront`, '-n', SHOP_NAMESPACE, '-o', 'json']),
  ) as {
    spec: { clusterIP: string; ports: { port: number }[] };
  };
  const shopUrl = `http://${service.spec.clusterIP}:${service.spec.ports[0]?.port ?? 80}`;
  if (!(await waitForHttp(`${shopUrl}/api/products?limit=1`, 120_000))) {
    console.log(`The operator's shop does not answer at ${shopUrl}; the stand-in keeps serving.`);
    return;
  }
  target = { host: service.spec.clusterIP, port: service.spec.ports[0]?.port ?? 80 };
  for (const child of standIn) await stopProcess(child);
  const rel = relative(repoRoot, kubeconfig) || kubeconfig;
  console.log(`
Serving now on http://127.0.0.1:${PORT}: the OPERATOR'S shop — DhakaCart ${SHOP} in namespace ${SHOP_NAMESPACE}
(storefront pod → API pods → PostgreSQL and Redis pods on the real node).
  watch it:    ${relative(repoRoot, kubectl) || kubectl} --kubeconfig ${rel} get dc -A -w
  its pods:    ${relative(repoRoot, kubectl) || kubectl} --kubeconfig ${rel} get pods -n ${SHOP_NAMESPACE}
  Ctrl-C stops everything.
`);
}

async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping everything npm start started …');
  abortClusterStart();
  await stopImageBuild();
  front?.close();
  await Promise.all(children.map((child) => stopProcess(child)));
  // The cluster first, in its own order (containers before containerd), then whatever else a start in
  // progress was running (a build, an image import): a Ctrl-C in a terminal reaches them too, a SIGINT sent
  // to this process alone does not.
  if (startedCluster) await stopCluster();
  spawnSync('pkill', ['-TERM', '-P', String(process.pid)]);
  releaseStartLock();
  process.exit(0);
}

await main().catch(async (error: Error) => {
  if (stopping) return;
  console.log(`npm start failed: ${error.message}`);
  await shutdown();
});
