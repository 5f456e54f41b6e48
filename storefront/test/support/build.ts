// Builds the storefront once for all test files: the build is skipped when dist/ is newer than every source
// file, and a lock directory keeps test files running in parallel from building on top of each other.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const storefrontRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(storefrontRoot, 'dist');
const manifestPath = join(distDir, '.vite', 'manifest.json');
const lockDir = join(storefrontRoot, '.build-lock');

function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']) {
    visit(join(storefrontRoot, entry));
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(manifestPath).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function ensureBuild(): Promise<void> {
  for (;;) {
    if (builtAt() > newestSource()) return;
    try {
      mkdirSync(lockDir);
    } catch {
      // Another test file is building; a lock older than two minutes was left by a crashed run.
      const lockedAt = statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > 120_000) rmSync(lockDir, { force: true, recursive: true });
      await sleep(500);
      continue;
    }
    try {
      if (builtAt() > newestSource()) return;
      const vite = join(
        dirname(createRequire(import.meta.url).resolve('vite/package.json')),
        'bin',
        'vite.js',
      );
      const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
        cwd: storefrontRoot,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
      return;
    } finally {
      rmSync(lockDir, { force: true, recursive: true });
    }
  }
}
