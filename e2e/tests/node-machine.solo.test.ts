// `cluster:down` leaves the machine as it was: a private cluster with the real node runs a pod, stops, and the
// machine's interfaces, routes, iptables rules, ipsets, mounts, network namespaces, sysctls, cgroups and
// processes are what they were before it started. Runs alone (`.solo`): the real node is machine-wide.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const privateState = mkdtempSync(join(tmpdir(), 'dhakacart-machine-'));
process.env.DHAKACART_STATE_DIR = privateState;
const { startCluster, stopCluster } = await import('../src/cluster.ts');
const { machineState } = await import('../src/machine.ts');
const machine = () => machineState(privateState);

test('a cluster with the real node runs a pod, then cluster:down leaves the machine as it was', async () => {
  const before = machine();
  const info = await startCluster();
  try {
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

test.after(() => {
  rmSync(privateState, { recursive: true, force: true });
});

test.run();
