// The local cluster: a real etcd, kube-apiserver, kube-controller-manager and kube-scheduler, a real node
// that runs containers (node.ts; skipped with DHAKACART_NODE=none), and kwok simulating three more nodes in
// three zones for fleet-size tests. Pods land on the real node unless their namespace says otherwise
// (`kwokNamespaceAnnotations`): kwok's nodes are tainted and the cluster's default node selector is the
// real node's label. Control plane ports are free ports on 127.0.0.1; with a real node the API server
// listens on the node's bridge address instead, so pods reach it too. Binaries come from
// e2e/toolchain/build.sh (built once from pinned upstream Go modules and cached outside the repo). The
// processes run detached so `cluster:up` can return; their pids live in .dhakacart/cluster.json so
// `cluster:down` (or the test runner) stops exactly what was started.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  holdNodeLockWhileStopping,
  NODE_NAME,
  REAL_NODE_LABEL,
  reclaimStaleNode,
  releaseNodeLock,
  startNode,
  stopNode,
  takeNodeLock,
} from './node.ts';
import {
  KWOK_POD_CIDR,
  NODE_IP,
  type SavedSysctls,
  setupHostNetwork,
  teardownHostNetwork,
} from './node-network.ts';
import { repoRoot, stateDir } from './paths.ts';
import { stopProcess } from './processes.ts';
import { installProviderCrds } from './provider-crds.ts';

const run = promisify(execFile);

export interface ClusterInfo {
  /** Admin kubeconfig (client certificate in system:masters). */
  kubeconfig: string;
  kubectl: string;
  /** Directory holding every cached binary (kubectl, helm, …). */
  binDir: string;
  server: string;
}

interface ClusterState extends ClusterInfo {
  pids: Record<string, number>;
  ports: Record<string, number>;
  startedAt: string;
  /** Whether this cluster has the real node, and the sysctls to restore when it stops. */
  node?: { sysctls: SavedSysctls };
}

export interface ClusterStatus {
  running: boolean;
  /** One line per component: name, pid, alive. */
  components: { name: string; pid: number; alive: boolean }[];
  info?: ClusterInfo;
}

const statePath = join(stateDir, 'cluster.json');
const pki = join(stateDir, 'pki');
const logs = join(stateDir, 'logs');
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
const NODE_COMPONENTS = ['containerd', 'kubelet', 'kube-proxy', 'kube-router'] as const;
/** The taint on kwok's nodes: only pods of namespaces that ask for kwok land there. */
export const KWOK_TAINT = { key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' };
/** Whether clusters started here get the real node (`DHAKACART_NODE=none` leaves it out). */
export const withRealNode = process.env.DHAKACART_NODE !== 'none';

/**
 * Annotations that send a namespace's pods to kwok's simulated nodes (PodNodeSelector and
 * PodTolerationRestriction admission): for tests whose pods need not run, only exist.
 */
export function kwokNamespaceAnnotations(): Record<string, string> {
  return {
    'scheduler.alpha.kubernetes.io/node-selector': 'type=kwok',
    'scheduler.alpha.kubernetes.io/defaultTolerations': JSON.stringify([
      { key: KWOK_TAINT.key, operator: 'Exists', effect: KWOK_TAINT.effect },
    ]),
  };
}

/**
 * Builds a set of binaries (`control-plane` or `node`, see e2e/toolchain/build.sh) if the cache lacks them,
 * progress on stderr, and returns the cache's bin directory.
 */
export async function buildBinaries(set: 'control-plane' | 'node' = 'control-plane'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'e2e', 'toolchain', 'build.sh'), set], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      const binDir = out.trim().split('\n').pop();
      if (code === 0 && binDir) resolve(binDir);
      else reject(new Error(`building the ${set} binaries failed (exit ${code}); see the messages above`));
    });
  });
}

