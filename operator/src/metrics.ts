// The operator's Prometheus metrics and its small HTTP server: /metrics, /healthz, /readyz.
import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'dhakacart_operator_reconciles_total',
    help: 'Reconciles of DhakaCart resources by result (success, error, requeue).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly reconcileDuration = new Histogram({
    name: 'dhakacart_operator_reconcile_duration_seconds',
    help: 'Time one reconcile of a DhakaCart took.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'dhakacart_operator_workqueue_depth',
    help: 'Keys waiting in the work queue.',
    registers: [this.registry],
  });
  readonly writes = new Counter({
    name: 'dhakacart_operator_api_writes_total',
    help: 'Writes the operator sent to the Kubernetes API, by verb (create, apply, delete, status, event) and kind.',
    labelNames: ['verb', 'kind'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'dhakacart_operator_leader',
    help: '1 while this replica holds the leader Lease.',
    registers: [this.registry],
  });
  readonly queueLatency = new Histogram({
    name: 'dhakacart_operator_workqueue_queue_duration_seconds',
    help: 'How long a key waited in the work queue before its reconcile started.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly kubeRequests = new Histogram<'verb' | 'code'>({
    name: 'dhakacart_operator_kube_api_request_duration_seconds',
    help: 'Requests from the reconcilers to the Kubernetes API server by verb (get, create, apply, delete, status, event) and HTTP status code ("error" when no answer came).',
    labelNames: ['verb', 'code'] as const,
    buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly rollbacks = new Counter<'namespace' | 'shop'>({
    name: 'dhakacart_operator_rollbacks_total',
    help: 'Automatic rollbacks of a release to status.lastGoodVersion, by shop.',
    labelNames: ['namespace', 'shop'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'dhakacart_operator_' });
    // prom-client's default gauges named `_total` (active handles, requests, resources) break the naming
    // convention that `_total` is a counter (promtool check metrics flags them); the per-type gauges stay.
    for (const name of ['handles', 'requests', 'resources'])
      this.registry.removeSingleMetric(`dhakacart_operator_nodejs_active_${name}_total`);
    // Shown as 0 before the first one, so a dashboard has a series and an increase() has a start.
    this.reconciles.inc({ result: 'error' }, 0);
  }

  /** Total writes so far (what the no-op resync check compares). */
  async totalWrites(): Promise<number> {
    const metric = await this.writes.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }
}

export interface ProbeState {
  healthy: () => boolean;
  ready: () => boolean;
}

/** Serves /metrics, /healthz (the process loop works) and /readyz (caches synced, or standing by). */
export function startHttpServer(
  metrics: OperatorMetrics,
  probes: ProbeState,
  port: number,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
    } else if (path === '/healthz') {
      const ok = probes.healthy();
      res.statusCode = ok ? 200 : 503;
      res.end(ok ? 'ok' : 'unhealthy');
    } else if (path === '/readyz') {
      const ok = probes.ready();
      res.statusCode = ok ? 200 : 503;
      res.end(ok ? 'ok' : 'not ready');
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
