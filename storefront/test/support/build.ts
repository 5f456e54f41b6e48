// Builds the storefront once for all test files: skipped when dist/ is newer than every source file, and a
// lock directory keeps test files running in parallel from building on top of each other.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, needsBuild } from '../../src/server/build.ts';

export const storefrontRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(storefrontRoot, 'dist');
const lockDir = join(storefrontRoot, '.build-lock');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function ensureBuild(): Promise<void> {
  for (;;) {
    if (!needsBuild(storefrontRoot, distDir)) return;
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
      if (needsBuild(storefrontRoot, distDir)) build(storefrontRoot, distDir, { quiet: true });
      return;
    } finally {
      rmSync(lockDir, { force: true, recursive: true });
    }
  }
}
