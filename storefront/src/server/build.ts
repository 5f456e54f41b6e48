// The Vite build, run from `npm run start` and from the tests when dist/ is missing or older than the
// sources it is built from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The checkout form also bundles the API's customer check and limits (api/src/shared).
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', '../api/src/shared'];

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** True when `distDir` has no build, or (in a source checkout) a build older than a source file. */
export function needsBuild(root: string, distDir: string): boolean {
  const manifest = statSync(join(distDir, '.vite', 'manifest.json'), { throwIfNoEntry: false });
  if (!manifest || !existsSync(join(distDir, 'index.html'))) return true;
  // The production image ships the build without the app's sources: nothing to compare against.
  if (!existsSync(join(root, 'index.html'))) return false;
  return Math.max(...sources.map((entry) => newestMtime(join(root, entry)))) > manifest.mtimeMs;
}

/** Runs `vite build` into `distDir`; throws with Vite's output when it fails. */
export function build(root: string, distDir: string, options: { quiet?: boolean } = {}): void {
  const vite = join(
    dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', distDir, '--emptyOutDir', ...(options.quiet ? ['--logLevel', 'warn'] : [])],
    { cwd: root, encoding: 'utf8', stdio: options.quiet ? 'pipe' : 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(
      `vite build failed (exit ${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
}
