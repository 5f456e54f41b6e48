// Where things live: the repository root, the git-ignored state directory of the local control plane, and
// the build cache outside the repo.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Per-checkout state: kubeconfig, certificates, logs, pid files (git-ignored). */
export const stateDir = process.env.DHAKACART_STATE_DIR ?? join(repoRoot, '.dhakacart');
export const defaultKubeconfig = join(stateDir, 'kubeconfig');
export const kubectlPath = join(stateDir, 'bin', 'kubectl');
/** Built binaries, keyed by version, shared by every checkout on the machine. */
export const cacheRoot = process.env.DHAKACART_CACHE ?? join(homedir(), '.cache', 'dhakacart');
