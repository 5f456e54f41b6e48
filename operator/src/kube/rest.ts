// Plain JSON requests to the API server with the KubeConfig's credentials. Lists go through here rather than
// KubernetesObjectApi.list so cached objects are the same plain JSON the watch delivers (client-node's
// typed deserialisation would turn timestamps into Dates for some kinds and not others); the leader Lease
// goes through here too, because each of its requests must be abortable.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
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

export interface RequestJsonOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Sent as JSON, or as it is when a string with `contentType`. */
  body?: unknown;
  /** Content type of a string body (for example application/apply-patch+yaml). */
  contentType?: string;
  /** Aborts the request (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Gives up on a request that has been silent this long (default 60 s). */
  timeoutMs?: number;
}

/**
 * Sends one request to `path` (with query) on the kubeconfig's current cluster and parses the JSON answer;
 * a non-2xx answer becomes an HttpError carrying the status code and the API server's message.
 */
export async function requestJson<T>(
  kc: KubeConfig,
  path: string,
  options: RequestJsonOptions = {},
): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const method = options.method ?? 'GET';
  options.signal?.throwIfAborted();
  const tls: RequestOptions = {};
  await kc.applyToHTTPSOptions(tls as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  const raw = typeof options.body === 'string' && options.contentType !== undefined;
  const payload =
    options.body === undefined || raw ? (options.body as string | undefined) : JSON.stringify(options.body);
  const contentType = raw ? options.contentType : 'application/json';
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<T>((resolve, reject) => {
    const req = request(url, {
      ...tls,
      method,
      signal: options.signal,
      headers: {
        ...tls.headers,
        accept: 'application/json',
        ...(payload === undefined ? {} : { 'content-type': contentType }),
      },
    });
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
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
          reject(new HttpError(code, `${method} ${path}: ${code} ${message}`, body));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** GETs `path` (with query) from the cluster and parses the JSON answer; non-2xx becomes an HttpError. */
export function getJson<T>(kc: KubeConfig, path: string): Promise<T> {
  return requestJson<T>(kc, path);
}
