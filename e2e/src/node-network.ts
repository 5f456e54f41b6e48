// The real node's host network: a bridge for the pods, the Service range routed onto it, forwarding on, and a
// guard that drops any packet from the pod network leaving by an interface other than the bridge or loopback.
// Pods get no default route and no NAT: nothing they send can leave this machine, and the guard's counters
// (`guardDrops`) show whether anything tried.
//
// Everything here is undone by `teardownHostNetwork`, which also restores the sysctls it changed.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BRIDGE = 'dhakacart0';
/** The real node's pod network; the bridge holds the gateway address, which is also the node's address. */
export const POD_CIDR = '10.244.0.0/24';
export const NODE_IP = '10.244.0.1';
export const SERVICE_CIDR = '10.96.0.0/16';
export const CLUSTER_DNS_IP = '10.96.0.10';
/** kwok's fake pod addresses, apart from the real pod network. */
export const KWOK_POD_CIDR = '10.250.0.1/16';
const GUARD_CHAIN = 'DHAKACART-GUARD';
const SYSCTLS = ['net/ipv4/ip_forward', 'net/bridge/bridge-nf-call-iptables'];
/**
 * The machine's own values of SYSCTLS, written before the node changes them and removed once they are put
 * back. It lives beside the node lock (/run), not in a checkout's state: a run killed with its state gone
 * (or a state directory deleted by hand) still has its sysctls restored by whoever reclaims the node.
 */
const SAVED_SYSCTLS_FILE = '/run/dhakacart-node-sysctls.json';

/** Sysctl values as they were before `setupHostNetwork`, so teardown can put them back. */
export type SavedSysctls = Record<string, string>;

async function sh(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args);
  return stdout;
}

async function quiet(cmd: string, args: string[]): Promise<void> {
  await run(cmd, args).catch(() => undefined);
}

function readSysctl(name: string): string {
  return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
}

