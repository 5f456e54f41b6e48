// Vite build: hashed assets under /assets, a manifest the size test and the server read, and every text
// asset precompressed (gzip and brotli) so the server never compresses static files per request.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const compressible = /\.(js|css|html|svg|json|txt)$/;

function precompress(): Plugin {
  return {
    name: 'dhakacart-precompress',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!compressible.test(fileName)) continue;
        const source = output.type === 'chunk' ? output.code : output.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (bytes.length < 512) continue;
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(bytes, { level: 9 }) });
        this.emitFile({
          type: 'asset',
          fileName: `${fileName}.br`,
          source: brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        });
      }
    },
  };
}

// The API and its product pictures, as the production server proxies them.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiProxy = { '/api': apiUrl, '/images': apiUrl };

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
