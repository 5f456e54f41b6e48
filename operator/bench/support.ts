// Shared by the operator benchmarks: the local control plane, the operator as a child process, watchers
// that timestamp readiness as the API server reports it, rendered children for the floor, and result files.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KubeConfig,
  type KubernetesObject,
  type V1Deployment,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { testCluster } from '../../e2e/src/harness.ts';
import { repoRoot } from '../../e2e/src/paths.ts';
import { desiredChildren } from '../src/desired/children.ts';
import { desiredGeneratedSecrets } from '../src/desired/secrets.ts';
import { Informer } from '../src/informer.ts';
import { RESOURCES } from '../src/kube/resources.ts';
import { toWire } from '../src/kube/wire.ts';
import { type DhakaCart, makeShop } from '../src/types.ts';

export { testCluster };

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function run(
  cmd: string,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export async function kubectl(args: string[], input?: string): Promise<string> {
  const { info } = await testCluster();
  const result = await run(info.kubectl, ['--kubeconfig', info.kubeconfig, ...args], input);
  if (result.code !== 0)
    throw new Error(`kubectl ${args.slice(0, 3).join(' ')}: ${result.stderr.slice(0, 500)}`);
  return result.stdout;
}

export async function ensureCrd(): Promise<void> {
  await kubectl([
    'apply',
    '--server-side',
    '--force-conflicts',
    '-f',
    join(repoRoot, 'crds', 'dhakacart.io_dhakacarts.yaml'),
  ]);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/dhakacarts.dhakacart.io']);
}

export async function createNamespace(name: string): Promise<void> {
  await kubectl(['create', 'namespace', name]);
  await kubectl([
    'label',
    'namespace',
    name,
    'pod-security.kubernetes.io/enforce=restricted',
    'dhakacart.io/test=true',
  ]);
}

export async function deleteNamespace(name: string): Promise<void> {
  await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}

/** PersistentVolumes pre-bound to each shop's PostgreSQL claim (the local control plane has no provisioner). */
export function volumes(namespace: string, shops: string[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: shops.map((shop) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: `pv-${namespace}-${shop}`.slice(0, 63),
        labels: { 'dhakacart.io/test': 'true', 'dhakacart.io/bench': namespace },
      },
      spec: {
        capacity: { storage: '100Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: '',
        claimRef: { namespace, name: `data-${shop}-postgres-0` },
        hostPath: { path: `/tmp/dhakacart-pv/${namespace}-${shop}` },
      },
    })),
  });
}

export async function deleteVolumes(namespace: string): Promise<void> {
  await kubectl([
    'delete',
    'pv',
    '-l',
    `dhakacart.io/bench=${namespace}`,
    '--wait=false',
    '--ignore-not-found',
  ]);
}

/** The sample's spec, as a DhakaCart manifest. */
export function shopManifest(name: string, namespace: string): DhakaCart {
  return {
    apiVersion: 'dhakacart.io/v1alpha1',
    kind: 'DhakaCart',
    metadata: { name, namespace },
    spec: { version: '1.4.0', ingress: { host: `${name}.shop.example.com` } },
  } as unknown as DhakaCart;
}

/** Everything the operator would write for a shop, as one kubectl List (no owner: nothing to own it). */
export function renderedChildren(name: string, namespace: string): KubernetesObject[] {
  const shop = makeShop(name, namespace, { version: '1.4.0', ingress: { host: `${name}.shop.example.com` } });
  let n = 0;
  const random = (bytes: number) => `${(n++).toString(16).padStart(2, '0')}${'ab'.repeat(bytes - 1)}`;
  const objects = [
    ...desiredGeneratedSecrets(shop, random),
    ...desiredChildren(shop, { apiVersion: '1.4.0' }),
  ];
  return objects.map((o) => {
    const wire = toWire(o);
    if (wire.metadata) delete wire.metadata.ownerReferences;
    if (wire.kind === 'Deployment') {
      const d = wire as V1Deployment;
      if (d.spec && d.spec.replicas === undefined)
        d.spec.replicas = d.metadata?.name?.endsWith('-api') ? 3 : 2;
    }
    return wire;
  });
}