function readState(): ClusterState | undefined {
  if (!existsSync(statePath)) return undefined;
  return JSON.parse(readFileSync(statePath, 'utf8')) as ClusterState;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** GET a path on the API server with the admin client certificate; resolves the status code (0 if unreachable). */
function apiGet(server: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${server}${path}`, {
      ca: readFileSync(join(pki, 'ca.crt')),
      cert: readFileSync(join(pki, 'admin.crt')),
      key: readFileSync(join(pki, 'admin.key')),
      timeout: 2000,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function clusterStatus(): Promise<ClusterStatus> {
  const state = readState();
  if (!state) return { running: false, components: [] };
  const components = Object.entries(state.pids).map(([name, pid]) => ({ name, pid, alive: alive(pid) }));
  const expected = state.node ? COMPONENTS.length + NODE_COMPONENTS.length : COMPONENTS.length;
  const everyAlive = components.length === expected && components.every((c) => c.alive);
  const running = everyAlive && (await apiGet(state.server, '/readyz')) === 200;
  const { kubeconfig, kubectl, binDir, server } = state;
  return { running, components, info: { kubeconfig, kubectl, binDir, server } };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function openssl(...args: string[]) {
  await run('openssl', args, { cwd: pki });
}

/** A client certificate `<file>.crt` signed by the local CA, for `subject` (`/O=group/CN=user`). */
async function clientCertificate(file: string, subject: string) {
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${file}.key`,
    '-out',
    `${file}.csr`,
    '-subj',
    subject,
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    `${file}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${file}.crt`,
    '-days',
    '3650',
    '-extfile',
    'client.ext',
  );
}

/**
 * A CA, the API server's serving certificate, the service-account signing key pair, and client certificates
 * for an admin, the kubelet (`system:node:<name>`, for the Node authorizer), kube-proxy and the aggregation
 * layer's front proxy. Made once per state directory (the marker names the set, so a new set remakes them).
 */
async function ensurePki() {
  const marker = join(pki, 'set-v2');
  if (existsSync(marker)) return;
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(pki, { recursive: true });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '3650',
    '-subj',
    '/CN=dhakacart-local-ca',
  );
  writeFileSync(
    join(pki, 'apiserver.ext'),
    `subjectAltName=IP:127.0.0.1,IP:${NODE_IP},IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'apiserver.key',
    '-out',
    'apiserver.csr',
    '-subj',
    '/CN=kube-apiserver',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    'apiserver.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'apiserver.crt',
    '-days',
    '3650',
    '-extfile',
    'apiserver.ext',
  );
  writeFileSync(join(pki, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await clientCertificate('admin', '/O=system:masters/CN=dhakacart-admin');
  await openssl('genrsa', '-out', 'sa.key', '2048');
  await openssl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  await clientCertificate('kubelet', `/O=system:nodes/CN=system:node:${NODE_NAME}`);
  await clientCertificate('kube-proxy', '/CN=system:kube-proxy');
  await clientCertificate('front-proxy-client', '/CN=front-proxy-client');
  writeFileSync(marker, '');
}

/** Writes a kubeconfig for the client certificate `<user>.crt`; the admin's is `.dhakacart/kubeconfig`. */
function writeKubeconfig(server: string, user = 'admin', path = join(stateDir, 'kubeconfig')): string {
  const b64 = (file: string) => readFileSync(join(pki, file)).toString('base64');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: dhakacart-local
  cluster:
    server: ${server}
    certificate-authority-data: ${b64('ca.crt')}
users:
- name: dhakacart-admin
  user:
    client-certificate-data: ${b64(`${user}.crt`)}
    client-key-data: ${b64(`${user}.key`)}
contexts:
- name: dhakacart-local
  context: { cluster: dhakacart-local, user: dhakacart-admin }
current-context: dhakacart-local
`,
    { mode: 0o600 },
  );
  return path;
}

let aborted = false;

/**
 * Makes a start in progress stop at its next step (Ctrl-C of `npm start`): no process is started after this,
 * so `stopCluster` afterwards stops everything that was.
 */
export function abortClusterStart(): void {
  aborted = true;
}

