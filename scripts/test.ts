// `npm test`: runs every uvu suite in the workspace, each file in its own Node process, a few at a time, and
// prints one line per file and a closing summary. Suites under e2e/ need the local cluster: it is started once
// here (or a running one reused) and stopped at the end if this run started it. Three kinds of files:
//   *.solo.test.ts      first, one at a time, with no shared cluster running (they start and stop their own);
//   e2e/tests/node-*    one at a time on the shared cluster: their pods share the one real node's 2 cores;
//   everything else     `jobs` at a time, beside the node lane.
// Lint (Biome) and the typecheck run as two more checks beside them (`npm test -- lint` or `-- typecheck`
// runs one alone). A file that skips a test or narrows the run with `.only` fails: a passing run means
// every test ran.
// Before any file runs, every binary and image the selected e2e/ and monitoring/ files build from source is
// built (e2e/src/prepare.ts), outside the per-file timeout: on a cold machine that is most of half an hour.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { clusterStatus, startCluster, stopCluster } from '../e2e/src/cluster.ts';
import { repoRoot } from '../e2e/src/paths.ts';
import { prepareToolchain } from '../e2e/src/prepare.ts';

const WORKSPACES = ['operator', 'api', 'storefront', 'monitoring', 'e2e'];
// One core is the real node's lane (its pods, the operator and the load they serve); the rest run the others.
const jobs = Number(process.env.DHAKACART_TEST_JOBS ?? Math.max(1, availableParallelism() - 1));
// 20 minutes: the slowest file (operator-kill-points, twenty operator restarts) took 13 on a machine shared by
// several suites; a file that hangs is still stopped well inside CI's 90.
const fileTimeoutMs = Number(process.env.DHAKACART_TEST_TIMEOUT_MS ?? 20 * 60_000);
const filters = process.argv.slice(2);
const resultsDir = join(repoRoot, 'test-results');
// Prints what a test.before hook threw (uvu itself drops it).
const beforeErrors = join(repoRoot, 'scripts', 'uvu-before-errors.ts');

/** Every `*.test.ts` under a workspace, skipping dependencies and build output. */
function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  ok: boolean;
}

/** Runs one suite file; uvu prints Total/Passed/Skipped, which is summed into the closing line. */
function runFile(file: string, env: NodeJS.ProcessEnv): Promise<FileResult> {
  const started = Date.now();
  const name = relative(repoRoot, file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', beforeErrors, file], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[test runner] ${name} did not finish within ${fileTimeoutMs / 1000}s and was stopped\n`;
      child.kill('SIGKILL');
    }, fileTimeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = stripVTControlCharacters(output);
      const total = Number(/Total:\s+(\d+)/.exec(text)?.[1] ?? 0);
      const passed = Number(/Passed:\s+(\d+)/.exec(text)?.[1] ?? 0);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(text)?.[1] ?? 0);
      // A file that crashed before uvu's summary, or ran no test at all, counts as one failure.
      // uvu counts skipped tests (and, with `.only`, the tests left out) outside Total.
      const narrowed = /\btest\.(skip|only)\(/.test(readFileSync(file, 'utf8'));
      if (skipped > 0 || narrowed)
        output += `\n[test runner] ${name} skips tests or uses .only (${skipped} skipped): every test must run\n`;
      // uvu swallows an exception thrown by a before hook: the file then ends with fewer passed than total
      // and no FAIL line. Say so, so the log is not a mystery.
      if (code === 0 && passed < total && !/FAIL/.test(text))
        output += `\n[test runner] ${name}: ${total - passed} of ${total} tests never ran; a test.before hook most likely threw (see "[test.before threw]" above)\n`;
      const ok = code === 0 && total > 0 && passed === total && skipped === 0 && !narrowed;
      const failed = ok ? 0 : Math.max(1, total - passed);
      const logFile = join(resultsDir, `${name.replaceAll('/', '__')}.log`);
      writeFileSync(logFile, output);
      if (!ok) process.stdout.write(`\n----- ${name} (exit ${code}) -----\n${output}\n-----\n`);
      resolve({ file: name, passed, failed, skipped, ms: Date.now() - started, ok });
    });
  });
}

