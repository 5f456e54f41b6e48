// Prometheus built from its Go module with Kubernetes service discovery (e2e/toolchain/prometheus.sh, cached
// in ~/.cache/dhakacart): Debian's prometheus is built without kubernetes_sd_configs, which scraping pods
// through a PodMonitor needs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

let built: Promise<string> | undefined;

/** The path of the built prometheus binary, building it first if the cache lacks it (progress on stderr). */
export function prometheusWithKubernetesDiscovery(): Promise<string> {
  built ??= new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'e2e', 'toolchain', 'prometheus.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      const bin = out.trim().split('\n').pop();
      if (code === 0 && bin) resolve(bin);
      else reject(new Error(`building prometheus failed (exit ${code}); see the messages above`));
    });
  });
  return built;
}
