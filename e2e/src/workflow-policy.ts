// The delivery pipeline's own rules for .github/workflows, checked by e2e/tests/delivery-workflows.test.ts
// beside actionlint (which checks what GitHub would reject):
//
//  1. Every action from another repository is pinned to a full 40-character commit SHA, with the release it
//     is in a trailing comment (`uses: actions/checkout@<sha> # v7.0.1`); local actions (`./…`) and local
//     reusable workflows are exempt.
//  2. Workflow-level `permissions` grant no write; every job states its own `permissions`.
//  3. A job asks for a write permission only when one of its steps uses it (the evidence table below).
import { parse } from 'yaml';

/** One broken rule, naming the workflow file and the job or line. */
export interface PolicyFinding {
  file: string;
  where: string;
  message: string;
}

interface Workflow {
  permissions?: unknown;
  jobs?: Record<string, { permissions?: unknown; uses?: string; steps?: unknown[] }>;
}

/**
 * What a job must contain for a write permission to be justified: patterns over the job's steps (their
 * `uses`, `run` and `with` text). Reusable-workflow calls pass permissions through, so the called
 * workflow's jobs are checked instead and the call is judged by `calls`.
 */
const EVIDENCE: Record<string, RegExp[]> = {
  'id-token': [/aws-actions\/configure-aws-credentials@/, /\bcosign sign\b/, /actions\/attest/],
  packages: [/docker\/login-action@[\s\S]*ghcr\.io/, /\bhelm push\b/, /\bdocker push\b/],
  contents: [/\bgh release\b/, /\bgit push\b/],
  attestations: [/actions\/attest/],
};

const SHA_PIN = /^[^@\s]+@[0-9a-f]{40}$/;

/** Checks the raw text (for the `uses:` lines and their comments) and the parsed workflow. */
export function checkWorkflow(
  file: string,
  text: string,
  calledWorkflows: Record<string, string> = {},
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  text.split('\n').forEach((line, i) => {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!match) return;
    const [, ref = '', comment] = match;
    if (ref.startsWith('./') || ref.startsWith('docker://')) return;
    if (!SHA_PIN.test(ref))
      findings.push({
        file,
        where: `line ${i + 1}`,
        message: `${ref} is not pinned to a full commit SHA`,
      });
    else if (!/^#\s*v?\d+(\.\d+)*\b/.test(comment ?? ''))
      findings.push({
        file,
        where: `line ${i + 1}`,
        message: `${ref} has no "# vX.Y.Z" comment naming the release the SHA is`,
      });
  });

  const workflow = parse(text) as Workflow;
  for (const [scope, value] of Object.entries(writesOf(workflow.permissions)))
    findings.push({
      file,
      where: 'workflow permissions',
      message: `grants ${scope}: ${value} to every job; grant it in the job that uses it`,
    });
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.permissions === undefined) {
      findings.push({
        file,
        where: `job ${id}`,
        message: 'states no permissions (it would inherit the defaults)',
      });
      continue;
    }
    const body = job.uses
      ? (calledWorkflows[String(job.uses).replace(/^\.\//, '')] ?? '')
      : JSON.stringify(job.steps ?? []).replace(/\\n/g, '\n');
    for (const scope of Object.keys(writesOf(job.permissions))) {
      const evidence = EVIDENCE[scope];
      if (!evidence)
        findings.push({
          file,
          where: `job ${id}`,
          message: `asks for ${scope}: write, which no job here needs`,
        });
      else if (!evidence.some((pattern) => pattern.test(body)))
        findings.push({
          file,
          where: `job ${id}`,
          message: `asks for ${scope}: write but no step uses it`,
        });
    }
  }
  return findings;
}

/** The scopes a `permissions` value grants write on (`write-all` counts as every scope). */
function writesOf(permissions: unknown): Record<string, string> {
  if (permissions === 'write-all') return { all: 'write-all' };
  if (!permissions || typeof permissions !== 'object') return {};
  return Object.fromEntries(
    Object.entries(permissions as Record<string, string>).filter(([, value]) => value === 'write'),
  );
}
