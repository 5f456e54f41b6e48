// `npm run cluster:build|up|status|down|images`: the local cluster from the command line.

import { relative } from 'node:path';
import { clusterStatus, startCluster, stopCluster } from './cluster.ts';
import { buildProjectImages } from './images.ts';
import { reloadProjectImages } from './node.ts';
import { repoRoot } from './paths.ts';
import { prepareToolchain } from './prepare.ts';

const command = process.argv[2];

async function main() {
  if (command === 'build') {
    await prepareToolchain((line) => console.log(line));
  } else if (command === 'up') {
    const info = await startCluster();
    const rel = (p: string) => relative(repoRoot, p) || p;
    console.log(`Local control plane running at ${info.server}
  kubeconfig: ${rel(info.kubeconfig)}
  kubectl:    ${rel(info.kubectl)} --kubeconfig ${rel(info.kubeconfig)} get nodes -L topology.kubernetes.io/zone
  stop it:    npm run cluster:down`);
  } else if (command === 'status') {
    const status = await clusterStatus();
    if (status.components.length === 0) {
      console.log('Local control plane: not running.');
      return;
    }
    console.log(
      `Local control plane: ${status.running ? `running at ${status.info?.server}` : 'NOT healthy'}`,
    );
    for (const c of status.components)
      console.log(`  ${c.name.padEnd(24)} pid ${String(c.pid).padEnd(8)} ${c.alive ? 'alive' : 'gone'}`);
    if (!status.running) process.exitCode = 1;
  } else if (command === 'down') {
    await stopCluster();
  } else if (command === 'images') {
    const status = await clusterStatus();
    if (status.running && status.components.some((c) => c.name === 'containerd')) {
      await reloadProjectImages();
      console.log('Images rebuilt and loaded into the running node (restart pods to use them).');
    } else
      for (const image of await buildProjectImages()) console.log(`${image.name}: ${image.refs.join(' ')}`);
  } else {
    console.error('usage: node e2e/src/cli.ts build|up|status|down|images');
    process.exitCode = 2;
  }
}

await main();
