// `npm start` as a shopper's developer runs it, on a cluster of its own (a private state directory): Ctrl-C in
// the middle of the start leaves nothing behind; a full start serves the operator's shop on 127.0.0.1, where
// a purchase in Chromium lands in the in-cluster PostgreSQL; Ctrl-C then leaves the machine as it was (no
// process, container, mount, interface, rule or lock). Runs alone (`.solo`): the real node is machine-wide.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { machineState } from '../src/machine.ts';
import { NODE_LOCK, reclaimStaleNode, waitForNodeFree } from '../src/node.ts';
import { repoRoot } from '../src/paths.ts';
import { freePort } from '../src/services.ts';
import { buyOneProduct } from './node-support.ts';

const privateState = mkdtempSync(join(tmpdir(), 'dhakacart-start-'));
// Another checkout's node on the same machine is waited for; one a killed run left behind is removed first.
process.env.DHAKACART_NODE_WAIT_SECONDS ??= '3600';
async function machineBefore() {
  await waitForNodeFree();
  await reclaimStaleNode();
  return machineState(privateState);
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches, rejects when the process exits first or the time is up. */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<void>;
  exited: Promise<number | null>;
}

async function npmStart(): Promise<{ started: Started; port: number }> {
  let port = await freePort();
  while (port > 60_000) port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DHAKACART_STATE_DIR: privateState,
      STOREFRONT_PORT: String(port),
      API_PORT: String(await freePort()),
      KUBECONFIG: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c) => (text += c));
  child.stderr?.on('data', (c) => (text += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      if (child.exitCode !== null)
        throw new Error(`npm start exited before ${pattern}:\n${text.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`npm start did not print ${pattern} in time:\n${text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  return { started: { child, output: () => text, waitFor, exited }, port };
}

/** Ctrl-C, then waits for npm start to finish stopping (at most two minutes). */
async function ctrlC(started: Started): Promise<void> {
  started.child.kill('SIGINT');
  const code = await Promise.race([
    started.exited,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('npm start still running 2 min after Ctrl-C')), 120_000),
    ),
  ]);
  assert.is(code, 0, started.output().slice(-2000));
}

function assertNothingLeft(before: Record<string, string[]>) {
  const after = machineState(privateState);
  for (const key of Object.keys(before)) assert.equal(after[key], before[key], `${key} after Ctrl-C`);
  assert.not.ok(existsSync(NODE_LOCK), 'the node lock is gone');
  assert.not.ok(existsSync(join(privateState, 'starting.lock')), 'the start lock is gone');
}

test('Ctrl-C while the cluster is starting stops everything it had started', async () => {
  const before = await machineBefore();
  const { started } = await npmStart();
  await started.waitFor(/Starting the local cluster/, 120_000);
  // Into the start: control plane processes and the node's network exist by now.
  await new Promise((r) => setTimeout(r, 20_000));
  await ctrlC(started);
  assertNothingLeft(before);
});

test("npm start serves the operator's shop on 127.0.0.1; a purchase lands in the in-cluster PostgreSQL; Ctrl-C leaves nothing", async () => {
  const before = await machineBefore();
  const { started, port } = await npmStart();
  try {
    await started.waitFor(/Serving now on http:\/\/127\.0\.0\.1:\d+: the OPERATOR'S shop/, 1_200_000);
    await buyOneProduct(`http://127.0.0.1:${port}`, 'Karim Start', 'npm-start-purchase-failed');
    const names = execFileSync(
      join(privateState, 'bin', 'kubectl'),
      [
        '--kubeconfig',
        join(privateState, 'kubeconfig'),
        'exec',
        '-n',
        'shop',
        'eid-sale-postgres-0',
        '--',
        'psql',
        '-h',
        '/var/run/postgresql',
        '-U',
        'dhakacart',
        '-d',
        'dhakacart',
        '-Atc',
        'select customer_name from orders',
      ],
      { encoding: 'utf8' },
    );
    assert.match(names, 'Karim Start');
  } finally {
    await ctrlC(started);
  }
  assertNothingLeft(before);
});

test.after(() => {
  rmSync(privateState, { recursive: true, force: true });
});

test.run();