/** Creates the bridge, the Service route, the guard and turns forwarding on. Returns the sysctls it changed. */
export async function setupHostNetwork(): Promise<SavedSysctls> {
  await teardownHostNetwork({}); // leftovers of a crashed run, its recorded sysctls put back too
  const saved: SavedSysctls = {};
  for (const name of SYSCTLS) saved[name] = readSysctl(name);
  writeFileSync(SAVED_SYSCTLS_FILE, JSON.stringify(saved));
  await sh('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  await sh('ip', ['addr', 'add', `${NODE_IP}/24`, 'dev', BRIDGE]);
  await sh('ip', ['link', 'set', BRIDGE, 'up']);
  // A Service address kube-proxy has not programmed yet would otherwise follow the default route out.
  await sh('ip', ['route', 'add', SERVICE_CIDR, 'dev', BRIDGE]);
  // The guard lives in mangle POSTROUTING, which every routed packet passes after kube-proxy's and
  // kube-router's filter rules have had their say: from the pod network, only the bridge and loopback.
  await sh('iptables', ['-t', 'mangle', '-N', GUARD_CHAIN]);
  await sh('iptables', ['-t', 'mangle', '-A', GUARD_CHAIN, '-o', BRIDGE, '-j', 'RETURN']);
  await sh('iptables', ['-t', 'mangle', '-A', GUARD_CHAIN, '-o', 'lo', '-j', 'RETURN']);
  await sh('iptables', [
    '-t',
    'mangle',
    '-A',
    GUARD_CHAIN,
    '-m',
    'comment',
    '--comment',
    'dhakacart: pod traffic never leaves this machine',
    '-j',
    'DROP',
  ]);
  await sh('iptables', ['-t', 'mangle', '-I', 'POSTROUTING', '-s', POD_CIDR, '-j', GUARD_CHAIN]);
  for (const name of SYSCTLS) writeFileSync(`/proc/sys/${name}`, '1');
  return saved;
}

/** Packets the guard dropped since it was made (0 when nothing from a pod tried to leave). */
export async function guardDrops(): Promise<number> {
  const out = await sh('iptables', ['-t', 'mangle', '-L', GUARD_CHAIN, '-v', '-x', '-n']);
  const drop = out.split('\n').find((line) => /\bDROP\b/.test(line));
  if (!drop) throw new Error(`no DROP rule in the ${GUARD_CHAIN} chain:\n${out}`);
  return Number(drop.trim().split(/\s+/)[0]);
}

/**
 * Removes the bridge, route, guard, every iptables chain kube-proxy and kube-router made, kube-router's ipsets,
 * and restores the sysctls the node recorded when it set up (SAVED_SYSCTLS_FILE) and those in `saved`. Safe to
 * call when nothing is there.
 */
export async function teardownHostNetwork(saved: SavedSysctls): Promise<void> {
  await quiet('iptables', ['-t', 'mangle', '-D', 'POSTROUTING', '-s', POD_CIDR, '-j', GUARD_CHAIN]);
  await quiet('iptables', ['-t', 'mangle', '-F', GUARD_CHAIN]);
  await quiet('iptables', ['-t', 'mangle', '-X', GUARD_CHAIN]);
  for (const cmd of ['iptables', 'ip6tables']) await removeKubeChains(cmd);
  if (existsSync('/sbin/ipset') || existsSync('/usr/sbin/ipset')) {
    const sets = await sh('ipset', ['list', '-n']).catch(() => '');
    for (const set of sets.split('\n').filter((s) => /^(KUBE-|kube-router-|inet6:KUBE-)/.test(s)))
      await quiet('ipset', ['destroy', set]);
  }
  await quiet('ip', ['route', 'del', SERVICE_CIDR, 'dev', BRIDGE]);
  // The pods' veth ends: the kernel frees a network namespace (and so its veth pair) asynchronously after its
  // last process and mount are gone, so delete them here rather than leave them for a while after the stop.
  const ports = await sh('ip', ['-o', 'link', 'show', 'master', BRIDGE]).catch(() => '');
  for (const name of ports
    .split('\n')
    .map((l) => /^\d+: ([^@:]+)/.exec(l)?.[1])
    .filter(Boolean))
    await quiet('ip', ['link', 'del', name as string]);
  await quiet('ip', ['link', 'del', BRIDGE]);
  const recorded: SavedSysctls = existsSync(SAVED_SYSCTLS_FILE)
    ? JSON.parse(readFileSync(SAVED_SYSCTLS_FILE, 'utf8'))
    : {};
  for (const [name, value] of Object.entries({ ...recorded, ...saved }))
    writeFileSync(`/proc/sys/${name}`, value);
  rmSync(SAVED_SYSCTLS_FILE, { force: true });
}

/** Deletes every jump to a KUBE-* chain, then flushes and deletes those chains, in every table. */
async function removeKubeChains(cmd: string): Promise<void> {
  const dump = await sh(`${cmd}-save`, []).catch(() => '');
  let table = '';
  const jumps: string[][] = [];
  const chains: Record<string, string[]> = {};
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith(':KUBE-')) {
      chains[table] = [...(chains[table] ?? []), line.slice(1).split(' ')[0] ?? ''];
    } else if (line.startsWith('-A ') && /-j KUBE-/.test(line) && !/^-A KUBE-/.test(line)) {
      const words = line.replace(/^-A /, '').match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
      jumps.push([table, ...words.map((w) => w.replace(/^"|"$/g, ''))]);
    }
  }
  for (const [t, ...rule] of jumps) await quiet(cmd, ['-t', t ?? 'filter', '-D', ...rule]);
  for (const [t, names] of Object.entries(chains))
    for (const name of names) await quiet(cmd, ['-t', t, '-F', name]);
  for (const [t, names] of Object.entries(chains))
    for (const name of names) await quiet(cmd, ['-t', t, '-X', name]);
}