/** Removes the start lock (`.dhakacart/starting.lock`) when this process holds it: for an exit mid-start. */
export function releaseStartLock(): void {
  const lockDir = join(stateDir, 'starting.lock');
  const pidFile = join(lockDir, 'pid');
  if (existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')) === process.pid)
    rmSync(lockDir, { recursive: true, force: true });
}

function startProcess(binDir: string, name: string, args: string[]): number {
  if (aborted) throw new Error(`the start of the local cluster was interrupted before ${name}`);
  const log = openSync(join(logs, `${name}.log`), 'a');
  const child = spawn(join(binDir, name), args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (!child.pid) throw new Error(`could not start ${name}`);
  return child.pid;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the local control plane did not become ready: ${what} (logs in ${logs})`);
}

const nodeManifest = (zone: string, i: number, tainted: boolean) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: `kwok-node-${i}`,
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    labels: {
      'kubernetes.io/hostname': `kwok-node-${i}`,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/role': 'agent',
      'node-role.kubernetes.io/agent': '',
      type: 'kwok',
      'topology.kubernetes.io/zone': zone,
      'topology.kubernetes.io/region': 'local',
    },
  },
  // Capacity is generous so that benchmarks with hundreds of shops are limited by the operator, not by nodes.
  // Tainted beside a real node, so only namespaces that ask for kwok (kwokNamespaceAnnotations) land here.
  spec: { taints: tainted ? [KWOK_TAINT] : [] },
  status: {
    allocatable: { cpu: '1000', memory: '4Ti', pods: '2000' },
    capacity: { cpu: '1000', memory: '4Ti', pods: '2000' },
  },
});

async function kubectl(info: ClusterInfo, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(info.kubectl, ['--kubeconfig', info.kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${err.trim()}`)),
    );
    child.stdin.end(input ?? '');
  });
}

/** Where one kube-apiserver serves and stores, and whether the cluster has the real node. */
interface ApiServerOptions {
  etcdPort: number;
  port: number;
  address: string;
  realNode: boolean;
  /** More flags, first. */
  extra?: string[];
}

/** kube-apiserver's flags: serving on `address:port`, storing in the etcd on `etcdPort`. */
function apiServerArgs({ etcdPort, port, address, realNode, extra = [] }: ApiServerOptions): string[] {
  const p = (file: string) => join(pki, file);
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--bind-address=${address}`,
    `--advertise-address=${address}`,
    `--secure-port=${port}`,
    `--tls-cert-file=${p('apiserver.crt')}`,
    `--tls-private-key-file=${p('apiserver.key')}`,
    `--client-ca-file=${p('ca.crt')}`,
    ...(realNode
      ? realNodeApiServerFlags()
      : [
          '--authorization-mode=RBAC',
          '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy',
          // No node network: the kubernetes Service endpoint would point at loopback, which is invalid.
          '--endpoint-reconciler-type=none',
        ]),
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p('sa.pub')}`,
    `--service-account-signing-key-file=${p('sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--allow-privileged=true',
    '--max-requests-inflight=2000',
    '--max-mutating-requests-inflight=1000',
    '--v=0',
    // Last, so they win over the flags above.
    ...extra,
  ];
}

/** A second kube-apiserver on the cluster's etcd, which a test can stop and start again. */
export interface ApiServerReplica {
  /** Its URL (https://127.0.0.1:<port>); the port stays the same across restarts. */
  server: string;
  /** Stops it (SIGTERM, then SIGKILL): every client of this replica loses its API server. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers /readyz. */
  start(): Promise<void>;
}

/**
 * Starts another kube-apiserver beside the cluster's own, on the same etcd, certificates and service-account
 * keys: what it serves is the same cluster. A test points a client (the operator) at it and stops and starts
 * it to play an API-server outage, while the controllers, kwok and the other suites keep using the cluster's
 * own API server, untouched. Stopped when the test process exits.
 */
export async function startApiServerReplica(
  options: { watchCache?: boolean } = {},
): Promise<ApiServerReplica> {
  const state = readState();
  if (!state?.ports?.etcd) throw new Error('the local control plane is not running (npm run cluster:up)');
  const etcdPort = state.ports.etcd;
  const port = await freePort();
  // The same address as the cluster's own API server (its serving certificate names it).
  const address = new URL(state.server).hostname;
  const server = `https://${address}:${port}`;
  let child: ReturnType<typeof spawn> | undefined;
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) await stopProcess(running);
  };
  const start = async () => {
    if (child) return;
    mkdirSync(logs, { recursive: true });
    const log = openSync(join(logs, `kube-apiserver-replica-${port}.log`), 'a');
    // Without its watch cache, the replica serves every watch from etcd itself, so a watch from a revision
    // etcd has compacted is answered 410 Gone at once (compactEtcd).
    // The replica never writes the kubernetes Service's endpoints: pods keep reaching the cluster's own API
    // server while a test stops this one.
    const extra = [
      '--endpoint-reconciler-type=none',
      ...(options.watchCache === false ? ['--watch-cache=false'] : []),
    ];
    const args = apiServerArgs({ etcdPort, port, address, realNode: Boolean(state.node), extra });
    child = spawn(join(state.binDir, 'kube-apiserver'), args, {
      stdio: ['ignore', log, log],
    });
    await waitFor(
      `the kube-apiserver replica on ${port} /readyz`,
      async () => (await apiGet(server, '/readyz')) === 200,
    );
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return { server, stop, start };
}