/** A check that is a command rather than a suite file (lint, typecheck): passes when it exits 0. */
interface CommandCheck {
  name: string;
  command: string[];
}

const CHECKS: CommandCheck[] = [
  { name: 'lint', command: [join(repoRoot, 'node_modules', '.bin', 'biome'), 'check', '.'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
];

function runCheck(check: CommandCheck): Promise<FileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const [command = '', ...args] = check.command;
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const ok = code === 0;
      writeFileSync(join(resultsDir, `${check.name}.log`), output);
      if (!ok) process.stdout.write(`\n----- ${check.name} (exit ${code}) -----\n${output}\n-----\n`);
      resolve({
        file: check.name,
        passed: ok ? 1 : 0,
        failed: ok ? 0 : 1,
        skipped: 0,
        ms: Date.now() - started,
        ok,
      });
    });
  });
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  let files = WORKSPACES.map((w) => join(repoRoot, w))
    .filter((dir) => existsSync(dir))
    .flatMap(findTests)
    .sort();
  if (filters.length > 0) files = files.filter((f) => filters.some((x) => relative(repoRoot, f).includes(x)));
  const checks = filters.length > 0 ? CHECKS.filter((c) => filters.includes(c.name)) : CHECKS;
  if (files.length === 0 && checks.length === 0) {
    console.error('No test files matched.');
    process.exit(1);
  }

  const env: NodeJS.ProcessEnv = { ...process.env, DHAKACART_TEST: '1' };
  const rel = (f: string) => relative(repoRoot, f);
  const solo = files.filter((f) => f.endsWith('.solo.test.ts'));
  const nodeLane = files.filter((f) => !solo.includes(f) && rel(f).startsWith('e2e/tests/node-'));
  const queue = files.filter((f) => !solo.includes(f) && !nodeLane.includes(f));
  const results: FileResult[] = [];
  const report = (result: FileResult) => {
    results.push(result);
    const mark = result.ok ? 'ok  ' : 'FAIL';
    console.log(
      `${mark} ${result.file}  ${result.passed} passed, ${result.failed} failed  (${(result.ms / 1000).toFixed(1)}s)`,
    );
  };

  console.log(
    `Running ${files.length} suite files: ${solo.length} alone first, ${nodeLane.length} on the real node one at a time, the rest ${jobs} at a time${checks.length ? `; and ${checks.map((c) => c.name).join(' and ')}` : ''} (logs in test-results/)`,
  );
  if (files.some((f) => /^(e2e|monitoring)\//.test(rel(f)))) {
    try {
      await prepareToolchain((line) => console.log(`[prepare] ${line}`));
    } catch (error) {
      console.log(`\nFAIL prepare: ${(error as Error).message}\n\n0 passed, 1 failed`);
      process.exit(1);
    }
  }
  for (const file of solo) report(await runFile(file, env));

  const needsCluster = [...nodeLane, ...queue].some((f) => rel(f).startsWith('e2e/'));
  let startedCluster = false;
  if (needsCluster) {
    const before = await clusterStatus();
    if (!before.running) {
      await startCluster();
      startedCluster = true;
    }
  }

  const worker = async (lane: string[]) => {
    for (let file = lane.shift(); file; file = lane.shift()) {
      report(await runFile(file, env));
    }
  };
  try {
    await Promise.all([
      worker(nodeLane),
      ...Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, () => worker(queue)),
      // Lint and typecheck run one after the other beside the suites.
      (async () => {
        for (const check of checks) report(await runCheck(check));
      })(),
    ]);
  } finally {
    if (startedCluster && !process.env.DHAKACART_KEEP_CLUSTER) await stopCluster();
  }

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const failedFiles = results.filter((r) => !r.ok).map((r) => r.file);
  if (failedFiles.length > 0) console.log(`\nFailed files:\n  ${failedFiles.join('\n  ')}`);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
