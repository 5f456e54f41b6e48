// The local cluster's real node: containerd and runc from Debian, the kubelet and kube-proxy built with the
// control plane, CNI's bridge plugin on the host network of node-network.ts, kube-router's NetworkPolicy
// controller (firewall only), and the add-ons of node-addons.ts as pods. One real node per machine: it owns
// machine-wide things (a bridge, iptables chains, the kubelet's fixed paths), so a lock file in /run names
// the checkout that has it.
//
// Facts this relies on, found by trying on this kind of machine (see README "The real node"):
// - no CAP_SYS_RESOURCE even for root: containerd's CRI must not ask for negative oom_score_adj
//   (`restrict_oom_score_adj`), else runc fails every sandbox;
// - a cgroup v1 hierarchy: the kubelet needs `cgroupDriver: cgroupfs` and `failCgroupV1: false`;
// - no AppArmor: containerd is told not to apply it.
import { execFile } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBinaryImage, buildDebianBase, buildProjectImages, loadImages } from './images.ts';
import { addonManifests } from './node-addons.ts';
import {
  BRIDGE,
  CLUSTER_DNS_IP,
  NODE_IP,
  POD_CIDR,
  type SavedSysctls,
  SERVICE_CIDR,
  teardownHostNetwork,
} from './node-network.ts';
import { cacheRoot, stateDir } from './paths.ts';

const run = promisify(execFile);

export const NODE_NAME = 'dhakacart-node';
/** The label every real node carries (kwok nodes carry `type=kwok` and a taint). */
export const REAL_NODE_LABEL = 'dhakacart.io/node=real';
export const NODE_LOCK = '/run/dhakacart-node.lock';

const nodeDir = join(stateDir, 'node');
/** containerd's content store outlives the cluster, so images are imported once per machine. */
const containerdRoot = join(cacheRoot, 'containerd');
export const containerdSocket = join(nodeDir, 'containerd.sock');
const kubeletRoot = join(nodeDir, 'kubelet');
/** Where the real node's kubelet writes the pods' log files (its podLogsDir; /var/log/pods elsewhere). */
export const podLogs = join(nodeDir, 'pod-logs');
export const volumesDir = join(nodeDir, 'volumes');
const cniConfDir = join(nodeDir, 'cni', 'net.d');
const cniDataDir = join(nodeDir, 'cni', 'ipam');
const logs = join(stateDir, 'logs');

const nodeContainerd = {
  binary: '/usr/bin/ctr',
  address: containerdSocket,
  known: join(containerdRoot, 'imported.json'),
};

/**
 * Rebuilds the project's images (cached by content) and loads what changed into the running node's
 * containerd: what `npm run images` does while a cluster runs. Pods pick a new image up when they restart.
 */
export async function reloadProjectImages(): Promise<void> {
  const project = await buildProjectImages();
  await loadImages(
    nodeContainerd,
    project.map((image) => ({ source: image.refs[0] ?? '', refs: image.refs })),
  );
}

/** Loads images built here (each `source` tagged as its `refs`) into the running node's containerd. */
export const loadIntoNode = (images: { source: string; refs: string[] }[]): Promise<void> =>
  loadImages(nodeContainerd, images);

/** What the node needs from the control plane that was just started. */
export interface NodeContext {
  binDir: string;
  nodeBinDir: string;
  pki: string;
  /** Kubeconfigs for the kubelet (system:node:<name>), kube-proxy and an admin. */
  kubeconfigs: { kubelet: string; proxy: string; admin: string };
  kubectl(args: string[], input?: string): Promise<string>;
  freePort(): Promise<number>;
  startProcess(binDir: string, name: string, args: string[]): number;
}

/** The lock's content: the checkout (state directory) that has the node, and the process that took it. */
interface NodeLock {
  owner: string;
  taker: number;
}

function readLock(path = NODE_LOCK): NodeLock | undefined {
  if (!existsSync(path)) return undefined;
  const [owner = '', taker = '0'] = readFileSync(path, 'utf8').split('\n');
  return { owner, taker: Number(taker) };
}