/**
 * Compacts the cluster's etcd up to its current revision (what kube-apiserver does every few minutes), so
 * that resuming a watch from any earlier resourceVersion is refused. Returns the compacted revision.
 */
export async function compactEtcd(): Promise<number> {
  const state = readState();
  if (!state?.ports?.etcd) throw new Error('the local control plane is not running (npm run cluster:up)');
  const etcd = `http://127.0.0.1:${state.ports.etcd}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${etcd}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { header?: { revision?: string } };
  };
  // Any read answers with the current revision; "AA==" is the key "\0", range_end "AA==" means "from it on".
  const range = await post('/v3/kv/range', { key: 'AA==', range_end: 'AA==', limit: 1, keys_only: true });
  const revision = Number(range.header?.revision);
  if (!revision) throw new Error('etcd did not report its revision');
  await post('/v3/kv/compaction', { revision: String(revision), physical: true });
  return revision;
}

/** Starts the control plane, or returns the running one. Safe to call concurrently from several processes. */
export async function startCluster(): Promise<ClusterInfo> {
  const current = await clusterStatus();
  if (current.running && current.info) return current.info;
  const binDir = await buildBinaries();
  const nodeBinDir = withRealNode ? await buildBinaries('node') : undefined;
  mkdirSync(stateDir, { recursive: true });
  // One starter at a time across processes (the test runner and a developer's `cluster:up`). The lock holds
  // the starter's pid: a lock whose starter is gone (Ctrl-C, a crash) is taken over at once.
  const lockDir = join(stateDir, 'starting.lock');
  const lockPid = join(lockDir, 'pid');
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(lockPid, String(process.pid));
      break;
    } catch {
      const holder = existsSync(lockPid) ? Number(readFileSync(lockPid, 'utf8')) : 0;
      if (holder && !alive(holder)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waited) console.error(`Waiting for another start of the local cluster (pid ${holder || '?'}) …`);
      waited = true;
      await new Promise((r) => setTimeout(r, 500));
      const status = await clusterStatus();
      if (status.running && status.info) return status.info;
    }
  }
  try {
    return await startLocked(binDir, nodeBinDir);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function startLocked(binDir: string, nodeBinDir: string | undefined): Promise<ClusterInfo> {
  const started = Date.now();
  await stopCluster({ quiet: true }); // leftovers of a crashed run
  mkdirSync(logs, { recursive: true });
  mkdirSync(join(stateDir, 'bin'), { recursive: true });
  for (const tool of ['kubectl', 'helm']) {
    const link = join(stateDir, 'bin', tool);
    rmSync(link, { force: true });
    symlinkSync(join(binDir, tool), link);
  }
  await ensurePki();
  const etcdData = join(stateDir, 'etcd');
  rmSync(etcdData, { recursive: true, force: true });

  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    controllerManager: await freePort(),
    scheduler: await freePort(),
    kwok: await freePort(),
  };
  const apiAddress = nodeBinDir ? NODE_IP : '127.0.0.1';
  const server = `https://${apiAddress}:${ports.apiserver}`;
  const kubeconfig = writeKubeconfig(server);
  const info: ClusterInfo = { kubeconfig, kubectl: join(stateDir, 'bin', 'kubectl'), binDir, server };
  const pids: Record<string, number> = {};
  let node: ClusterState['node'];
  const save = () =>
    writeFileSync(
      statePath,
      JSON.stringify({ ...info, pids, ports, node, startedAt: new Date().toISOString() }, null, 2),
    );
  if (nodeBinDir) {
    await takeNodeLock();
    node = { sysctls: await setupHostNetwork() };
    save();
  }
  const p = (file: string) => join(pki, file);

  pids.etcd = startProcess(binDir, 'etcd', [
    '--name=dhakacart',
    `--data-dir=${etcdData}`,
    `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=dhakacart=http://127.0.0.1:${ports.etcdPeer}`,
    // A throw-away test cluster: durability is not worth the fsync latency.
    '--unsafe-no-fsync',
    '--quota-backend-bytes=4294967296',
    '--log-level=warn',
  ]);
  save();

  pids['kube-apiserver'] = startProcess(
    binDir,
    'kube-apiserver',
    apiServerArgs({
      etcdPort: ports.etcd,
      port: ports.apiserver,
      address: apiAddress,
      realNode: Boolean(nodeBinDir),
    }),
  );
  save();
  await waitFor('kube-apiserver /readyz', async () => (await apiGet(server, '/readyz')) === 200);

  pids['kube-controller-manager'] = startProcess(binDir, 'kube-controller-manager', [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.controllerManager}`,
    '--leader-elect=false',
    `--service-account-private-key-file=${p('sa.key')}`,
    `--root-ca-file=${p('ca.crt')}`,
    '--use-service-account-credentials=true',
    // Node IPAM stays off: kwok's nodes have fake pod addresses and the real node's range is set at start.
    '--controllers=*,-nodeipam',
    '--kube-api-qps=500',
    '--kube-api-burst=1000',
    '--concurrent-deployment-syncs=20',
    '--concurrent-replicaset-syncs=20',
    '--concurrent-gc-syncs=50',
    '--v=0',
  ]);
  pids['kube-scheduler'] = startProcess(binDir, 'kube-scheduler', [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.scheduler}`,
    '--leader-elect=false',
    '--kube-api-qps=500',
    '--kube-api-burst=1000',
    '--v=0',
  ]);
  pids.kwok = startProcess(binDir, 'kwok', [
    `--kubeconfig=${kubeconfig}`,
    // Only the simulated nodes: the real node has a kubelet of its own.
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    `--server-address=127.0.0.1:${ports.kwok}`,
    '--node-ip=127.0.0.1',
    `--cidr=${KWOK_POD_CIDR}`,
    `--config=${join(repoRoot, 'e2e', 'toolchain', 'kwok.yaml')}`,
  ]);
  save();

  const nodes = ZONES.map((zone, i) => nodeManifest(zone, i, Boolean(nodeBinDir)));
  await kubectl(info, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }));
  await waitFor('3 Ready nodes', async () => {
    const out = await kubectl(info, [
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
    ]);
    return out.split(' ').filter((s) => s === 'True').length === ZONES.length;
  });
  await waitFor('the default ServiceAccount', async () => {
    try {
      await kubectl(info, ['get', 'serviceaccount', 'default', '-n', 'default']);
      return true;
    } catch {
      return false;
    }
  });
  if (nodeBinDir) {
    const kubeletConfig = writeKubeconfig(server, 'kubelet', join(stateDir, 'kubelet.kubeconfig'));
    const proxyConfig = writeKubeconfig(server, 'kube-proxy', join(stateDir, 'kube-proxy.kubeconfig'));
    await startNode(
      {
        binDir,
        nodeBinDir,
        pki,
        kubeconfigs: { kubelet: kubeletConfig, proxy: proxyConfig, admin: kubeconfig },
        kubectl: (args, input) => kubectl(info, args, input),
        freePort,
        startProcess,
      },
      (name, pid) => {
        pids[name] = pid;
        save();
      },
    );
  }
  // The provider-aws schemas, so the API server validates every managed resource the operator writes.
  await installProviderCrds(kubeconfig, info.kubectl);
  console.error(`Local control plane ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${server}`);
  return info;
}

