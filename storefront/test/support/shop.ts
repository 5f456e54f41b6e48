// The whole shop for a browser test: the real API (on PostgreSQL) and the production storefront server
// proxying /api to it, both on free loopback ports.
import type { Server } from 'node:http';
import { freePort } from '@dhakacart/e2e/services';
import { createStorefrontServer } from '../../src/server/serve.ts';
import { type ApiProcess, startApi } from './api-process.ts';
import { distDir, ensureBuild } from './build.ts';

export interface Shop {
  /** The storefront, e.g. http://127.0.0.1:41234 */
  url: string;
  api: ApiProcess;
  close(): Promise<void>;
}

export async function startShop(): Promise<Shop> {
  await ensureBuild();
  const api = await startApi();
  const server: Server = createStorefrontServer({ distDir, apiUrl: api.url });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await api.close();
    },
  };
}

/** A call to the API directly (not through the storefront), e.g. to check an order or change stock. */
export async function apiJson<T>(
  api: ApiProcess,
  path: string,
  init: { method?: string; body?: unknown; admin?: boolean } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.admin) headers.authorization = `Bearer ${api.adminToken}`;
  const response = await fetch(`${api.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