/**
 * The live processes behind a lock: its owner's containerd and kubelet (from that checkout's cluster.json)
 * and the process that took it, unless that is this process or this checkout. Empty means the lock is stale.
 */
function liveHolders(lock: NodeLock): number[] {
  const path = join(lock.owner, 'cluster.json');
  const pids: Record<string, number> = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')).pids ?? {})
    : {};
  // The taker counts only for another checkout: this one's starts are serialised by the cluster's start lock.
  const taker = lock.taker !== process.pid && lock.owner !== stateDir ? lock.taker : undefined;
  return [pids.containerd, pids.kubelet, taker].filter(
    (p): p is number => p !== undefined && p > 0 && isAlive(p),
  );
}

/** The sysctls a checkout's node saved before it changed them (none when its state is gone). */
function savedSysctls(owner: string): SavedSysctls {
  const path = join(owner, 'cluster.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')).node?.sysctls ?? {}) : {};
}

/**
 * Takes the lock atomically for this checkout: creates it when absent (`wx`), or moves a stale one aside
 * first. Returns the stale lock it replaced. While the lock's holders run it waits until `deadline` (epoch
 * ms), polling every 5 s, then throws naming the other checkout.
 */
async function acquireNodeLock(deadline: number): Promise<NodeLock | undefined> {
  let replaced: NodeLock | undefined;
  for (;;) {
    const lock = readLock();
    if (lock) {
      const live = liveHolders(lock);
      if (live.length > 0) {
        if (Date.now() >= deadline)
          throw new Error(
            `the real node is in use by the local cluster of ${lock.owner} (pids ${live.join(', ')}); stop it ` +
              'there with `npm run cluster:down`, or start this one without a node: DHAKACART_NODE=none',
          );
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        continue;
      }
      // Stale: move it aside, and put it back if what moved was a lock someone took meanwhile.
      const aside = `${NODE_LOCK}.${process.pid}`;
      try {
        renameSync(NODE_LOCK, aside);
      } catch {
        continue;
      }
      const moved = readLock(aside);
      if (moved?.owner !== lock.owner || moved.taker !== lock.taker) {
        try {
          linkSync(aside, NODE_LOCK);
        } catch {
          // another lock is in place already; theirs wins
        }
        rmSync(aside, { force: true });
        continue;
      }
      rmSync(aside, { force: true });
      replaced = lock;
    }
    try {
      writeFileSync(NODE_LOCK, `${stateDir}\n${process.pid}\n`, { flag: 'wx' });
      return replaced;
    } catch {
      // someone created it between our read and write: look again
    }
  }
}

/**
 * Waits until no other checkout's node holds the machine (no lock, or a stale one), polling every 5 s, for at
 * most `DHAKACART_NODE_WAIT_SECONDS`; throws naming the holder after that. Takes nothing.
 */
