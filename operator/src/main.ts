// Entry point: `npm run operator` (or `npm start -w @dhakacart/operator`). Reads $KUBECONFIG (default
// .dhakacart/kubeconfig of this checkout; in a pod, the ServiceAccount), applies the CRD from crds/ by
// server-side apply, then campaigns for the leader Lease and, while leading, reconciles every DhakaCart.
//
// Environment:
//   KUBECONFIG               kubeconfig to use (ignored in a pod without it)
//   WATCH_NAMESPACE          reconcile only this namespace (default: all)
//   LEADER_ELECTION          "false" to run without a Lease (one replica only)
//   LEADER_ELECTION_NAMESPACE namespace of the Lease (default POD_NAMESPACE, WATCH_NAMESPACE or "default")
//   LEASE_DURATION_SECONDS   default 15 (the renew deadline is 2/3 of it, each Lease request at most 1/3)
//   START_GRACE_SECONDS      how long a leader may run no controller before /healthz fails (default 60)
//   INSTALL_CRD              "false" when the CRD is installed by Helm (default true)
//   METRICS_PORT             /metrics, /healthz, /readyz (default 8080; 0 picks a free port)
//   CONCURRENCY              shops reconciled at once (default 4)
//   RESYNC_SECONDS           period of the full resync (default 300)
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { reuseConnections } from './kube/connections.ts';
import { applyCrd } from './kube/crd.ts';
import { LeaderElector } from './leader.ts';
import { createLogger } from './log.ts';
import { OperatorMetrics, startHttpServer } from './metrics.ts';
import { Controller } from './operator.ts';
import { registerBackupMetrics } from './reconcile/backups/metrics.ts';
import { ControllerRunner } from './runner.ts';
import { registerShopMetrics } from './shop-metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const crdFile = join(repoRoot, 'crds', 'dhakacart.io_dhakacarts.yaml');
const env = process.env;
const log = createLogger();

const inPod = Boolean(env.KUBERNETES_SERVICE_HOST) && !env.KUBECONFIG;
if (!inPod && !env.KUBECONFIG) env.KUBECONFIG = join(repoRoot, '.dhakacart', 'kubeconfig');
if (!inPod && !existsSync(env.KUBECONFIG as string)) {
  log(
    'error',
    `no kubeconfig at ${env.KUBECONFIG}; start the local control plane with "npm run cluster:up" or set KUBECONFIG`,
  );
  process.exit(1);
}

const kc = new KubeConfig();
kc.loadFromDefault();
reuseConnections(kc);
const metrics = new OperatorMetrics();
const watchNamespace = env.WATCH_NAMESPACE || undefined;
const identity = env.POD_NAME ?? `${hostname()}-${process.pid}`;
const controllerOptions = {
  namespace: watchNamespace,
  concurrency: Number(env.CONCURRENCY ?? 4),
  resyncMs: Number(env.RESYNC_SECONDS ?? 300) * 1000,
  log,
  metrics,
};
// One controller per leadership term, built fresh each time the Lease is won (see runner.ts).
let controller: Controller | undefined;
const runner = new ControllerRunner({
  build: (signal) => {
    controller = new Controller(kc, { ...controllerOptions, signal });
    return controller;
  },
  log,
  startGraceMs: Number(env.START_GRACE_SECONDS ?? 60) * 1000,
  onReconciling: (reconciling) => {
    log('info', reconciling ? 'reconciling' : 'stopped reconciling');
    // A stopped term's caches go stale: nothing (the backup gauges) reads them any more.
    if (!reconciling) controller = undefined;
  },
});
registerBackupMetrics(metrics.registry, { list: () => controller?.shops.list() ?? [].values() });
registerShopMetrics(
  metrics.registry,
  () => controller && { shops: controller.shops, children: controller.children },
);
const useLease = env.LEADER_ELECTION !== 'false';
const elector = useLease
  ? new LeaderElector(kc, {
      namespace: env.LEADER_ELECTION_NAMESPACE ?? env.POD_NAMESPACE ?? watchNamespace ?? 'default',
      name: 'dhakacart-operator-leader',
      identity,
      leaseDurationSeconds: Number(env.LEASE_DURATION_SECONDS ?? 15),
      log,
    })
  : undefined;

let shuttingDown = false;
const server = await startHttpServer(
  metrics,
  {
    // Unhealthy when leading without a running controller for longer than the start grace.
    healthy: () => !shuttingDown && runner.healthy(),
    // A standby replica is ready (it serves metrics and can take over); the leader once its caches filled.
    ready: () =>
      !shuttingDown &&
      (runner.leading ? runner.reconciling && Boolean(controller?.synced) : Boolean(elector)),
  },
  Number(env.METRICS_PORT ?? 8080),
);
const address = server.address();
log('info', 'serving /metrics, /healthz, /readyz', {
  port: typeof address === 'object' && address ? address.port : undefined,
});

const startController = () => {
  metrics.leader.set(1);
  runner.lead();
};
const stopController = () => {
  metrics.leader.set(0);
  void runner.follow();
};

const begin = async () => {
  if (elector) elector.run(startController, stopController);
  else startController();
};

// @dot-i/k8s-operator (with its own copy of client-node 0.20, ~35 MB resident) is loaded only when this
// process must install the CRD (`npm run operator`); the Helm chart installs the CRD and sets
// INSTALL_CRD=false, which keeps the in-cluster operator inside its memory budget.
let stopShell = () => {};
async function launch() {
  if (env.INSTALL_CRD === 'false') return begin();
  const { OperatorShell } = await import('./kube/dot-i.ts');
  const shell = new OperatorShell({
    installCrd: () => applyCrd(kc, crdFile),
    log,
    onInit: begin,
    onStop: () => {},
  });
  stopShell = () => shell.stop();
  await shell.start();
}

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('info', 'shutting down', { signal });
  const force = setTimeout(() => process.exit(1), 25_000);
  force.unref();
  stopShell();
  metrics.leader.set(0);
  await runner.follow();
  await elector?.stop();
  server.close();
  log('info', 'stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await launch();
  log('info', 'operator started', {
    identity,
    namespace: watchNamespace ?? '(all)',
    leaderElection: useLease,
  });
} catch (error) {
  log('error', 'operator failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
