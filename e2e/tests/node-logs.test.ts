// Central log collection on the real node: the log collector of charts/dhakacart-logs (the OpenTelemetry
// Collector built here from its Go modules) runs as a DaemonSet, reads the pods' log files and writes what it
// would ship to CloudWatch Logs to the local cluster's sink, a file on the node. A shopper's failed checkout
// is followed there by the request id the storefront answered with: the storefront's line and the API's
// line, both with the shop's labels and the JSON fields, one trace id; and no phone number, address or
// token of a checkout is in the sink.
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goTool } from '../src/go-tools.ts';
import { createTestNamespace, eventually, kubectl, type TestNamespace } from '../src/harness.ts';
import { buildBinaryImage } from '../src/images.ts';
import { loadIntoNode, podLogs } from '../src/node.ts';
import { repoRoot, stateDir } from '../src/paths.ts';
import {
  applyShop,
  installOperator,
  podNames,
  realNamespace,
  SMALL_SHOP,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from './node-support.ts';
import { getJson, helm, k } from './operator-support.ts';

const SHOP = 'haat';
const COLLECTOR_USER = 65532;
const chart = join(repoRoot, 'charts', 'dhakacart-logs');
const sinkDir = join(stateDir, 'node', 'log-sink');
const customer = { name: 'Rahim Uddin', phone: '01712345678', address: 'House 12, Road 5, Dhanmondi, Dhaka' };

let ns: TestNamespace;
let logging: TestNamespace;
let release: string;
let storefront: string;
let operator: string;

test.before(async () => {
  ns = await realNamespace('node-logs');
  // The collector's own namespace: Pod Security "privileged" because it mounts the node's log directory
  // (the one exception, see charts/dhakacart-logs); warnings and audit still measure it against restricted.
  logging = await createTestNamespace('node-logging', { restricted: false, node: 'real' });
  await k([
    'label',
    'namespace',
    logging.name,
    'pod-security.kubernetes.io/enforce=privileged',
    'pod-security.kubernetes.io/warn=restricted',
    'pod-security.kubernetes.io/audit=restricted',
  ]);

  const image = await buildBinaryImage('otelcol', await goTool('otelcol'), '0.165.0');
  await loadIntoNode([{ source: image, refs: [image] }]);
  rmSync(sinkDir, { recursive: true, force: true });
  mkdirSync(sinkDir, { recursive: true });
  chownSync(sinkDir, COLLECTOR_USER, COLLECTOR_USER);
  // The API server as pods reach it (kube-proxy's DNAT happens before the NetworkPolicy sees the packet).
  const endpoints = await getJson<{ subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] }>([
    'get',
    'endpoints',
    'kubernetes',
    '-n',
    'default',
  ]);
  const apiServer = endpoints.subsets[0];
  release = `logs-${logging.name}`.slice(0, 53);
  const [repository, tag] = image.split(/:(?=[^:]+$)/);
  const installed = await helm([
    'upgrade',
    '--install',
    release,
    chart,
    '--namespace',
    logging.name,
    '--set',
    'sink=file',
    '--set',
    `file.hostDir=${sinkDir}`,
    '--set',
    `podLogsDir=${podLogs}`,
    '--set',
    `image.repository=${repository}`,
    '--set',
    `image.tag=${tag}`,
    '--set',
    'image.pullPolicy=Never',
    '--set',
    `apiServer.cidrs={${apiServer?.addresses.map((a) => `${a.ip}/32`).join(',')}}`,
    '--set',
    `apiServer.ports={${apiServer?.ports.map((p) => p.port).join(',')}}`,
    '--wait',
    '--timeout',
    '180s',
  ]);
  if (installed.code !== 0) throw new Error(`helm install of the log collector failed: ${installed.stderr}`);

  operator = await installOperator(ns.name);
  await applyShop(ns.name, SHOP, { version: '1.4.0', ...SMALL_SHOP });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
  storefront = await serviceUrl(ns.name, `${SHOP}-storefront`, '/');
});

