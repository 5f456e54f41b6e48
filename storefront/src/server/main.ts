// `npm run start -w storefront`: builds the storefront when dist/ is missing or stale, then serves it on
// http://$HOST:$PORT (127.0.0.1:8080) with /api passed to $API_URL (http://127.0.0.1:3000).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, needsBuild } from './build.ts';
import { createLogLine, type LogLevel } from './observe.ts';
import { createStorefrontServer } from './serve.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = process.env.DIST_DIR ?? join(root, 'dist');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const log = createLogLine((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info');

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
try {
  new URL(apiUrl);
} catch {
  console.error(`API_URL must be a URL such as http://127.0.0.1:3000, got ${JSON.stringify(apiUrl)}`);
  process.exit(1);
}

if (needsBuild(root, distDir)) {
  log('info', `storefront: building into ${distDir} (vite build)…`);
  try {
    build(root, distDir);
  } catch (error) {
    log('error', `storefront: ${(error as Error).message}`);
    process.exit(1);
  }
}

const server = createStorefrontServer({ distDir, apiUrl, log });
server.listen(port, host, () => {
  log('info', `storefront: serving http://${host}:${port} (API: ${apiUrl})`, { port, apiUrl });
});

// Let in-flight responses finish on SIGTERM/SIGINT (rolling updates), then exit.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
