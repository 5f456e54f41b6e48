// The local control plane: a real etcd, kube-apiserver, kube-controller-manager and kube-scheduler, plus kwok
// simulating three nodes in three zones, all on 127.0.0.1 on free ports. Binaries come from
// e2e/toolchain/build.sh (built once from pinned upstream Go modules and cached outside the repo). The
// processes run detached so `cluster:up` can return; their pids live in .dhakacart/cluster.json so
// `cluster:down` (or the test runner) stops exactly what was started.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, stateDir } from './paths.ts';
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

/** Builds the binaries if the cache lacks them (progress on stderr) and returns the cache's bin directory. */
export async function buildBinaries(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'e2e', 'toolchain', 'build.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      const binDir = out.trim().split('\n').pop();
      if (code === 0 && binDir) resolve(binDir);
      else
        reject(
          new Error(`building the control plane binaries failed (exit ${code}); see the messages above`),
        );
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
  const everyAlive = components.length === COMPONENTS.length && components.every((c) => c.alive);
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

/** A CA, the API server's serving certificate, the service-account signing key pair and an admin client. */
async function ensurePki() {
  if (existsSync(join(pki, 'admin.crt'))) return;
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
    'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n',
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
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'admin.key',
    '-out',
    'admin.csr',
    '-subj',
    '/O=system:masters/CN=dhakacart-admin',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    'admin.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'admin.crt',
    '-days',
    '3650',
    '-extfile',
    'client.ext',
  );
  await openssl('genrsa', '-out', 'sa.key', '2048');
  await openssl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
}

function writeKubeconfig(server: string): string {
  const b64 = (file: string) => readFileSync(join(pki, file)).toString('base64');
  const path = join(stateDir, 'kubeconfig');
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
    client-certificate-data: ${b64('admin.crt')}
    client-key-data: ${b64('admin.key')}
contexts:
- name: dhakacart-local
  context: { cluster: dhakacart-local, user: dhakacart-admin }
current-context: dhakacart-local
`,
    { mode: 0o600 },
  );
  return path;
}

function startProcess(binDir: string, name: string, args: string[]): number {
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

const nodeManifest = (zone: string, i: number) => ({
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

/** Starts the control plane, or returns the running one. Safe to call concurrently from several processes. */
export async function startCluster(): Promise<ClusterInfo> {
  const current = await clusterStatus();
  if (current.running && current.info) return current.info;
  const binDir = await buildBinaries();
  mkdirSync(stateDir, { recursive: true });
  // One starter at a time across processes (the test runner and a developer's `cluster:up`).
  const lockDir = join(stateDir, 'starting.lock');
  const lockDeadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > lockDeadline) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      const status = await clusterStatus();
      if (status.running && status.info) return status.info;
    }
  }
  try {
    return await startLocked(binDir);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function startLocked(binDir: string): Promise<ClusterInfo> {
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
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const kubeconfig = writeKubeconfig(server);
  const info: ClusterInfo = { kubeconfig, kubectl: join(stateDir, 'bin', 'kubectl'), binDir, server };
  const pids: Record<string, number> = {};
  const save = () =>
    writeFileSync(
      statePath,
      JSON.stringify({ ...info, pids, ports, startedAt: new Date().toISOString() }, null, 2),
    );
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

  pids['kube-apiserver'] = startProcess(binDir, 'kube-apiserver', [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiserver}`,
    `--tls-cert-file=${p('apiserver.crt')}`,
    `--tls-private-key-file=${p('apiserver.key')}`,
    `--client-ca-file=${p('ca.crt')}`,
    '--authorization-mode=RBAC',
    '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p('sa.pub')}`,
    `--service-account-signing-key-file=${p('sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--allow-privileged=true',
    // There is no real node network: the kubernetes Service endpoint would point at loopback, which is invalid.
    '--endpoint-reconciler-type=none',
    '--max-requests-inflight=2000',
    '--max-mutating-requests-inflight=1000',
    '--v=0',
  ]);
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
    '--manage-all-nodes=true',
    `--server-address=127.0.0.1:${ports.kwok}`,
    '--node-ip=127.0.0.1',
    '--cidr=10.244.0.1/16',
    `--config=${join(repoRoot, 'e2e', 'toolchain', 'kwok.yaml')}`,
  ]);
  save();

  const nodes = ZONES.map((zone, i) => nodeManifest(zone, i));
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
  // The provider-aws schemas, so the API server validates every managed resource the operator writes.
  await installProviderCrds(kubeconfig, info.kubectl);
  console.error(`Local control plane ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${server}`);
  return info;
}

/** Stops every process recorded in .dhakacart/cluster.json: SIGTERM, then SIGKILL after a grace period. */
export async function stopCluster(opts: { quiet?: boolean } = {}) {
  const state = readState();
  if (!state) return;
  // Reverse start order: kwok and the controllers before the API server, etcd last.
  const order = [...COMPONENTS].reverse();
  for (const name of order) {
    const pid = state.pids[name];
    if (pid && alive(pid)) process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && Object.values(state.pids).some(alive))
    await new Promise((r) => setTimeout(r, 100));
  for (const pid of Object.values(state.pids)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(statePath, { force: true });
  rmSync(join(stateDir, 'etcd'), { recursive: true, force: true });
  if (!opts.quiet) console.error('Local control plane stopped.');
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