test.after(async () => {
  await ns?.delete();
  if (release) await helm(['uninstall', release, '--namespace', logging.name, '--wait']);
  await logging?.delete();
  rmSync(sinkDir, { recursive: true, force: true });
});

/** One log record as the sink holds it: its resource's and its own attributes (OTLP JSON, flattened). */
interface Collected {
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
  body: unknown;
  severity?: string;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

const otlpValue = (v: OtlpValue | undefined) =>
  v?.stringValue ?? v?.intValue ?? v?.doubleValue ?? v?.boolValue;
const attributes = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, otlpValue(a.value)]));

/** Every record in the sink: the file exporter writes one OTLP/JSON ExportLogsServiceRequest a line. */
function collected(): Collected[] {
  const file = join(sinkDir, 'logs.jsonl');
  if (!existsSync(file)) return [];
  const records: Collected[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const request = JSON.parse(line) as {
      resourceLogs: {
        resource?: { attributes?: OtlpAttribute[] };
        scopeLogs: {
          logRecords: { attributes?: OtlpAttribute[]; body?: OtlpValue; severityText?: string }[];
        }[];
      }[];
    };
    for (const resourceLog of request.resourceLogs)
      for (const scope of resourceLog.scopeLogs)
        for (const record of scope.logRecords)
          records.push({
            resource: attributes(resourceLog.resource?.attributes),
            attributes: attributes(record.attributes),
            body: otlpValue(record.body),
            severity: record.severityText,
          });
  }
  return records;
}