export function list(items: KubernetesObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** The V8 flags the Helm chart's Deployment runs the operator with (values.yaml `nodeOptions`). */
export const V8_FLAGS = (
  process.env.BENCH_V8_FLAGS ?? '--max-old-space-size=128 --max-semi-space-size=2'
).split(' ');

export interface RunningOperator {
  process: ChildProcess;
  metric: (name: string, labels?: string) => Promise<number>;
  writes: () => Promise<number>;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

export async function startOperator(
  namespace: string,
  env: Record<string, string> = {},
): Promise<RunningOperator> {
  const { info } = await testCluster();
  // The same V8 heap cap as the Helm chart's Deployment.
  const child = spawn(process.execPath, [...V8_FLAGS, join(repoRoot, 'operator', 'src', 'main.ts')], {
    env: {
      ...process.env,
      KUBECONFIG: info.kubeconfig,
      WATCH_NAMESPACE: namespace,
      LEADER_ELECTION: 'false',
      INSTALL_CRD: 'false',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave the operator behind if the benchmark dies.
  process.on('exit', () => child.kill('SIGKILL'));
  let output = '';
  child.stdout?.on('data', (c) => {
    // Keep only the beginning (the port line); the rest is one line per write.
    if (output.length < 4096) output += c;
  });
  child.stderr?.on('data', (c) => process.stderr.write(c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let port = 0;
  const started = Date.now();
  while (!port) {
    const match = /"port":(\d+)/.exec(output);
    if (match) port = Number(match[1]);
    else if (Date.now() - started > 20_000) {
      child.kill('SIGKILL');
      throw new Error(`operator did not start: ${output}`);
    } else await new Promise((r) => setTimeout(r, 50));
  }
  const metric = async (name: string, labels = '') => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || !line.startsWith(name)) continue;
      const rest = line.slice(name.length);
      if (!(rest.startsWith('{') || rest.startsWith(' '))) continue;
      if (labels && !line.includes(labels)) continue;
      sum += Number(line.split(' ').pop());
    }
    return sum;
  };
  return {
    process: child,
    metric,
    writes: () => metric('dhakacart_operator_api_writes_total'),
    peakRssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Timestamps, as the watch sees them, of each shop becoming Ready and of Deployments/StatefulSets becoming ready. */
export class ReadinessClock {
  readonly shopReady = new Map<string, number>();
  readonly workloadReady = new Map<string, number>();
  readonly created = new Map<string, { uid: string; at: number }[]>();
  readonly #informers: Informer<KubernetesObject>[];

  constructor(kc: KubeConfig, namespace: string) {
    const shops = new Informer<KubernetesObject>(kc, RESOURCES.DhakaCart, { namespace });
    shops.on((_e, o) => {
      const conditions = (o as DhakaCart).status?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
      const name = o.metadata?.name ?? '';
      if (ready && !this.shopReady.has(name)) this.shopReady.set(name, performance.now());
      if (!ready) this.shopReady.delete(name);
    });
    const deployments = new Informer<KubernetesObject>(kc, RESOURCES.Deployment, { namespace });
    const statefulSets = new Informer<KubernetesObject>(kc, RESOURCES.StatefulSet, { namespace });
    const onWorkload = (event: string, o: KubernetesObject) => {
      const name = `${o.kind}/${o.metadata?.name}`;
      if (event === 'add') {
        const seen = this.created.get(name) ?? [];
        seen.push({ uid: o.metadata?.uid ?? '', at: performance.now() });
        this.created.set(name, seen);
      }
      if (event === 'delete') {
        this.workloadReady.delete(name);
        return;
      }
      const w = o as V1Deployment | V1StatefulSet;
      const want = w.spec?.replicas ?? 1;
      const ready =
        (w.status?.readyReplicas ?? 0) >= want &&
        (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0);
      if (ready && !this.workloadReady.has(name)) this.workloadReady.set(name, performance.now());
    };
    deployments.on(onWorkload);
    statefulSets.on(onWorkload);
    this.#informers = [shops, deployments, statefulSets];
  }

  async start(): Promise<void> {
    await Promise.all(this.#informers.map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.#informers) i.stop();
  }

  async until(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now();
  }
}

export async function adminKubeConfig(): Promise<KubeConfig> {
  const { info } = await testCluster();
  const kc = new KubeConfig();
  kc.loadFromFile(info.kubeconfig);
  return kc;
}

export function writeResults(name: string, results: unknown): string {
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

export function table(
  rows: { what: string; operator: string; floor: string; ratio: string; budget: string }[],
): void {
  console.table(rows);
}
