// What the suites on the real node share: the operator installed by its chart into the test's namespace, a
// shop applied and waited for, a Service reached by its ClusterIP (the host sits on the pod bridge, and
// kube-proxy programs the host's own traffic too), `kubectl exec`, and a steady client that counts every
// failed request.
import { get } from 'node:http';
import { launchBrowser, screenshot } from '../../storefront/test/support/browser.ts';
import {
  addToCart,
  confirmedOrderNumber,
  english,
  fillDelivery,
  inStockProductNames,
} from '../../storefront/test/support/shopper.ts';
import { createTestNamespace, eventually, type TestNamespace } from '../src/harness.ts';
import { chartDir, getJson, helm, k } from './operator-support.ts';

/** Resources small enough that a shop, its operator and the add-ons fit the one 2-core node. */
export const SMALL_SHOP = {
  api: {
    replicas: { min: 2, max: 3 },
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  },
  storefront: {
    replicas: { min: 1, max: 2 },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
  },
  ingress: { enabled: false },
  database: { storage: '1Gi', deletionPolicy: 'Delete' },
};

/** A restricted namespace whose pods run on the real node. */
export const realNamespace = (prefix: string): Promise<TestNamespace> =>
  createTestNamespace(prefix, { node: 'real' });

/**
 * Installs the operator's chart into `namespace` (its image, two replicas with leader election, the chart's
 * RBAC), watching only that namespace, and waits until both replicas are ready. Release `dc-<namespace>`.
 */
export async function installOperator(namespace: string): Promise<string> {
  const release = `dc-${namespace}`.slice(0, 53);
  const result = await helm([
    'upgrade',
    '--install',
    release,
    chartDir,
    '--namespace',
    namespace,
    '--set',
    `watchNamespace=${namespace}`,
    '--set',
    'resources.requests.cpu=25m',
    '--wait',
    '--timeout',
    '180s',
  ]);
  if (result.code !== 0)
    throw new Error(`helm install of the operator failed: ${result.stderr}${result.stdout}`);
  return `${release}-dhakacart-operator`;
}

export async function uninstallOperator(namespace: string): Promise<void> {
  await helm(['uninstall', `dc-${namespace}`.slice(0, 53), '--namespace', namespace, '--wait']);
}

/** Applies a DhakaCart named `name` with `spec` (server-side, as the test's field manager). */
export async function applyShop(
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): Promise<void> {
  await k(
    ['apply', '--server-side', '--field-manager=e2e', '--force-conflicts', '-f', '-'],
    JSON.stringify({
      apiVersion: 'dhakacart.io/v1alpha1',
      kind: 'DhakaCart',
      metadata: { name, namespace },
      spec,
    }),
  );
}

interface ShopStatus {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    version?: string;
    lastGoodVersion?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

export const condition = (shop: ShopStatus, type: string) =>
  shop.status?.conditions?.find((c) => c.type === type);

/** Waits until the shop is Ready for its current generation (and serving `version`, when given). */
export async function waitShopReady(namespace: string, name: string, timeoutMs = 300_000, version?: string) {
  return eventually(
    `DhakaCart ${namespace}/${name} Ready${version ? ` on ${version}` : ''}`,
    async () => {
      const shop = await getJson<ShopStatus>(['get', 'dhakacart', name, '-n', namespace]);
      const ready = condition(shop, 'Ready');
      const current = shop.status?.observedGeneration === shop.metadata.generation;
      if (current && ready?.status === 'True' && (!version || shop.status?.version === version)) return shop;
      return undefined;
    },
    timeoutMs,
  );
}

/** `http://<ClusterIP>:<port>` of a Service, once kube-proxy answers on it (a new Service is refused briefly). */
export async function serviceUrl(namespace: string, service: string, path = '/healthz'): Promise<string> {
  const svc = await getJson<{ spec: { clusterIP: string; ports: { port: number }[] } }>([
    'get',
    'service',
    service,
    '-n',
    namespace,
  ]);
  const url = `http://${svc.spec.clusterIP}:${svc.spec.ports[0]?.port}`;
  await eventually(`${url}${path} answering`, async () => (await fetch(`${url}${path}`)).ok, 120_000);
  return url;
}

/** Names of the pods matching a label selector. */
export async function podNames(namespace: string, selector: string): Promise<string[]> {
  const out = await k([
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    selector,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return out.split(' ').filter(Boolean);
}

/** Runs a command in a pod's first container; resolves its stdout, rejects with stderr on failure. */
export const exec = (namespace: string, pod: string, command: string[]): Promise<string> =>
  k(['exec', '-n', namespace, pod, '--', ...command]);

/** Runs SQL in the shop's PostgreSQL pod over its Unix socket (psql -At): unaligned rows, one a line. */
export const psql = (namespace: string, shop: string, sql: string): Promise<string> =>
  exec(namespace, `${shop}-postgres-0`, [
    'psql',
    '-h',
    '/var/run/postgresql',
    '-U',
    'dhakacart',
    '-d',
    'dhakacart',
    '-Atc',
    sql,
  ]);

/**
 * A shopper in Chromium at `url` (a storefront) puts the first product in stock in the cart and orders it
 * cash on delivery as `customerName`. A screenshot `<screenshotName>.png` is kept when something fails.
 */
export async function buyOneProduct(
  url: string,
  customerName: string,
  screenshotName: string,
): Promise<void> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  try {
    await page.goto(url);
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading') })
      .first()
      .waitFor();
    const [product] = await inStockProductNames(page, english, 1);
    await addToCart(page, english, product ?? '', 1);
    await page.getByRole('link', { name: english.cart(1), exact: true }).click();
    await page.getByRole('button', { name: english.checkout, exact: true }).click();
    await fillDelivery(page, english, {
      name: customerName,
      phone: '01712345678',
      address: 'House 12, Road 5, Dhanmondi, Dhaka',
    });
    await page.getByRole('button', { name: english.placeOrder, exact: true }).click();
    await confirmedOrderNumber(page, english);
  } catch (error) {
    await screenshot(page, screenshotName);
    throw error;
  } finally {
    await browser.close();
  }
}

/** A steady stream of GETs; `stop()` reports how many succeeded and every failure. */
export interface SteadyClient {
  stop(): Promise<{ ok: number; failed: string[] }>;
}

/**
 * Sends `GET url` every `intervalMs`, each on a new connection (as many different shoppers would) with a 5 s
 * deadline, counting answers that are not 2xx or that never come: what a shopper would see as an error page.
 */
export function steadyClient(url: string, intervalMs = 50): SteadyClient {
  let ok = 0;
  const failed: string[] = [];
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const one = () =>
    new Promise<void>((resolve) => {
      const fail = (why: string) => {
        failed.push(`${new Date().toISOString()} ${why}`);
        resolve();
      };
      const req = get(url, { agent: false, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) {
            ok++;
            resolve();
          } else fail(`HTTP ${res.statusCode}`);
        });
        res.on('error', (error) => fail(error.message));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', (error) => fail(error.message));
    });
  const loop = (async () => {
    while (running) {
      const p = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(inFlight);
      return { ok, failed };
    },
  };
}

/** Loads the demo catalog into the shop's database through one of its API pods. */
export async function seedCatalog(namespace: string, shop: string): Promise<void> {
  const [pod] = await podNames(
    namespace,
    `app.kubernetes.io/instance=${shop},app.kubernetes.io/component=api`,
  );
  if (!pod) throw new Error(`no API pod of ${shop} to seed the catalog from`);
  await exec(namespace, pod, ['node', 'api/src/db/seed-cli.ts']);
}