export async function waitForNodeFree(): Promise<void> {
  const deadline = Date.now() + Number(process.env.DHAKACART_NODE_WAIT_SECONDS ?? 0) * 1000;
  for (;;) {
    const lock = readLock();
    const live = lock ? liveHolders(lock) : [];
    if (!lock || live.length === 0) return;
    if (Date.now() >= deadline)
      throw new Error(
        `the real node is in use by the local cluster of ${lock.owner} (pids ${live.join(', ')})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

/**
 * Takes the machine's node lock for this checkout and removes what a dead earlier node left behind. While
 * another checkout's node runs it waits up to `DHAKACART_NODE_WAIT_SECONDS` (default 0: at once) for that
 * node to stop, then fails naming the other checkout.
 */
export async function takeNodeLock(): Promise<void> {
  const wait = Number(process.env.DHAKACART_NODE_WAIT_SECONDS ?? 0) * 1000;
  const stale = await acquireNodeLock(Date.now() + wait);
  await removeNodeLeftovers(stale?.owner);
}

/**
 * Marks this process as the lock's taker while it stops this checkout's node, so a checkout waiting for the
 * node keeps waiting after the node's containerd and kubelet are gone, until `releaseNodeLock`.
 */
export function holdNodeLockWhileStopping(): void {
  if (readLock()?.owner === stateDir) writeFileSync(NODE_LOCK, `${stateDir}\n${process.pid}\n`);
}

/**
 * Gives the machine's node up: removes the lock if this checkout holds it. Called last, after the host
 * network is torn down, so a checkout waiting for the node never builds its bridge before ours is gone.
 */
export function releaseNodeLock(): void {
  if (readLock()?.owner === stateDir) rmSync(NODE_LOCK, { force: true });
}

/**
 * Removes what a real node left on the machine when its checkout's containerd and kubelet died without
 * `cluster:down` (a killed test run, an ended session). Does nothing while the lock's holders still run.
 * Returns the checkout whose leftovers were removed ('' when there was no lock), or undefined when it did
 * nothing.
 */
export async function reclaimStaleNode(): Promise<string | undefined> {
  let stale: NodeLock | undefined;
  try {
    stale = await acquireNodeLock(0);
  } catch {
    return undefined;
  }
  await removeNodeLeftovers(stale?.owner);
  rmSync(NODE_LOCK, { force: true });
  return stale?.owner ?? '';
}

/**
 * Removes pod processes and their shims (which outlive containerd by design), mounts, network namespaces, the
 * kubelet's fixed paths, the bridge, routes, iptables chains and ipsets, and puts back the sysctls `owner`'s
 * run saved. The caller holds the node lock, so nothing here belongs to a running node.
 */
async function removeNodeLeftovers(owner: string | undefined): Promise<void> {
  const shims = await run('pgrep', ['-f', 'containerd-shim.*-address .*/node/containerd.sock']).then(
    (r) => r.stdout.split('\n').filter(Boolean).map(Number),
    () => [] as number[],
  );
  for (const pid of shims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await removeKubeletCgroups();
  await unmountUnder([
    ...(owner ? [join(owner, 'node')] : []),
    join(containerdRoot, 'root'),
    '/run/netns/cni-',
    '/var/run/netns/cni-',
  ]);
  removeCniNetns();
  await removeKubeletFixedPaths();
  await teardownHostNetwork(owner ? savedSysctls(owner) : {});
}

/**
 * Removes what the kubelet makes under /var/lib/kubelet whatever its --root-dir: the device-plugins folder and
 * the kubelet's socket in it, which a kubelet stopped by a signal leaves behind. Folders holding anything else
 * stay (rmdir): they are not the node's.
 */
async function removeKubeletFixedPaths(): Promise<void> {
  const socket = '/var/lib/kubelet/device-plugins/kubelet.sock';
  if (lstatSync(socket, { throwIfNoEntry: false })?.isSocket()) rmSync(socket);
  for (const path of ['/var/lib/kubelet/device-plugins', '/var/lib/kubelet'])
    await run('rmdir', [path]).catch(() => undefined);
}

function removeCniNetns(): void {
  for (const dir of ['/run/netns', '/var/run/netns'])
    if (existsSync(dir))
      for (const entry of readdirSync(dir))
        if (entry.startsWith('cni-')) rmSync(join(dir, entry), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function containerdConfig(pauseImage: string): string {
  return `version = 2
root = "${containerdRoot}/root"
state = "${nodeDir}/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "${containerdSocket}"
[ttrpc]
  address = "${containerdSocket}.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${containerdRoot}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${cniConfDir}"
  [plugins."io.containerd.grpc.v1.cri".registry]
    # Every registry host resolves to a closed loopback port: a missing image fails at once, and no pull
    # ever sends a packet (or a DNS query) off this machine.
    config_path = "${nodeDir}/registry"
`;
}

function cniConfig(): string {
  return JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: 'dhakacart',
      plugins: [
        {
          type: 'bridge',
          bridge: BRIDGE,
          isGateway: true,
          isDefaultGateway: false,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: POD_CIDR, gateway: NODE_IP }]],
            // Only the Service range is routed (through the node); pods have no default route.
            routes: [{ dst: SERVICE_CIDR, gw: NODE_IP }],
            dataDir: cniDataDir,
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}

function kubeletConfig(pki: string, healthzPort: number): string {
  return JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: NODE_IP,
      port: 10250,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort,
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: join(pki, 'ca.crt') },
      },
      authorization: { mode: 'Webhook' },
      cgroupDriver: 'cgroupfs',
      failCgroupV1: false,
      failSwapOn: false,
      containerRuntimeEndpoint: `unix://${containerdSocket}`,
      clusterDNS: [CLUSTER_DNS_IP],
      clusterDomain: 'cluster.local',
      // Pods with dnsPolicy Default get no nameserver: the host's would be outside this machine.
      resolvConf: join(nodeDir, 'resolv.conf'),
      podLogsDir: podLogs,
      // Images cannot be pulled again here: never garbage-collect them.
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '1%', 'imagefs.available': '1%' },
      serializeImagePulls: false,
      maxPods: 110,
      shutdownGracePeriod: '0s',
    },
    null,
    2,
  );
}

