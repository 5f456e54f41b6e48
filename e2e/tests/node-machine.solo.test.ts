// `cluster:down` leaves the machine as it was: a private cluster with the real node runs a pod, stops, and the
// machine's interfaces, routes, iptables rules, ipsets, mounts, network namespaces, sysctls, cgroups and
// processes are what they were before it started. And a run killed without `cluster:down` (an ended session)
// leaves pods running; the next start or `cluster:down` removes them. Runs alone (`.solo`): the real node is
// machine-wide.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const privateState = mkdtempSync(join(tmpdir(), 'dhakacart-machine-'));
process.env.DHAKACART_STATE_DIR = privateState;
const { startCluster, stopCluster } = await import('../src/cluster.ts');
const { machineState } = await import('../src/machine.ts');
const { NODE_LOCK, reclaimStaleNode, takeNodeLock } = await import('../src/node.ts');
const machine = () => machineState(privateState);

/** Starts the private cluster and runs one pod on the real node; returns the cluster. */
async function clusterWithPod() {
  const info = await startCluster();
  const kubectl = (args: string[], input?: string) =>
    execFileSync(info.kubectl, ['--kubeconfig', info.kubeconfig, ...args], { encoding: 'utf8', input });
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe', namespace: 'default' },
      spec: {
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'probe',
            image: 'ghcr.io/dhakacart/api:1.4.0',
            command: ['node', '-e', 'setInterval(() => {}, 1000)'],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    }),
  );
  kubectl(['wait', '--for=condition=Ready', 'pod/probe', '--timeout=120s']);
  return info;
}

// Another checkout's node (a second worktree on the same machine) is waited for, never judged: each test holds
// the node lock before its first snapshot.
process.env.DHAKACART_NODE_WAIT_SECONDS ??= '3600';

test("while another checkout's node runs, taking the node fails naming it, or waits until it stops", async () => {
  await takeNodeLock();
  const other = spawn('sleep', ['120']); // stands for the other checkout's process that holds the node
  writeFileSync(NODE_LOCK, `/srv/other-checkout/.dhakacart\n${other.pid}\n`);
  const wait = process.env.DHAKACART_NODE_WAIT_SECONDS;
  try {
    process.env.DHAKACART_NODE_WAIT_SECONDS = '0';
    const refused = await takeNodeLock().then(
      () => undefined,
      (error: Error) => error.message,
    );
    assert.match(
      refused ?? 'it was taken',
      /in use by the local cluster of \/srv\/other-checkout\/\.dhakacart/,
    );
    process.env.DHAKACART_NODE_WAIT_SECONDS = '60';
    let taken = false;
    const waiting = takeNodeLock().then(() => (taken = true));
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    assert.not.ok(taken, 'it waits while the other node runs');
    other.kill('SIGKILL');
    await waiting;
    assert.equal(
      readFileSync(NODE_LOCK, 'utf8').split('\n')[0],
      privateState,
      "then the lock is this checkout's",
    );
  } finally {
    other.kill('SIGKILL');
    process.env.DHAKACART_NODE_WAIT_SECONDS = wait;
    await reclaimStaleNode();
  }
  assert.not.ok(existsSync(NODE_LOCK));
});

test('a cluster with the real node runs a pod, then cluster:down leaves the machine as it was', async () => {
  await takeNodeLock();
  const before = machine();
  try {
    await clusterWithPod();
    const during = machine();
    assert.ok(
      during.links?.some((l) => l.startsWith('dhakacart0')),
      'the node made its bridge',
    );
    assert.ok(
      during.processes?.some((p) => p.includes('kubelet')),
      'the kubelet ran',
    );
  } finally {
    await stopCluster();
  }
  const after = machine();
  for (const key of Object.keys(before)) assert.equal(after[key], before[key], `${key} after cluster:down`);
});

test('a run killed without cluster:down leaves its pods running; the next cluster:down removes them', async () => {
  await takeNodeLock();
  const before = machine();
  await clusterWithPod();
  // What an ended session does: every process this checkout started is killed at once. The pods' shims
  // and processes are not this checkout's children (containerd daemonizes them) and keep running.
  const statePath = join(privateState, 'cluster.json');
  const { pids } = JSON.parse(readFileSync(statePath, 'utf8')) as { pids: Record<string, number> };
  for (const pid of Object.values(pids)) process.kill(pid, 'SIGKILL');
  rmSync(statePath);
  const left = machine();
  assert.ok(
    left.links?.some((l) => l.startsWith('dhakacart0')),
    'the killed node left its bridge',
  );
  assert.ok(existsSync(NODE_LOCK), 'the killed node left its lock');
  await stopCluster(); // no cluster.json here any more: it removes the dead node's leftovers
  const after = machine();
  for (const key of Object.keys(before)) assert.equal(after[key], before[key], `${key} after the reclaim`);
});

test.after(() => {
  rmSync(privateState, { recursive: true, force: true });
});

test.run();
