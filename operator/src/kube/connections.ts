// client-node 2.0 builds a new undici Agent — a new connection pool, so a new TLS handshake — for every
// request (KubeConfig.createDispatcher is not cached, unlike its https.Agent cache). Under load that costs
// a handshake per write and hundreds of megabytes of pools awaiting collection. This keeps one dispatcher
// per cluster and user for the life of the KubeConfig.
import type { KubeConfig } from '@kubernetes/client-node';

type CreateDispatcher = (cluster: unknown, options: unknown) => unknown;

/** Makes every request made through `kc` share one keep-alive connection pool. Returns `kc`. */
export function reuseConnections(kc: KubeConfig): KubeConfig {
  const target = kc as unknown as { createDispatcher?: CreateDispatcher };
  const original = target.createDispatcher;
  if (typeof original !== 'function') return kc;
  const cache = new Map<string, unknown>();
  target.createDispatcher = (cluster, options) => {
    const user = kc.getCurrentUser();
    const key = JSON.stringify([(cluster as { name?: string } | null)?.name ?? '', user?.name ?? '']);
    if (!cache.has(key)) cache.set(key, original.call(kc, cluster, options));
    return cache.get(key);
  };
  return kc;
}
