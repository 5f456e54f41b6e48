// `npm run start -w storefront`: builds the storefront when dist/ is missing or stale, then serves it on
// http://$HOST:$PORT (127.0.0.1:8080) with /api passed to $API_URL (http://127.0.0.1:3000), and its metrics on
// http://$HOST:$METRICS_PORT/metrics (9464).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMetricsServer, DEFAULT_METRICS_PORT } from '../../../api/src/shared/metrics-server.ts';
import { build, needsBuild } from './build.ts';
import { createLogLine, type LogLevel, StorefrontMetrics } from './observe.ts';
import { createStorefrontServer } from './serve.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = process.env.DIST_DIR ?? join(root, 'dist');
const port = Number(process.env.PORT ?? 8080);
const metricsPort = Number(process.env.METRICS_PORT || DEFAULT_METRICS_PORT);
const host = process.env.HOST ?? '127.0.0.1';
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const log = createLogLine((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info');

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
if (
  !Number.isInteger(metricsPort) ||
  metricsPort < 0 ||
  metricsPort > 65535 ||
  (metricsPort === port && port !== 0)
) {
  console.error(
    `METRICS_PORT must be a port number other than PORT (${port}), got ${JSON.stringify(process.env.METRICS_PORT)}`,
  );
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

const metrics = new StorefrontMetrics();
const server = createStorefrontServer({ distDir, apiUrl, log, metrics });
const metricsServer = createMetricsServer(metrics.registry, (error) =>
  log('error', `storefront: while collecting metrics: ${(error as Error).message}`),
);
// A listener that cannot bind (port taken) ends the process with the reason, rather than serving half.
for (const [what, listener] of [
  ['PORT', server],
  ['METRICS_PORT', metricsServer],
] as const) {
  listener.once('error', (error) => {
    log('error', `storefront: cannot listen on ${what}: ${error.message}`);
    process.exit(1);
  });
}
server.listen(port, host, () => {
  log('info', `storefront: serving http://${host}:${port} (API: ${apiUrl})`, { port, apiUrl });
});
metricsServer.listen(metricsPort, host, () => {
  const { port: bound } = metricsServer.address() as AddressInfo;
  log('info', `storefront: metrics on http://${host}:${bound}/metrics`, { metricsPort: bound });
});

const closed = (listener: Server) =>
  new Promise<void>((done) => {
    listener.close(() => done());
    listener.closeIdleConnections();
  });

// Let in-flight responses finish on SIGTERM/SIGINT (rolling updates), then exit. The metrics listener closes
// alongside; the process exits once both have closed.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void Promise.all([closed(server), closed(metricsServer)]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
