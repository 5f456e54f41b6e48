// Vite build: hashed assets under /assets, a manifest the size test and the server read, every text asset
// precompressed (gzip and brotli) so the server never compresses static files per request, and the shop's
// own Bengali web font subset.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import subsetFont from 'subset-font';
import { defineConfig, type Plugin } from 'vite';

const compressible = /\.(js|css|html|svg|json|txt)$/;

function precompress(): Plugin {
  return {
    name: 'dhakacart-precompress',
    apply: 'build',
    // From the files as written: Vite still rewrites chunks after the plugins' generateBundle (it fills in the
    // dynamic imports' preload lists), so compressing earlier would ship code with an undefined marker.
    writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!compressible.test(fileName)) continue;
        const path = join(outDir, fileName);
        const bytes = readFileSync(path);
        if (bytes.length < 512) continue;
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
      }
    },
  };
}

/** The characters the font keeps: the Bengali block up to the Taka sign ৳ (U+09F3), ZWNJ/ZWJ, the dandas and
 * the dotted circle shaping uses for a lone vowel sign. The rare fraction and Vedic signs after ৳ are left to
 * the system font. Also the `unicode-range` of the @font-face in src/app/styles.css. */
export const bengaliText = (() => {
  let text = '\u200c\u200d\u0964\u0965\u25cc';
  for (let code = 0x0980; code <= 0x09f3; code++) text += String.fromCodePoint(code);
  return text;
})();

/** Where the subset is written (git-ignored), relative to the storefront; styles.css points at it. */
export const bengaliFontFile = '.generated/noto-sans-bengali-400.woff2';

/**
 * Noto Sans Bengali (SIL OFL, from the npm package @fontsource/noto-sans-bengali) cut down with hb-subset
 * (subset-font) to `bengaliText`, so a device without a Bengali font shows Bangla and ৳ instead of empty
 * boxes, within the 40 KB font budget. Written before the build reads the CSS; made again only when the
 * source font or the character list changed (a few seconds).
 */
function bengaliFont(): Plugin {
  let root = process.cwd();
  return {
    name: 'dhakacart-bengali-font',
    configResolved(config) {
      root = config.root;
    },
    async buildStart() {
      const source = createRequire(join(root, 'package.json')).resolve(
        '@fontsource/noto-sans-bengali/files/noto-sans-bengali-bengali-400-normal.woff2',
      );
      const target = join(root, bengaliFontFile);
      const key = createHash('sha256').update(bengaliText).update(readFileSync(source)).digest('hex');
      if (existsSync(`${target}.key`) && readFileSync(`${target}.key`, 'utf8') === key && existsSync(target))
        return;
      const subset = await subsetFont(readFileSync(source), bengaliText, { targetFormat: 'woff2' });
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(`${target}.tmp`, subset);
      renameSync(`${target}.tmp`, target);
      writeFileSync(`${target}.key`, key);
    },
  };
}

// The API and its product pictures, as the production server proxies them.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiProxy = { '/api': apiUrl, '/images': apiUrl };

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [bengaliFont(), precompress()],
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
