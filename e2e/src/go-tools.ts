// The Go tools the tests run (actionlint, kubeconform, kube-score, the kstatus probe, the log collector and
// versitygw, an S3-compatible server for the off-site backup tests), built once per machine by
// e2e/toolchain/go-tools.sh from the Go module proxy into ~/.cache/dhakacart, and run from there.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

/** Every tool go-tools.sh builds (its first argument). */
export const GO_TOOLS = [
  'actionlint',
  'kubeconform',
  'kube-score',
  'kstatus',
  'versitygw',
  'otelcol',
] as const;
export type GoTool = (typeof GO_TOOLS)[number];

const built = new Map<GoTool, Promise<string>>();

/** The path of `tool`'s binary, building it first if the cache lacks it (progress on stderr). */
export function goTool(tool: GoTool): Promise<string> {
  let path = built.get(tool);
  if (!path) {
    path = new Promise((resolve, reject) => {
      const child = spawn('bash', [join(repoRoot, 'e2e', 'toolchain', 'go-tools.sh'), tool], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => {
        const bin = out.trim().split('\n').pop();
        if (code === 0 && bin) resolve(bin);
        else reject(new Error(`building ${tool} failed (exit ${code}); see the messages above`));
      });
    });
    built.set(tool, path);
  }
  return path;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a built tool with `args` (and `input` on stdin); never throws on a non-zero exit. */
export async function runGoTool(tool: GoTool, args: string[], input?: string): Promise<ToolResult> {
  const bin = await goTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface KstatusResult {
  /** InProgress, Failed, Current, Terminating, NotFound or Unknown. */
  status: string;
  message: string;
  conditions: string[];
}

/** What kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute) concludes about one object. */
export async function kstatus(object: unknown): Promise<KstatusResult> {
  const result = await runGoTool('kstatus', [], JSON.stringify(object));
  if (result.code !== 0) throw new Error(`kstatus failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as KstatusResult;
}