/** SIGTERM, then SIGKILL after a grace period; resolves when every pid is gone. */
async function stopProcesses(pids: number[], graceMs = 10_000): Promise<void> {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Stops every process recorded in .dhakacart/cluster.json and, with a real node, removes everything the node
 * made on the machine (containers, shims, mounts, interfaces, iptables rules) and restores its sysctls.
 */
export async function stopCluster(opts: { quiet?: boolean } = {}) {
  const state = readState();
  if (!state) {
    // Nothing of this checkout runs; a real node whose run was killed may still have left pods and rules.
    const owner = await reclaimStaleNode();
    if (owner && !opts.quiet) console.error(`Removed what the real node of ${owner} left behind.`);
    return;
  }
  if (state.node) {
    holdNodeLockWhileStopping();
    await stopNode(state.pids, stopProcesses);
  }
  // Reverse start order: kwok and the controllers before the API server, etcd last.
  for (const name of [...COMPONENTS].reverse()) {
    const pid = state.pids[name];
    if (pid) await stopProcesses([pid]);
  }
  if (state.node) {
    await teardownHostNetwork(state.node.sysctls);
    releaseNodeLock();
  }
  rmSync(statePath, { force: true });
  rmSync(join(stateDir, 'etcd'), { recursive: true, force: true });
  if (!opts.quiet) console.error('Local control plane stopped.');
}

/** API server flags for a cluster with the real node: node authorization, kubelet access, aggregation. */
function realNodeApiServerFlags(): string[] {
  const p = (file: string) => join(pki, file);
  const admission = join(stateDir, 'admission.yaml');
  writeFileSync(
    join(stateDir, 'pod-node-selector.yaml'),
    `podNodeSelectorPluginConfig:\n  clusterDefaultNodeSelector: "${REAL_NODE_LABEL}"\n`,
  );
  writeFileSync(
    admission,
    `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodNodeSelector
  path: ${join(stateDir, 'pod-node-selector.yaml')}
`,
  );
  return [
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy,NodeRestriction,PodNodeSelector,PodTolerationRestriction',
    `--admission-control-config-file=${admission}`,
    `--kubelet-client-certificate=${p('admin.crt')}`,
    `--kubelet-client-key=${p('admin.key')}`,
    '--kubelet-preferred-address-types=InternalIP',
    `--requestheader-client-ca-file=${p('ca.crt')}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${p('front-proxy-client.crt')}`,
    `--proxy-client-key-file=${p('front-proxy-client.key')}`,
    '--enable-aggregator-routing=true',
  ];
}

/** The running cluster, started if needed: what tests call. */
export async function ensureCluster(): Promise<ClusterInfo> {
  if (process.env.DHAKACART_KUBECONFIG) {
    const kubeconfig = process.env.DHAKACART_KUBECONFIG;
    const binDir = await buildBinaries();
    return { kubeconfig, kubectl: join(binDir, 'kubectl'), binDir, server: '' };
  }
  return startCluster();
}
