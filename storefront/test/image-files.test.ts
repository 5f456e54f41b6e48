// The storefront's image carries only the server's own files (storefront/Dockerfile copies them one by one,
// beside the server's npm dependencies). Every module those files import must be copied too, or the server cannot start in its
// pod (it once imported the app's fetch module and crashed at start on the real node, while every test that
// runs it from the source tree passed).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const storefront = join(import.meta.dirname, '..');

/** The source files the runtime stage copies from the build stage, relative to storefront/. */
function copiedSources(): string[] {
  const dockerfile = readFileSync(join(storefront, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const files: string[] = [];
  for (const line of runtime.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'COPY' || !words[1]?.startsWith('--from=build')) continue;
    for (const source of words.slice(2, -1))
      if (source.endsWith('.ts')) files.push(relative('/src/storefront', source));
  }
  return files;
}

/** Relative `.ts` imports of a file (static `import … from`, `export … from` and dynamic `import()`). */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(storefront, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((s) => normalize(join(dirname(file), s)));
}

test('every module the storefront server imports is copied into its image', () => {
  const copied = new Set(copiedSources());
  assert.ok(copied.has('src/server/main.ts'), `the image's entry point is copied (found: ${[...copied]})`);
  for (const file of copied) {
    assert.ok(existsSync(join(storefront, file)), `${file} exists`);
    for (const imported of relativeImports(file))
      assert.ok(copied.has(imported), `${file} imports ${imported}, which the Dockerfile does not copy`);
  }
});

test.run();
