// Runs e2e/toolchain/generate-crds.sh for one set of CustomResourceDefinitions (Go tooling, cached outside
// the repo, never committed); the modules next to this one apply what it generates.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

/** The sets generate-crds.sh knows (its first argument). */
export type CrdSet = 'provider-aws' | 'external-secrets' | 'prometheus-operator';

/**
 * Generates `set` unless the cache holds it (progress on stderr) and resolves to the directory of its CRD
 * YAML files. Rejects, naming `what` and the exit code, when the script fails (its messages are on stderr).
 */
export function generateCrds(set: CrdSet, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'e2e', 'toolchain', 'generate-crds.sh'), set], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      const dir = out.trim().split('\n').pop();
      if (code === 0 && dir) resolve(dir);
      else reject(new Error(`generating the ${what} CRDs failed (exit ${code}); see the messages above`));
    });
  });
}
