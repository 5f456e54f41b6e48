// `npm run cluster:up|status|down` as a developer uses them, on a second control plane with its own state
// directory so it does not disturb the one the other suites share. Without the real node (DHAKACART_NODE=none):
// there is one per machine and the shared cluster has it; node-machine.solo.test.ts covers a node's lifecycle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/paths.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'dhakacart-lifecycle-'));
const env = { ...process.env, DHAKACART_STATE_DIR: stateDir, DHAKACART_NODE: 'none' };
const cli = (command: string) =>
  spawnSync(process.execPath, [join(repoRoot, 'e2e', 'src', 'cli.ts'), command], {
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
const kubectl = (...args: string[]) =>
  spawnSync(join(stateDir, 'bin', 'kubectl'), ['--kubeconfig', join(stateDir, 'kubeconfig'), ...args], {
    encoding: 'utf8',
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.after(() => {
  cli('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('up brings three Ready nodes in three zones; a second up is harmless; down leaves no process', () => {
  const up = cli('up');
  assert.is(up.status, 0, up.stderr);
  const pids = Object.values(
    JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8')).pids as Record<string, number>,
  );
  assert.is(pids.length, 5);

  const nodes = kubectl(
    'get',
    'nodes',
    '-o',
    'jsonpath={range .items[*]}{.metadata.labels.topology\\.kubernetes\\.io/zone} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
  );
  assert.is(nodes.status, 0, nodes.stderr);
  const ready = nodes.stdout
    .trim()
    .split('\n')
    .filter((line) => line.endsWith(' True'));
  assert.equal(new Set(ready.map((line) => line.split(' ')[0])), new Set(['zone-a', 'zone-b', 'zone-c']));

  const again = cli('up');
  assert.is(again.status, 0, again.stderr);
  const pidsAgain = Object.values(
    JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8')).pids as Record<string, number>,
  );
  assert.equal(pidsAgain, pids, 'a second up restarted the control plane');

  const status = cli('status');
  assert.is(status.status, 0);
  assert.match(status.stdout, /running at https:\/\/127\.0\.0\.1:\d+/);

  const down = cli('down');
  assert.is(down.status, 0, down.stderr);
  assert.equal(pids.filter(alive), [], 'processes survived cluster:down');
  assert.match(cli('status').stdout, /not running/);
});

test.run();
