// A snapshot of the machine-wide state the real node touches, to prove `cluster:down` and Ctrl-C of
// `npm start` leave the machine as they found it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch {
    return '';
  }
};

/**
 * What a local cluster with the real node could leave behind on the machine, each as sorted lines (packet
 * counters stripped): interfaces, routes, iptables and ip6tables rules, ipsets, mount points, network
 * namespaces, the sysctls the node changes, the kubelet's cgroups and fixed paths, and the node's processes
 * plus any process whose arguments name `stateDir`. Two equal snapshots mean nothing was left behind.
 */
export function machineState(stateDir: string): Record<string, string[]> {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  const rules = (cmd: string) =>
    lines(
      withoutEmptyTables(
        sh(cmd, [])
          .replace(/\[\d+:\d+\]/g, '')
          .replace(/^#.*$/gm, ''),
      ),
    );
  const cgroups = readdirSync('/sys/fs/cgroup').filter((c) =>
    existsSync(join('/sys/fs/cgroup', c, 'kubepods')),
  );
  return {
    links: lines(
      sh('ip', ['-o', 'link', 'show'])
        .replace(/^\d+: /gm, '')
        .replace(/ +link\/.*$/gm, ''),
    ),
    routes: lines(sh('ip', ['route', 'show'])),
    iptables: rules('iptables-save'),
    ip6tables: rules('ip6tables-save'),
    ipsets: lines(sh('ipset', ['list', '-n'])),
    mounts: lines(readFileSync('/proc/self/mounts', 'utf8')).map((m) => m.split(' ')[1] ?? ''),
    netns: existsSync('/run/netns') ? readdirSync('/run/netns').sort() : [],
    sysctls: ['net/ipv4/ip_forward', 'net/bridge/bridge-nf-call-iptables'].map(
      (n) => `${n}=${readFileSync(`/proc/sys/${n}`, 'utf8').trim()}`,
    ),
    cgroups: cgroups.map((c) => `${c}/kubepods`),
    // The node's processes, and any process of this cluster (its state directory is in their arguments).
    processes: lines(
      sh('pgrep', ['-a', '-f', `containerd|kubelet|kube-proxy|kube-router|${stateDir}`]),
    ).filter((l) => !l.includes('pgrep')),
    kubelet: existsSync('/var/lib/kubelet') ? readdirSync('/var/lib/kubelet') : [],
  };
}

/**
 * `iptables-save` text without the tables that hold nothing: only built-in chains, each with policy ACCEPT,
 * and no rule. The first iptables command on a machine loads its table (filter, nat, mangle …) and the table
 * stays listed after every rule in it is gone; an empty table passes every packet, as no table does, so the
 * machine is as it was.
 */
export function withoutEmptyTables(save: string): string {
  const tables = save.split(/^(?=\*)/m);
  return tables
    .filter((table) => {
      if (!table.startsWith('*')) return true;
      const body = table
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => l && l !== 'COMMIT');
      return !body.every((l) => /^:\S+ ACCEPT\s*$/.test(l));
    })
    .join('');
}