/** Stops every container of the k8s.io namespace and removes it, with containerd still running. */
async function removeAllContainers(ctr: string): Promise<void> {
  const args = ['-a', containerdSocket, '-n', 'k8s.io'];
  const tasks = await run(ctr, [...args, 'tasks', 'ls', '-q']).then(
    (r) => r.stdout.split('\n').filter(Boolean),
    () => [],
  );
  for (const id of tasks)
    await run(ctr, [...args, 'tasks', 'kill', '-s', 'SIGKILL', id]).catch(() => undefined);
  for (const id of tasks) await run(ctr, [...args, 'tasks', 'delete', '-f', id]).catch(() => undefined);
  const containers = await run(ctr, [...args, 'containers', 'ls', '-q']).then(
    (r) => r.stdout.split('\n').filter(Boolean),
    () => [],
  );
  for (const id of containers) await run(ctr, [...args, 'containers', 'delete', id]).catch(() => undefined);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the real node did not become ready: ${what} (logs in ${logs})`);
}

/**
 * Starts containerd, the kubelet, kube-proxy and kube-router; loads the images; applies the add-ons; waits
 * until the node is Ready, DNS answers, metrics are served and the default StorageClass exists.
 * `onPid` is told each process it starts, so a failure half way still leaves them recorded for `stopNode`.
 */
export async function startNode(ctx: NodeContext, onPid: (name: string, pid: number) => void): Promise<void> {
  const started = Date.now();
  for (const dir of [nodeDir, kubeletRoot, podLogs, volumesDir, cniConfDir, cniDataDir, containerdRoot, logs])
    mkdirSync(dir, { recursive: true });
  writeFileSync(join(nodeDir, 'resolv.conf'), '');
  mkdirSync(join(nodeDir, 'registry', '_default'), { recursive: true });
  writeFileSync(
    join(nodeDir, 'registry', '_default', 'hosts.toml'),
    'server = "http://127.0.0.1:9"\n[host."http://127.0.0.1:9"]\n  capabilities = ["pull", "resolve"]\n',
  );

  // Images first (slow only on a cold cache): the add-ons' and the project's.
  const bin = (name: string) => join(ctx.nodeBinDir, name);
  const shell = await buildDebianBase();
  const pause = await buildBinaryImage('pause', bin('pause'), 'local');
  const coredns = await buildBinaryImage('coredns', bin('coredns'), 'local');
  const metricsServer = await buildBinaryImage('metrics-server', bin('metrics-server'), 'local');
  const localPath = await buildBinaryImage('local-path-provisioner', bin('local-path-provisioner'), 'local');
  const project = await buildProjectImages();

  writeFileSync(join(nodeDir, 'containerd.toml'), containerdConfig(pause));
  writeFileSync(join(cniConfDir, '10-dhakacart.conflist'), cniConfig());
  onPid(
    'containerd',
    ctx.startProcess('/usr/bin', 'containerd', ['--config', join(nodeDir, 'containerd.toml')]),
  );
  await waitFor('containerd socket', async () => {
    await run(nodeContainerd.binary, ['-a', containerdSocket, 'version']);
    return true;
  });
  await removeAllContainers(nodeContainerd.binary); // a crashed run's containers
  await loadImages(nodeContainerd, [
    { source: pause, refs: [pause] },
    { source: coredns, refs: [coredns] },
    { source: metricsServer, refs: [metricsServer] },
    { source: localPath, refs: [localPath] },
    { source: shell, refs: [shell] },
    ...project.map((image) => ({ source: image.refs[0] ?? '', refs: image.refs })),
  ]);

  const healthzPort = await ctx.freePort();
  writeFileSync(join(nodeDir, 'kubelet.json'), kubeletConfig(ctx.pki, healthzPort));
  onPid(
    'kubelet',
    ctx.startProcess(ctx.binDir, 'kubelet', [
      `--config=${join(nodeDir, 'kubelet.json')}`,
      `--kubeconfig=${ctx.kubeconfigs.kubelet}`,
      `--root-dir=${kubeletRoot}`,
      `--cert-dir=${join(kubeletRoot, 'pki')}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${NODE_IP}`,
      `--node-labels=${REAL_NODE_LABEL},topology.kubernetes.io/zone=zone-a,topology.kubernetes.io/region=local`,
      '--v=1',
    ]),
  );
  onPid(
    'kube-proxy',
    ctx.startProcess(ctx.binDir, 'kube-proxy', [
      `--kubeconfig=${ctx.kubeconfigs.proxy}`,
      `--hostname-override=${NODE_NAME}`,
      '--proxy-mode=iptables',
      `--cluster-cidr=${POD_CIDR}`,
      '--conntrack-max-per-core=0',
      `--nodeport-addresses=${POD_CIDR}`,
      `--metrics-bind-address=127.0.0.1:${await ctx.freePort()}`,
      `--healthz-bind-address=127.0.0.1:${await ctx.freePort()}`,
      '--v=0',
    ]),
  );
  await waitFor('node Ready', async () => {
    const out = await ctx.kubectl([
      'get',
      'node',
      NODE_NAME,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    return out.trim() === 'True';
  });
  // The node's pod range, which kube-router's firewall reads (the node IPAM controller is off: kwok's
  // nodes have fake addresses of their own).
  await ctx
    .kubectl([
      'patch',
      'node',
      NODE_NAME,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { podCIDR: POD_CIDR, podCIDRs: [POD_CIDR] } }),
    ])
    .catch(() => undefined);
  // kube-router finds its node by name: it starts once the kubelet has registered it.
  const routerHealth = await ctx.freePort();
  onPid(
    'kube-router',
    ctx.startProcess(ctx.nodeBinDir, 'kube-router', [
      `--kubeconfig=${ctx.kubeconfigs.admin}`,
      `--hostname-override=${NODE_NAME}`,
      '--run-firewall=true',
      '--run-router=false',
      '--run-service-proxy=false',
      '--enable-cni=false',
      '--enable-ipv6=false',
      '--metrics-port=0',
      `--health-port=${routerHealth}`,
      '--v=1',
    ]),
  );
  await waitFor(
    'kube-router healthy',
    async () => (await fetch(`http://127.0.0.1:${routerHealth}/healthz`)).ok,
  );
  await ctx.kubectl(
    ['apply', '--server-side', '--force-conflicts', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: addonManifests({ coredns, metricsServer, localPath, shell }, volumesDir),
    }),
  );
  await waitFor(
    'CoreDNS, metrics-server and the provisioner ready',
    async () => {
      const out = await ctx.kubectl([
        'get',
        'deploy',
        '-A',
        '-l',
        'k8s-app in (kube-dns,metrics-server)',
        '-o',
        'jsonpath={range .items[*]}{.status.readyReplicas}{" "}{end}',
      ]);
      const lp = await ctx.kubectl([
        'get',
        'deploy',
        '-n',
        'local-path-storage',
        'local-path-provisioner',
        '-o',
        'jsonpath={.status.readyReplicas}',
      ]);
      return out.trim() === '1 1' && lp.trim() === '1';
    },
    180_000,
  );
  await waitFor(
    'the metrics API',
    async () => {
      await ctx.kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes']);
      return true;
    },
    120_000,
  );
  console.error(
    `[node] ${NODE_NAME} ready in ${((Date.now() - started) / 1000).toFixed(1)}s (pods on ${POD_CIDR})`,
  );
}

