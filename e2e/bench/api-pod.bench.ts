// One API pod on the real node at the CPU and memory the operator gives it by default (requests 500m, limits
// 1 CPU and 512 MiB), in a shop the operator made: catalog reads and checkouts per second at their p99, beside
// a baseline pod with the same limits running a bare `node:http` server that sends the same catalog bytes.
// The capacity model (operator/src/desired/capacity.ts) takes its per-pod figure from this benchmark.
//
// Load comes from the host over the Service's ClusterIP (kube-proxy on the node), 64 connections. Each
// checkout names its own shopper in X-Forwarded-For (the load balancer's header, trusted from private
// addresses), so the per-shopper checkout limit does not turn the run into a 429 test.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { load, ratio, writeResults } from '../../api/bench/lib.ts';
import {
  applyShop,
  installOperator,
  realNamespace,
  seedCatalog,
  serviceUrl,
  waitShopReady,
} from '../tests/node-support.ts';
import { getJson, k } from '../tests/operator-support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** Share of a sale's API requests that are checkouts (the rest are catalog and cart reads). */
const CHECKOUT_SHARE = 0.1;
const SHOP = 'bench';

const loadAtStart = Math.round((loadavg()[0] ?? 0) * 10) / 10;
const ns = await realNamespace('bench-pod');
try {
  await installOperator(ns.name);
  await applyShop(ns.name, SHOP, {
    version: '1.4.0',
    api: { replicas: { min: 1, max: 1 } },
    storefront: {
      replicas: { min: 1, max: 1 },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    },
    ingress: { enabled: false },
    database: { storage: '1Gi', deletionPolicy: 'Delete' },
  });
  await waitShopReady(ns.name, SHOP, 420_000);
  await seedCatalog(ns.name, SHOP);
  const api = await serviceUrl(ns.name, `${SHOP}-api`, '/api/products?limit=24');
  const pod = await getJson<{ items: { spec: { containers: { resources: unknown }[] } }[] }>([
    'get',
    'pods',
    '-n',
    ns.name,
    '-l',
    `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`,
  ]);
  const limits = pod.items[0]?.spec.containers[0]?.resources;

  // The baseline: the same bytes from a bare node:http server, in a pod with the API's resources.
  const body = await (await fetch(`${api}/api/products?limit=24`)).text();
  const server = `const b=Buffer.from(process.env.BODY);require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json','content-length':b.length});r.end(b)}).listen(3000)`;
  await k(
    ['apply', '-n', ns.name, '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'bare', labels: { bench: 'bare' } },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1000,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'bare',
                image: 'ghcr.io/dhakacart/api:1.4.0',
                command: ['node', '-e', server],
                env: [{ name: 'BODY', value: body }],
                resources: limits,
                ports: [{ containerPort: 3000 }],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'bare' },
          spec: { selector: { bench: 'bare' }, ports: [{ port: 3000, targetPort: 3000 }] },
        },
      ],
    }),
  );
  await k(['wait', '-n', ns.name, '--for=condition=Ready', 'pod/bare', '--timeout=120s']);
  const bare = await serviceUrl(ns.name, 'bare', '/');

  const catalog = await load({ url: `${api}/api/products?limit=24`, connections, duration: seconds });
  const baseline = await load({ url: `${bare}/`, connections, duration: seconds });

  const products = JSON.parse(body) as { items: { id: number; stock: number }[] };
  const items = products.items.slice(0, 10).map((p) => ({ productId: p.id, quantity: 1 }));
  // Stock for the whole run: the checkout figure must not turn into an out-of-stock figure.
  const [apiPod] = (
    await k([
      'get',
      'pods',
      '-n',
      ns.name,
      '-l',
      `app.kubernetes.io/instance=${SHOP},app.kubernetes.io/component=api`,
      '-o',
      'name',
    ])
  )
    .trim()
    .split('\n');
  await k([
    'exec',
    '-n',
    ns.name,
    `${SHOP}-postgres-0`,
    '--',
    'psql',
    '-h',
    '/var/run/postgresql',
    '-U',
    'dhakacart',
    '-d',
    'dhakacart',
    '-c',
    'update products set stock = 10000000',
  ]);
  const checkout = await load({
    url: `${api}/api/orders`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
            'x-forwarded-for': `10.${randomBytes(3).join('.')}`,
          },
          body: JSON.stringify({
            items: [items[Math.floor(Math.random() * items.length)]],
            customer: {
              name: 'Bench Shopper',
              phone: '01712345678',
              address: 'House 1, Road 1, Dhanmondi, Dhaka',
            },
          }),
        }),
      },
    ],
  });
  const checkoutOk = checkout.statuses['201'] ?? 0;
  const checkoutPerSecond = Math.round(checkoutOk / seconds);
  // A sale's mix on one pod: time per request is the weighted mean of the two kinds.
  const mixPerSecond = Math.round(
    1 / ((1 - CHECKOUT_SHARE) / catalog.rps + CHECKOUT_SHARE / checkoutPerSecond),
  );

  const figures = {
    seconds,
    connections,
    loadAtStart,
    podResources: limits,
    apiPod,
    catalog,
    bareBaseline: baseline,
    catalogVsBare: ratio(catalog.rps, baseline.rps),
    checkout: { ...checkout, ordersPerSecond: checkoutPerSecond },
    mix: { checkoutShare: CHECKOUT_SHARE, requestsPerSecond: mixPerSecond },
  };
  const file = writeResults('api-pod', figures);
  console.log(`one API pod on the real node, limits ${JSON.stringify(limits)} (load average at start ${loadAtStart}):
  catalog   ${catalog.rps} req/s, p99 ${catalog.p99Ms} ms   bare node:http same bytes: ${baseline.rps} req/s, p99 ${baseline.p99Ms} ms   ratio ${figures.catalogVsBare}
  checkout  ${checkoutPerSecond} orders/s, p99 ${checkout.p99Ms} ms (statuses ${JSON.stringify(checkout.statuses)})
  a sale's mix (${CHECKOUT_SHARE * 100}% checkouts): ${mixPerSecond} req/s per pod
  figures in ${file}`);
} finally {
  await ns.delete();
}