const order = async (requestId: string, items: { productId: number; quantity: number }[]) =>
  fetch(`${storefront}/api/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `${requestId}-key`,
      'x-request-id': requestId,
    },
    body: JSON.stringify({ items, customer }),
  });

test('a failed checkout is followed by its request id in the collected logs of the storefront and the API', async () => {
  const products = (await (await fetch(`${storefront}/api/products?limit=1`)).json()) as {
    items: { id: number }[];
  };
  const items = [{ productId: products.items[0]?.id ?? 0, quantity: 1 }];
  const placed = await order('node-logs-placed-1', items);
  assert.is(placed.status, 201, await placed.text());

  // The database goes away (the operator stopped first, so it does not bring it back): the shopper's next
  // checkout fails and the storefront's error notice shows the request id, which on-call looks up.
  await k(['scale', 'deployment', operator, '-n', ns.name, '--replicas=0']);
  await k(['scale', 'statefulset', `${SHOP}-postgres`, '-n', ns.name, '--replicas=0']);
  await eventually(
    'the PostgreSQL pod gone',
    async () =>
      (await podNames(ns.name, `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=postgres`))
        .length === 0,
    120_000,
  );
  const requestId = 'node-logs-failed-1';
  const failed = await order(requestId, items);
  assert.ok(failed.status >= 500, `the checkout failed (${failed.status})`);
  assert.is(failed.headers.get('x-request-id'), requestId);

  const [fromStorefront, fromApi] = await eventually(
    `lines with request id ${requestId} from a storefront pod and an API pod in the sink`,
    async () => {
      const mine = collected().filter((r) => r.attributes.request_id === requestId);
      const of = (component: string) =>
        mine.find((r) => r.resource['app.kubernetes.io/component'] === component);
      const pair = [of('storefront'), of('api')];
      return pair[0] && pair[1] ? (pair as [Collected, Collected]) : undefined;
    },
    120_000,
  );
  for (const [record, component, service] of [
    [fromStorefront, 'storefront', 'dhakacart-storefront'],
    [fromApi, 'api', 'dhakacart-api'],
  ] as const) {
    // The shop's labels, from the pod.
    assert.is(record.resource['k8s.namespace.name'], ns.name);
    assert.is(record.resource['app.kubernetes.io/instance'], SHOP);
    assert.is(record.resource['app.kubernetes.io/name'], 'dhakacart');
    assert.is(record.resource['k8s.container.name'], component);
    assert.match(String(record.resource['k8s.pod.name']), `${SHOP}-${component}-`);
    assert.match(String(record.resource['k8s.deployment.name']), `${SHOP}-${component}`);
    // The JSON fields, kept: the message as the body, the rest as attributes.
    assert.is(record.attributes.service, service);
    assert.is(record.attributes.shop, SHOP);
    assert.ok(
      ['warn', 'error'].includes(String(record.attributes.level)),
      `level ${record.attributes.level}`,
    );
    assert.is(record.severity, record.attributes.level);
    assert.ok(!Number.isNaN(Date.parse(String(record.attributes.time))), `time ${record.attributes.time}`);
    assert.match(String(record.attributes.trace_id), /^[0-9a-f]{32}$/);
    assert.type(record.body, 'string');
    assert.ok(String(record.body).length > 0);
  }
  assert.is(
    fromStorefront.attributes.trace_id,
    fromApi.attributes.trace_id,
    'one trace id from storefront to API',
  );

  // Nothing a shopper typed or a credential of the shop reached the sink.
  const sink = readFileSync(join(sinkDir, 'logs.jsonl'), 'utf8');
  const token = await k([
    'get',
    'secret',
    `${SHOP}-admin-token`,
    '-n',
    ns.name,
    '-o',
    'jsonpath={.data.token}',
  ]);
  const password = await k([
    'get',
    'secret',
    `${SHOP}-postgres-credentials`,
    '-n',
    ns.name,
    '-o',
    'jsonpath={.data.password}',
  ]);
  for (const [what, secret] of [
    ['phone number', customer.phone],
    ['address', 'Dhanmondi'],
    ['admin token', Buffer.from(token, 'base64').toString()],
    ['database password', Buffer.from(password, 'base64').toString()],
  ] as const) {
    assert.ok(secret.length >= 8, `${what} known`);
    assert.not.ok(sink.includes(secret), `the ${what} is not in the collected logs`);
  }
});

test('the collector runs under the least privilege: non-root, read-only, no capabilities, logs mounted read-only', async () => {
  const [pod] = await podNames(logging.name, 'app.kubernetes.io/name=dhakacart-logs');
  assert.ok(pod, 'a collector pod');
  const spec = (
    await getJson<{
      spec: {
        securityContext: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: {
          securityContext: {
            readOnlyRootFilesystem?: boolean;
            allowPrivilegeEscalation?: boolean;
            capabilities?: { drop?: string[] };
          };
          volumeMounts: { name: string; readOnly?: boolean }[];
        }[];
      };
      status: { containerStatuses: { ready: boolean }[] };
    }>(['get', 'pod', pod ?? '', '-n', logging.name])
  ).spec;
  assert.is(spec.securityContext.runAsNonRoot, true);
  assert.is(spec.securityContext.runAsUser, COLLECTOR_USER);
  const container = spec.containers[0];
  assert.is(container?.securityContext.readOnlyRootFilesystem, true);
  assert.is(container?.securityContext.allowPrivilegeEscalation, false);
  assert.equal(container?.securityContext.capabilities?.drop, ['ALL']);
  assert.is(container?.volumeMounts.find((m) => m.name === 'pod-logs')?.readOnly, true);
  // Its ServiceAccount reads pods but cannot read a Secret.
  const sa = `system:serviceaccount:${logging.name}:${release}-dhakacart-logs`;
  const can = async (...args: string[]) =>
    (await kubectl(['auth', 'can-i', ...args, '--as', sa])).stdout.trim();
  assert.is(await can('watch', 'pods'), 'yes');
  assert.is(await can('list', 'replicasets.apps'), 'yes');
  assert.is(await can('get', 'secrets', '-n', ns.name), 'no');
  assert.is(await can('delete', 'pods', '-n', ns.name), 'no');
});

test.run();
