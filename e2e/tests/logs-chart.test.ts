// The log collector's chart (charts/dhakacart-logs): for AWS it renders a configuration the collector itself
// (`otelcol validate`, the binary of e2e/toolchain/otelcol) accepts, shipping to CloudWatch Logs' OTLP
// endpoint signed with SigV4 under the ServiceAccount's IRSA role; for the local cluster, to a file; its RBAC
// only reads pods, namespaces and replicasets; its NetworkPolicy allows no ingress and only the egress the
// sink needs; and measured against Pod Security "restricted" its pod breaks exactly one rule, hostPath.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { goTool } from '../src/go-tools.ts';
import { createTestNamespace, kubectl } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';
import { helm } from './operator-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects of many kinds, read field by field
type Doc = Record<string, any>;

const chart = join(repoRoot, 'charts', 'dhakacart-logs');
const roleArn = 'arn:aws:iam::123456789012:role/dhakacart-logs';
const aws = ['--set', `serviceAccount.roleArn=${roleArn}`, '--set', 'cloudwatch.region=ap-south-1'];

async function renderText(...args: string[]): Promise<string> {
  const result = await helm(['template', 'logs', chart, '--namespace', 'logging', ...args]);
  assert.is(result.code, 0, result.stderr);
  return result.stdout;
}

async function render(...args: string[]): Promise<Doc[]> {
  return parseAllDocuments(await renderText(...args))
    .map((d) => d.toJS())
    .filter(Boolean);
}

const kind = (docs: Doc[], k: string) => docs.find((d) => d.kind === k) as Doc;

/**
 * `otelcol validate` on the collector configuration the chart rendered, with the environment the DaemonSet
 * gives it (node name, pod IP). The sigv4auth extension resolves credentials while validating: static dummy
 * keys, with the instance metadata service and the AWS config files turned off, keep it on this machine
 * (on EKS the same default chain finds the IRSA web identity token instead).
 */
async function validate(docs: Doc[]): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-'));
  try {
    const file = join(dir, 'collector.yaml');
    writeFileSync(file, kind(docs, 'ConfigMap').data['collector.yaml']);
    const result = spawnSync(await goTool('otelcol'), ['validate', `--config=${file}`], {
      encoding: 'utf8',
      env: {
        K8S_NODE_NAME: 'dhakacart-node',
        POD_IP: '10.244.0.10',
        AWS_ACCESS_KEY_ID: 'validate-only',
        AWS_SECRET_ACCESS_KEY: 'validate-only',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    });
    return { code: result.status ?? 1, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('for AWS, the collector ships to CloudWatch Logs with SigV4 under the IRSA role, and validates', async () => {
  const docs = await render(...aws);
  assert.is(kind(docs, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn'], roleArn);
  const config = parse(kind(docs, 'ConfigMap').data['collector.yaml']);
  const exporter = config.exporters['otlp_http/cloudwatch'];
  assert.is(exporter.logs_endpoint, 'https://logs.ap-south-1.amazonaws.com/v1/logs');
  assert.is(exporter.auth.authenticator, 'sigv4auth');
  assert.is(exporter.headers['x-aws-log-group'], '/dhakacart/pods');
  assert.equal(config.extensions.sigv4auth, { region: 'ap-south-1', service: 'logs' });
  assert.equal(config.service.pipelines.logs, {
    receivers: ['file_log'],
    processors: ['k8s_attributes', 'batch'],
    exporters: ['otlp_http/cloudwatch'],
  });
  const result = await validate(docs);
  assert.is(result.code, 0, result.output);
});

test('for the local cluster, the collector writes to a file on the node, and validates', async () => {
  const docs = await render('--set', 'sink=file', '--set', 'file.hostDir=/srv/sink');
  const config = parse(kind(docs, 'ConfigMap').data['collector.yaml']);
  assert.equal(Object.keys(config.exporters), ['file']);
  assert.not.ok(kind(docs, 'ServiceAccount').metadata.annotations, 'no IRSA role');
  const volumes = kind(docs, 'DaemonSet').spec.template.spec.volumes;
  assert.equal(volumes.find((v: Doc) => v.name === 'sink').hostPath, {
    path: '/srv/sink',
    type: 'Directory',
  });
  const result = await validate(docs);
  assert.is(result.code, 0, result.output);
});

test('a configuration the collector refuses fails its validation (the check is real)', async () => {
  const docs = await render(...aws);
  const map = kind(docs, 'ConfigMap');
  map.data['collector.yaml'] = map.data['collector.yaml'].replace(
    'include_file_path:',
    'include_file_paths:',
  );
  const result = await validate(docs);
  assert.is.not(result.code, 0);
  assert.match(result.output, 'include_file_paths');
});

test('an unknown sink is refused by the chart, naming the value', async () => {
  const result = await helm(['template', 'logs', chart, '--set', 'sink=loki']);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, 'sink: must be cloudwatch or file, got "loki"');
});

test('the RBAC only reads pods, namespaces and replicasets', async () => {
  const role = kind(await render(...aws), 'ClusterRole');
  assert.equal(role.rules, [
    { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  ]);
});

test('the NetworkPolicy allows no ingress, and egress only to the API server and, on AWS, DNS and HTTPS', async () => {
  const local = kind(
    await render('--set', 'sink=file', '--set', 'apiServer.cidrs={10.1.2.3/32}'),
    'NetworkPolicy',
  );
  assert.equal(local.spec.policyTypes, ['Ingress', 'Egress']);
  assert.equal(local.spec.ingress, []);
  assert.equal(local.spec.egress, [
    {
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 6443 },
      ],
      to: [{ ipBlock: { cidr: '10.1.2.3/32' } }],
    },
  ]);
  const onAws = kind(await render(...aws), 'NetworkPolicy');
  assert.equal(onAws.spec.egress.slice(1), [
    {
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
    { ports: [{ protocol: 'TCP', port: 443 }] },
  ]);
});

test('against Pod Security "restricted", the collector pod breaks only the hostPath rule', async () => {
  const ns = await createTestNamespace('logs-chart');
  try {
    const daemonSet = kind(await render(...aws), 'DaemonSet');
    daemonSet.metadata.namespace = ns.name;
    // A server-side dry run: the PodSecurity admission warns about the pod template of a workload.
    const result = await kubectl(
      ['apply', '--dry-run=server', '-n', ns.name, '-f', '-'],
      JSON.stringify(daemonSet),
    );
    assert.is(result.code, 0, result.stderr);
    const warning = result.stderr.split('\n').find((l) => l.includes('would violate PodSecurity'));
    assert.ok(warning, `a Pod Security warning: ${result.stderr}`);
    assert.match(
      warning ?? '',
      /"restricted:latest": restricted volume types \(volume "pod-logs" uses restricted volume type "hostPath"\)$/,
      warning,
    );
  } finally {
    await ns.delete();
  }
});

test.run();
