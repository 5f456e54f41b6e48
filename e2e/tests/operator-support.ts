// What the operator suites share: the CRD installed, the Helm chart installed into the test namespace, and
// the operator started as a process that authenticates with the chart's ServiceAccount token (so a missing
// RBAC rule fails a test), plus PersistentVolumes for the inCluster PostgreSQL (the local control plane has
// no storage provisioner).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { withRealNode } from '../src/cluster.ts';
import { eventually, kubectl, testCluster } from '../src/harness.ts';
import { DEFAULT_STORAGE_CLASS } from '../src/node-addons.ts';
import { repoRoot } from '../src/paths.ts';

export const crdFile = join(repoRoot, 'crds', 'dhakacart.io_dhakacarts.yaml');
export const chartDir = join(repoRoot, 'charts', 'dhakacart-operator');
export const sampleFile = join(repoRoot, 'crds', 'samples', 'dhakacart.yaml');

/** kubectl that throws with its stderr on failure. */
export async function k(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** `kubectl get events` about one object, optionally of one reason, as kubectl prints them. */
export const eventsAbout = (namespace: string, name: string, reason?: string): Promise<string> =>
  k([
    'get',
    'events',
    '-n',
    namespace,
    '--field-selector',
    `involvedObject.name=${name}${reason ? `,reason=${reason}` : ''}`,
  ]);

export async function getJson<T = Record<string, any>>(args: string[]): Promise<T> {
  return JSON.parse(await k([...args, '-o', 'json'])) as T;
}

/** Installs (or updates) the CRD as the cluster admin, and waits until it is served. */
export async function ensureCrd(): Promise<void> {
  await k(['apply', '--server-side', '--force-conflicts', '-f', crdFile]);
  await k(['wait', '--for=condition=Established', '--timeout=60s', 'crd/dhakacarts.dhakacart.io']);
}

export async function helm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { info } = await testCluster();
  return new Promise((resolve) => {
    const child = spawn(join(info.binDir, 'helm'), [...args, '--kubeconfig', info.kubeconfig], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Installs the chart into `namespace` (release `op`), watching only that namespace. Returns the ServiceAccount. */
export async function installChart(namespace: string): Promise<string> {
  const result = await helm([
    'upgrade',
    '--install',
    'op',
    chartDir,
    '--namespace',
    namespace,
    '--wait=false',
    '--set',
    `watchNamespace=${namespace}`,
  ]);
  if (result.code !== 0) throw new Error(`helm install failed: ${result.stderr}`);
  return 'op-dhakacart-operator';
}

/**
 * A kubeconfig that authenticates as the chart's ServiceAccount (a TokenRequest token), not as admin; it
 * talks to `server` (default: the cluster's own API server).
 */
export async function serviceAccountKubeconfig(
  namespace: string,
  serviceAccount: string,
  server?: string,
): Promise<string> {
  const { info } = await testCluster();
  const token = (await k(['create', 'token', serviceAccount, '-n', namespace, '--duration=2h'])).trim();
  const admin = new KubeConfig();
  admin.loadFromFile(info.kubeconfig);
  const cluster = admin.getCurrentCluster();
  const ca = cluster?.caData ?? readFileSync(cluster?.caFile ?? '').toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-op-'));
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "${server ?? info.server}", certificate-authority-data: ${ca} } }]
users: [{ name: operator, user: { token: "${token}" } }]
contexts: [{ name: operator, context: { cluster: local, user: operator, namespace: ${namespace} } }]
current-context: operator
`,
    { mode: 0o600 },
  );
  return path;
}

export interface RunningOperator {
  process: ChildProcess;
  port: number;
  logs: () => string;
  /** Sum of dhakacart_operator_api_writes_total. */
  writes: () => Promise<number>;
  metric: (name: string, labels?: string) => Promise<number>;
  /** SIGTERM and wait for exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no cleanup at all. */
  kill: () => Promise<void>;
}

/** Starts `node operator/src/main.ts` with the given kubeconfig, scoped to `namespace`. */
export async function startOperator(
  kubeconfig: string,
  namespace: string,
  env: Record<string, string> = {},
): Promise<RunningOperator> {
  const child = spawn(process.execPath, [join(repoRoot, 'operator', 'src', 'main.ts')], {
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      WATCH_NAMESPACE: namespace,
      LEADER_ELECTION_NAMESPACE: namespace,
      INSTALL_CRD: 'false',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await eventually(
    'the operator to serve metrics',
    async () => {
      const match = /"msg":"serving \/metrics, \/healthz, \/readyz","port":(\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    },
    20_000,
  );
  const metricsText = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = async (name: string, labels = '') => {
    const text = await metricsText();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name) || line.startsWith('#')) continue;
      if (labels && !line.includes(labels)) continue;
      const rest = line.slice(name.length);
      if (!(rest.startsWith('{') || rest.startsWith(' '))) continue;
      sum += Number(line.split(' ').pop());
    }
    return sum;
  };
  return {
    process: child,
    port,
    logs: () => output,
    writes: () => metric('dhakacart_operator_api_writes_total'),
    metric,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A PersistentVolume reserved for the claim `claim` in `namespace` (the local cluster has no provisioner). */
export async function provideVolume(namespace: string, claim: string): Promise<string> {
  const name = `pv-${namespace}-${claim}`.slice(0, 63);
  await k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, labels: { 'dhakacart.io/test': 'true' } },
      spec: {
        capacity: { storage: '100Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        // The class the claim gets (the default StorageClass, when the real node brings one).
        storageClassName: withRealNode ? DEFAULT_STORAGE_CLASS : '',
        claimRef: { namespace, name: claim },
        hostPath: { path: `/tmp/dhakacart-pv/${name}` },
      },
    }),
  );
  return name;
}

/** The volume for the claim of `<shop>-postgres` in `namespace`. */
export const providePostgresVolume = (namespace: string, shop: string) =>
  provideVolume(namespace, `data-${shop}-postgres-0`);

export interface Shop {
  metadata: { name: string; namespace: string; generation: number; uid: string };
  spec: Record<string, any>;
  status?: {
    observedGeneration?: number;
    version?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
    api?: { replicas: string };
  };
}

export async function getShop(namespace: string, name: string): Promise<Shop> {
  return getJson<Shop>(['get', 'dhakacart', name, '-n', namespace]);
}

export function condition(shop: Shop, type: string) {
  return shop.status?.conditions?.find((c) => c.type === type);
}

/** Waits until the shop reports `Ready=True` for its current generation. */
export async function waitReady(namespace: string, name: string, timeoutMs = 60_000): Promise<Shop> {
  return eventually(
    `${namespace}/${name} to become Ready`,
    async () => {
      const shop = await getShop(namespace, name);
      const ready = condition(shop, 'Ready');
      return ready?.status === 'True' && shop.status?.observedGeneration === shop.metadata.generation
        ? shop
        : undefined;
    },
    timeoutMs,
  );
}

/** The sample manifest (crds/samples/dhakacart.yaml), renamed and placed in `namespace`. */
export function sampleShop(name: string, namespace: string): string {
  return readFileSync(sampleFile, 'utf8').replace(
    /^ {2}name: eid-sale\b.*$/m,
    `  name: ${name}\n  namespace: ${namespace}`,
  );
}

/** Everything a test needs: namespace-scoped chart install, an operator running as its ServiceAccount. */
export async function operatorAsServiceAccount(
  namespace: string,
  env: Record<string, string> = {},
): Promise<RunningOperator> {
  const serviceAccount = await installChart(namespace);
  const kubeconfig = await serviceAccountKubeconfig(namespace, serviceAccount);
  return startOperator(kubeconfig, namespace, env);
}
