// Shared pieces of the API benchmarks: load generation with autocannon, child servers, result files.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@dhakacart/e2e/paths';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  /** CPU time the server process spent per answered request, in ms (user + system, from /proc). */
  serverCpuMsPerRequest?: number;
  /** 1000 / serverCpuMsPerRequest: requests per second one fully used core would serve. */
  perCoreCapacity?: number;
  /** CPU time the load generator (autocannon, in this process) spent per request, in ms. */
  loadGeneratorCpuMsPerRequest?: number;
}

/**
 * The fields of `/proc/<pid>/stat` after the command name: index 0 is field 3 of proc(5) (state), so ppid is
 * index 1, utime 11, stime 12, cutime 13, cstime 14. Undefined when the process is gone.
 */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
  } catch {
    return undefined;
  }
}

/** The parent's pid of a live process (proc(5) field 4). */
export function parentPid(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`no process ${pid}`);
  return Number(fields[1]);
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid) ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The stat fields (as statFields gives them) of every child of a process. */
function childStats(pid: number): string[][] {
  const children: string[][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid) children.push(fields);
  }
  return children;
}

/**
 * User + system CPU time so far, in ms, of a process, of the children it has reaped (cutime + cstime) and of
 * its live children (proc(5); clock ticks of 10 ms). For PostgreSQL's postmaster that is all of PostgreSQL:
 * its backends, including those that exited during a measurement (pgbench's, whose time the postmaster
 * collects when it reaps them). Differences of two readings are what the tree spent between them.
 */
export function processTreeCpuMs(pid: number): number {
  const own = statFields(pid) ?? [];
  let ms = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * 10;
  for (const fields of childStats(pid)) ms += (Number(fields[11]) + Number(fields[12])) * 10;
  return ms;
}

/**
 * How many children a process has, and how many of them have exited but are not reaped yet (zombies, state
 * Z in proc(5)): a zombie's CPU time shows in neither its own stat nor its parent's cutime until it is reaped,
 * so processTreeCpuMs is read once a process's exited children are reaped.
 */
export function childProcesses(pid: number): { count: number; zombies: number } {
  const children = childStats(pid);
  return { count: children.length, zombies: children.filter((fields) => fields[0] === 'Z').length };
}

/**
 * CPU time the whole machine has spent busy so far, in ms summed over its cores: the `cpu` line of
 * /proc/stat (proc(5)) without idle and iowait (user, nice, system, irq, softirq, steal; guest time is
 * already inside user). Over an interval of wall time t ms, the difference ÷ t is the number of busy cores.
 */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
}

/**
 * Runs autocannon. With `serverPid`, also measures the server's CPU per request: on a shared machine the
 * requests per second depend on what else runs, the CPU spent per request much less so.
 */
export async function load(
  opts: autocannon.Options & { serverPid?: number | undefined },
): Promise<LoadResult> {
  const { serverPid, ...options } = opts;
  const cpuBefore = serverPid ? processCpuMs(serverPid) : 0;
  const ownBefore = process.cpuUsage();
  const result = await autocannon(options);
  const cpuMs = serverPid ? processCpuMs(serverPid) - cpuBefore : 0;
  const own = process.cpuUsage(ownBefore);
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = (stats as { count: number }).count;
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
    ...(result.requests.total > 0
      ? {
          loadGeneratorCpuMsPerRequest:
            Math.round(((own.user + own.system) / 1000 / result.requests.total) * 1000) / 1000,
        }
      : {}),
    ...(serverPid && result.requests.total > 0
      ? {
          serverCpuMsPerRequest: Math.round((cpuMs / result.requests.total) * 1000) / 1000,
          perCoreCapacity: cpuMs > 0 ? Math.round((result.requests.total * 1000) / cpuMs) : undefined,
        }
      : {}),
  };
}

/** Runs a Node script as a child; resolves with the port it prints as `listening <port>` or in its JSON log. */
export function startChild(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk.toString();
      const match = /listening (\d+)|"port":(\d+)/.exec(output);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1] ?? match[2]}` });
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not report its port in 60 s: ${output}`));
    }, 60_000);
    child.stdout?.on('data', () => {
      if (/listening (\d+)|"port":(\d+)/.test(output)) clearTimeout(timer);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
}

/** Ends a child: SIGKILL by default; SIGTERM lets it shut down cleanly (and write a --cpu-prof profile). */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export function writeResults(name: string, figures: unknown): string {
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
}

export const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 100) / 100;
