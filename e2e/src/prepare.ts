// Everything the test suites build from source before they can run, built once up front by `npm test` (and
// `npm run cluster:build`), so a cold machine spends its half hour of Go and image builds here and not inside
// the first suite file that happens to need them, under the runner's per-file timeout. Each step is the same
// cached, locked build a suite would call; on a warm cache the whole list takes a few seconds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildBinaries, withRealNode } from './cluster.ts';
import { generateCrds } from './generate-crds.ts';
import { GO_TOOLS, goTool } from './go-tools.ts';
import { buildProjectImages } from './images.ts';
import { repoRoot } from './paths.ts';
import { prometheusWithKubernetesDiscovery } from './prometheus-build.ts';

/** One build step: its name for the progress line and what it runs. */
interface PrepareStep {
  name: string;
  run: () => Promise<unknown>;
}

function dashboardCheck(): Promise<void> {
  const result = spawnSync('bash', [join(repoRoot, 'monitoring', 'tools', 'dashboard-check', 'build.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return result.status === 0
    ? Promise.resolve()
    : Promise.reject(new Error(`building dashboard-check failed (exit ${result.status})`));
}

/**
 * The steps, in order: the control plane's binaries, the real node's binaries and the project's images
 * (unless DHAKACART_NODE=none), the Go tools, the generated CRD sets, Prometheus with Kubernetes discovery and
 * the dashboard checker.
 */
function prepareSteps(): PrepareStep[] {
  return [
    { name: 'control-plane binaries', run: () => buildBinaries('control-plane') },
    ...(withRealNode
      ? [
          { name: 'real-node binaries', run: () => buildBinaries('node') },
          { name: 'project images', run: () => buildProjectImages() },
        ]
      : []),
    ...GO_TOOLS.map((tool) => ({ name: tool, run: () => goTool(tool) })),
    { name: 'provider-aws CRDs', run: () => generateCrds('provider-aws', 'provider-aws') },
    { name: 'external-secrets CRDs', run: () => generateCrds('external-secrets', 'External Secrets') },
    {
      name: 'prometheus-operator CRDs',
      run: () => generateCrds('prometheus-operator', 'Prometheus Operator'),
    },
    { name: 'prometheus', run: () => prometheusWithKubernetesDiscovery() },
    { name: 'dashboard-check', run: dashboardCheck },
  ];
}

/**
 * Runs every step one after the other (Go and buildah already use both cores), printing one line per step
 * with its seconds to `log`. Rejects with the first failing step's error, named; build output goes to stderr.
 */
export async function prepareToolchain(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  for (const step of prepareSteps()) {
    const stepStarted = Date.now();
    try {
      await step.run();
    } catch (error) {
      throw new Error(`preparing ${step.name}: ${(error as Error).message}`);
    }
    const seconds = (Date.now() - stepStarted) / 1000;
    if (seconds >= 1) log(`prepared ${step.name} in ${seconds.toFixed(0)} s`);
  }
  log(`toolchain ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
