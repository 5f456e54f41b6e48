// The JavaScript a shopper downloads before the first page shows stays within 90 KB gzip, and the Bengali
// font subset within 40 KB (DESIGN.md).
// Sizes come from the build itself: the manifest names the entry chunk and its static imports, and the
// build's precompressed .gz files give their gzip sizes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distDir, ensureBuild } from './support/build.ts';

const budgetBytes = 90 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

function gzipSize(file: string): number {
  const path = join(distDir, file);
  return existsSync(`${path}.gz`)
    ? readFileSync(`${path}.gz`).length
    : gzipSync(readFileSync(path), { level: 9 }).length;
}

test('the initial JavaScript of the storefront is at most 90 KB gzip', async () => {
  await ensureBuild();
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  assert.ok(entry, 'the manifest has an entry chunk');

  // The entry and everything it imports statically load before the first render; dynamic imports do not.
  const initial = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry[0]);

  // index.html must not load any script the manifest did not account for.
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const referenced = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map((match) => match[1] as string);
  assert.ok(referenced.length > 0, 'index.html loads the entry script');
  for (const file of referenced)
    assert.ok(initial.has(file), `${file} in index.html is part of the entry graph`);

  // The cart, checkout and order pages are fetched when a shopper goes there, not with the home page.
  for (const page of ['cart/cart-page', 'checkout/checkout-page', 'orders/order-page']) {
    const key = Object.keys(manifest).find((k) => k.includes(`features/${page}`));
    assert.ok(key, `the manifest has a chunk for ${page}`);
    assert.not.ok(initial.has(manifest[key]?.file ?? ''), `${page} is not part of the initial JavaScript`);
  }

  const sizes = [...initial].map((file) => ({ file, gzip: gzipSize(file) }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(
    `initial JS: ${sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} KB`).join(', ')}; total ${(total / 1024).toFixed(1)} KB gzip`,
  );
  assert.ok(
    total <= budgetBytes,
    `initial JS is ${(total / 1024).toFixed(1)} KB gzip, over the 90 KB budget`,
  );
});

test('the Bengali web font is self-hosted: one subset of at most 40 KB, font-display swap, Bengali only', async () => {
  await ensureBuild();
  const fonts = readdirSync(join(distDir, 'assets')).filter((file) => file.endsWith('.woff2'));
  assert.is(fonts.length, 1, `one font file: ${fonts.join(', ')}`);
  const size = statSync(join(distDir, 'assets', fonts[0] as string)).size;
  console.log(`Bengali font subset: ${fonts[0]} ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size <= 40 * 1024, `the font is ${(size / 1024).toFixed(1)} KB, over the 40 KB budget`);
  const css = readdirSync(join(distDir, 'assets'))
    .filter((file) => file.endsWith('.css'))
    .map((file) => readFileSync(join(distDir, 'assets', file), 'utf8'))
    .join('\n');
  const face = /@font-face\s*{[^}]*}/.exec(css)?.[0] ?? '';
  assert.match(face, `/assets/${fonts[0]}`, 'the @font-face points at the file');
  assert.match(face, /font-display:\s*swap/);
  assert.match(face, /unicode-range:[^;]*U\+0?980-0?9F3/i, 'downloaded only for Bengali text');
});

test.run();