/**
 * Stops the node's processes (kubelet first, so nothing restarts containers), removes every container, shim,
 * mount and network namespace it made, and the kubelet's fixed-path leftovers. `pids` are the node's processes.
 */
export async function stopNode(
  pids: Record<string, number>,
  kill: (pids: number[]) => Promise<void>,
): Promise<void> {
  const order = ['kubelet', 'kube-router', 'kube-proxy'];
  await kill(order.map((n) => pids[n]).filter((p): p is number => Boolean(p)));
  if (pids.containerd && isAlive(pids.containerd)) await removeAllContainers(nodeContainerd.binary);
  if (pids.containerd) await kill([pids.containerd]);
  // Shims of this containerd (they outlive it by design).
  const shims = await run('pgrep', ['-f', `containerd-shim.*-address ${containerdSocket}`]).then(
    (r) => r.stdout.split('\n').filter(Boolean).map(Number),
    () => [] as number[],
  );
  await kill(shims);
  await unmountUnder([nodeDir, join(containerdRoot, 'root'), '/run/netns/cni-', '/var/run/netns/cni-']);
  removeCniNetns();
  await removeKubeletCgroups();
  await removeKubeletFixedPaths();
  if (existsSync('/var/log/containers'))
    for (const entry of readdirSync('/var/log/containers')) {
      const target = await run('readlink', [join('/var/log/containers', entry)]).then(
        (r) => r.stdout.trim(),
        () => '',
      );
      if (target.startsWith(podLogs)) rmSync(join('/var/log/containers', entry), { force: true });
    }
  rmSync(nodeDir, { recursive: true, force: true });
}

