// Plain JSON reads from the API server with the KubeConfig's credentials. Lists go through here rather than
// KubernetesObjectApi.list so cached objects are the same plain JSON the watch delivers (client-node's
// typed deserialisation would turn timestamps into Dates for some kinds and not others).
import { type RequestOptions, request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export class HttpError extends Error {
  readonly code: number;
  readonly body: unknown;
  constructor(code: number, message: string, body: unknown) {
    super(message);
    this.code = code;
    this.body = body;
  }
}

/** GETs `path` (with query) from the cluster and parses the JSON answer; non-2xx becomes an HttpError. */
export async function getJson<T>(kc: KubeConfig, path: string): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const options: RequestOptions = {};
  await kc.applyToHTTPSOptions(options as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  return new Promise<T>((resolve, reject) => {
    const req = request(url, {
      ...options,
      method: 'GET',
      headers: { ...options.headers, accept: 'application/json' },
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {}
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve(body as T);
        else {
          const message = (body as { message?: string })?.message ?? text.slice(0, 200);
          reject(new HttpError(code, `GET ${path}: ${code} ${message}`, body));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
