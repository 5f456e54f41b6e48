// What an end-to-end suite needs from the local control plane: a client, kubectl, and a namespace of its own
// that enforces Pod Security "restricted" (so every pod a test makes must meet it) and is deleted afterwards.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type ClusterInfo, ensureCluster, kwokNamespaceAnnotations, withRealNode } from './cluster.ts';

export interface TestCluster {
  info: ClusterInfo;
  kc: KubeConfig;
  core: CoreV1Api;
}

let cached: Promise<TestCluster> | undefined;

/** The cluster for this test process (started or reused once), with a loaded admin KubeConfig. */
export function testCluster(): Promise<TestCluster> {
  cached ??= ensureCluster().then((info) => {
    const kc = new KubeConfig();
    kc.loadFromFile(info.kubeconfig);
    return { info, kc, core: kc.makeApiClient(CoreV1Api) };
  });
  return cached;
}

export interface TestNamespace {
  name: string;
  delete(): Promise<void>;
}

/**
 * A fresh namespace named `<prefix>-<random>`, labelled to enforce Pod Security "restricted" unless told not
 * to. `node: 'kwok'` (the default) sends its pods to kwok's simulated nodes, where they only exist;
 * `node: 'real'` to the real node, where they run.
 */
export async function createTestNamespace(
  prefix: string,
  opts: { restricted?: boolean; node?: 'kwok' | 'real' } = {},
): Promise<TestNamespace> {
  const { core } = await testCluster();
  const name = `${prefix}-${randomBytes(3).toString('hex')}`.toLowerCase();
  const labels: Record<string, string> = { 'dhakacart.io/test': 'true' };
  if (opts.restricted !== false) {
    labels['pod-security.kubernetes.io/enforce'] = 'restricted';
    labels['pod-security.kubernetes.io/enforce-version'] = 'latest';
  }
  const annotations = withRealNode && opts.node !== 'real' ? kwokNamespaceAnnotations() : {};
  await core.createNamespace({ body: { metadata: { name, labels, annotations } } });
  return {
    name,
    delete: async () => {
      await core.deleteNamespace({ name }).catch(() => undefined);
    },
  };
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against the test cluster; never throws, so tests can assert on failures too. */
export async function kubectl(
  args: string[],
  input?: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<KubectlResult> {
  const { info } = await testCluster();
  return new Promise((resolve) => {
    const child = spawn(info.kubectl, ['--kubeconfig', info.kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Polls `check` until it returns a truthy value, or fails with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