/** Lazily unmounts every mount point whose path starts with one of `prefixes`, deepest first. */
async function unmountUnder(prefixes: string[]): Promise<void> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => m !== undefined && prefixes.some((p) => m.startsWith(p)))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m]).catch(() => undefined);
}

/** The kubelet's pod cgroup directories (kubepods) under every cgroup v1 controller, deepest first. */
async function kubeletCgroups(): Promise<string[]> {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return [];
  const dirs: string[] = [];
  for (const controller of readdirSync(root)) {
    const top = join(root, controller, 'kubepods');
    if (!existsSync(top)) continue;
    const found = await run('find', [top, '-depth', '-type', 'd']).then(
      (r) => r.stdout.split('\n').filter(Boolean),
      () => [],
    );
    dirs.push(...found);
  }
  return dirs;
}

/** The pids in a cgroup's `tasks`; none when the cgroup went away meanwhile (ENOENT, or ENODEV mid-removal). */
function readTasks(dir: string): string {
  try {
    return readFileSync(join(dir, 'tasks'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Kills every process still in a pod cgroup (a container whose shim died before it, e.g. when containerd was
 * stopped first) and removes the kubelet's pod cgroups, retrying while the killed processes exit.
 */
async function removeKubeletCgroups(): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const dirs = await kubeletCgroups();
    if (dirs.length === 0) return;
    for (const dir of dirs) {
      const tasks = readTasks(dir);
      for (const pid of tasks.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const dir of dirs) await run('rmdir', [dir]).catch(() => undefined);
    if ((await kubeletCgroups()).length > 0) await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `the kubelet's pod cgroups could not be removed: ${(await kubeletCgroups()).slice(0, 3).join(', ')}`,
  );
}
