// The pure builders against fixtures: what a platform engineer would check in the rendered objects.
import type { V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { albShop, peakShop, referencedTokenShop, sample } from '../fixtures/shops.ts';
import { toWire } from '../kube/wire.ts';
import { apiReplicaBounds } from './capacity.ts';
import { desiredChildren } from './children.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from './deployment.ts';
import { desiredApiHpa, desiredStorefrontHpa } from './hpa.ts';
import { desiredIngress, storefrontUrl } from './ingress.ts';
import { childName } from './meta.ts';
import { desiredMigrationJob, MIGRATION_COMMAND } from './migration-job.ts';
import { desiredNetworkPolicies } from './network-policy.ts';
import { desiredPdb } from './pdb.ts';
import { desiredPostgresStatefulSet } from './postgres.ts';
import { desiredGeneratedSecrets } from './secrets.ts';

const pods = (d: V1Deployment) => d.spec?.template.spec;

test('every child is owned by the shop (controller reference) and labelled as managed', () => {
  for (const child of desiredChildren(sample, { apiVersion: '1.4.0' })) {
    const owner = child.metadata?.ownerReferences?.[0];
    assert.is(owner?.kind, 'DhakaCart', `${child.kind} ${child.metadata?.name}`);
    assert.is(owner?.uid, sample.metadata.uid);
    assert.is(owner?.controller, true);
    assert.is(child.metadata?.namespace, 'shop');
    assert.is(child.metadata?.labels?.['app.kubernetes.io/managed-by'], 'dhakacart-operator');
  }
});

test('children: everything the issue lists exists for an inCluster shop, and the API waits for its migration', () => {
  const kinds = (apiVersion: string | undefined) =>
    desiredChildren(sample, { apiVersion }).map((o) => `${o.kind}/${o.metadata?.name}`);
  const all = kinds('1.4.0');
  for (const want of [
    'ServiceAccount/eid-sale-api',
    'ServiceAccount/eid-sale-postgres',
    'Deployment/eid-sale-api',
    'Deployment/eid-sale-storefront',
    'Deployment/eid-sale-redis',
    'StatefulSet/eid-sale-postgres',
    'Service/eid-sale-postgres',
    'HorizontalPodAutoscaler/eid-sale-api',
    'PodDisruptionBudget/eid-sale-api',
    'Ingress/eid-sale',
    'NetworkPolicy/eid-sale-default-deny',
    'NetworkPolicy/eid-sale-allow-dns',
    'ConfigMap/eid-sale-config',
  ]) {
    assert.ok(all.includes(want), `${want} missing`);
  }
  const before = kinds(undefined);
  assert.not.ok(before.includes('Deployment/eid-sale-api'), 'API deployed before any migration succeeded');
  assert.ok(before.includes('Deployment/eid-sale-storefront'));
});

test('api Deployment: restricted pod, probes, drain, zone spread, no replicas (the HPA owns them)', () => {
  const d = desiredApiDeployment(sample, '1.4.0');
  const pod = pods(d);
  const c = pod?.containers[0];
  assert.is(d.spec?.replicas, undefined);
  assert.is(c?.image, 'ghcr.io/dhakacart/api:1.4.0');
  assert.is(pod?.securityContext?.runAsNonRoot, true);
  assert.is(pod?.securityContext?.seccompProfile?.type, 'RuntimeDefault');
  assert.is(c?.securityContext?.allowPrivilegeEscalation, false);
  assert.is(c?.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(c?.securityContext?.capabilities?.drop, ['ALL']);
  assert.is(pod?.automountServiceAccountToken, false);
  assert.is(c?.readinessProbe?.httpGet?.path, '/readyz');
  assert.is(c?.livenessProbe?.httpGet?.path, '/healthz');
  assert.ok((c?.lifecycle?.preStop?.sleep?.seconds ?? 0) > 0);
  assert.is(d.spec?.strategy?.rollingUpdate?.maxUnavailable, 0);
  assert.is(pod?.topologySpreadConstraints?.[0]?.topologyKey, 'topology.kubernetes.io/zone');
  assert.ok(c?.resources?.requests?.cpu);
});

test('credentials reach the API only through Secret references, never as values', () => {
  const env = pods(desiredApiDeployment(sample, '1.4.0'))?.containers[0]?.env ?? [];
  const byName = new Map(env.map((e) => [e.name, e]));
  assert.is(byName.get('DATABASE_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'eid-sale-postgres-credentials');
  assert.is(byName.get('ADMIN_TOKEN')?.valueFrom?.secretKeyRef?.name, 'eid-sale-admin-token');
  assert.match(byName.get('DATABASE_URL')?.value ?? '', '$(DATABASE_PASSWORD)');
  const referenced = pods(desiredApiDeployment(referencedTokenShop, '1.4.0'))?.containers[0]?.env ?? [];
  const token = referenced.find((e) => e.name === 'ADMIN_TOKEN');
  assert.equal(token?.valueFrom?.secretKeyRef, { name: 'admin-token', key: 'value' });
});

test('image overrides win over the version tag', () => {
  const shop = {
    ...sample,
    spec: { ...sample.spec, images: { api: 'registry.local/api:dev', storefront: 'registry.local/sf:dev' } },
  };
  assert.is(pods(desiredApiDeployment(shop, '1.4.0'))?.containers[0]?.image, 'registry.local/api:dev');
  assert.is(pods(desiredStorefrontDeployment(shop, '1.4.0'))?.containers[0]?.image, 'registry.local/sf:dev');
});

test('HPAs follow spec.*.replicas; capacity raises the API bounds', () => {
  assert.is(desiredApiHpa(sample).spec?.minReplicas, 3);
  assert.is(desiredApiHpa(sample).spec?.maxReplicas, 60);
  assert.is(desiredStorefrontHpa(sample).spec?.maxReplicas, 20);
  const plan = apiReplicaBounds(peakShop.spec);
  // 100,000 visitors × 12 requests/min = 20,000 req/s; at 5,694 req/s per pod (measured on the real node)
  // and 70 % target → 6 pods, above the spec's max of 4; a tenth of that (1) stays below the spec's min of 2.
  assert.is(plan.requestsPerSecond, 20_000);
  assert.is(plan.podsForPeak, 6);
  assert.equal(desiredApiHpa(peakShop).spec?.maxReplicas, 6);
  assert.equal(desiredApiHpa(peakShop).spec?.minReplicas, 2);
});

test('HPAs scale down after spec.autoscaling.scaleDownStabilizationSeconds, 300 by default, and up at once', () => {
  assert.is(desiredApiHpa(sample).spec?.behavior?.scaleDown?.stabilizationWindowSeconds, 300);
  const quick = { ...sample, spec: { ...sample.spec, autoscaling: { scaleDownStabilizationSeconds: 30 } } };
  assert.is(desiredStorefrontHpa(quick).spec?.behavior?.scaleDown?.stabilizationWindowSeconds, 30);
  assert.is(desiredApiHpa(quick).spec?.behavior?.scaleUp?.stabilizationWindowSeconds, 0);
});

test('PDB keeps all but maxUnavailable pods through a drain', () => {
  const pdb = desiredPdb(sample, 'api');
  assert.is(pdb.spec?.maxUnavailable, 1);
  assert.equal(pdb.spec?.selector?.matchLabels?.['app.kubernetes.io/component'], 'api');
});

test('Ingress: class, host and TLS Secret; alb adds the AWS Load Balancer Controller annotations', () => {
  const ing = desiredIngress(sample);
  assert.is(ing?.spec?.ingressClassName, 'nginx');
  assert.is(ing?.spec?.rules?.[0]?.host, 'shop.example.com');
  assert.is(ing?.spec?.tls?.[0]?.secretName, 'shop-tls');
  assert.is(ing?.metadata?.annotations, undefined);
  const alb = desiredIngress(albShop);
  assert.is(alb?.metadata?.annotations?.['alb.ingress.kubernetes.io/target-type'], 'ip');
  assert.match(
    alb?.metadata?.annotations?.['alb.ingress.kubernetes.io/certificate-arn'] ?? '',
    'arn:aws:acm',
  );
  assert.is(storefrontUrl(sample), 'https://shop.example.com/');
  const disabled = {
    ...sample,
    spec: { ...sample.spec, ingress: { ...sample.spec.ingress, enabled: false } },
  };
  assert.is(desiredIngress(disabled), undefined);
});

test('NetworkPolicies: default deny, DNS allowed, and the database admits only the API and the migration', () => {
  const policies = desiredNetworkPolicies(sample).map((p) => toWire(p));
  const deny = policies.find((p) => p.metadata?.name === 'eid-sale-default-deny');
  assert.equal(deny?.spec?.policyTypes, ['Ingress', 'Egress']);
  const dns = policies.find((p) => p.metadata?.name === 'eid-sale-allow-dns');
  assert.equal(
    dns?.spec?.egress?.[0]?.ports?.map((p) => p.port),
    [53, 53],
  );
  // Any address on port 53: a node-local DNS cache listens on a link-local address no pod selector matches.
  assert.is(dns?.spec?.egress?.[0]?.to, undefined);
  const api = policies.find((p) => p.metadata?.name === 'eid-sale-api') as unknown as {
    spec: { ingress: { from: Record<string, { matchLabels: Record<string, string> }>[] }[] };
  };
  assert.equal(
    api.spec.ingress[0]?.from.map(
      (f) =>
        f.podSelector?.matchLabels['app.kubernetes.io/component'] ??
        f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'],
    ),
    ['storefront', 'ingress-nginx'],
  );
  const pg = policies.find((p) => p.metadata?.name === 'eid-sale-postgres') as unknown as {
    spec: { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
  };
  // The wire form says `from` (client-node's model calls it `_from`).
  const components = pg.spec.ingress[0]?.from.map(
    (f) => f.podSelector.matchLabels['app.kubernetes.io/component'],
  );
  assert.equal(components, ['pgbouncer', 'migration']);
});

test('migration Job runs the documented command in the new version image, restricted, never restarting', () => {
  const job = desiredMigrationJob(sample, '1.5.0');
  const c = job.spec?.template.spec?.containers[0];
  assert.is(job.metadata?.name, 'eid-sale-migrate-1-5-0');
  assert.is(c?.image, 'ghcr.io/dhakacart/api:1.5.0');
  assert.equal(c?.command, MIGRATION_COMMAND);
  assert.is(job.spec?.template.spec?.restartPolicy, 'Never');
  assert.is(c?.securityContext?.runAsNonRoot, true);
  assert.not.ok(
    c?.env?.some((e) => e.name === 'ADMIN_TOKEN'),
    'the migration needs no admin token',
  );
});

test('PostgreSQL: a claim of the requested size whose retention follows deletionPolicy', () => {
  const sts = desiredPostgresStatefulSet(sample);
  assert.is(sts.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage, '20Gi');
  assert.is(sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted, 'Retain');
  const del = {
    ...sample,
    spec: { ...sample.spec, database: { ...sample.spec.database, deletionPolicy: 'Delete' as const } },
  };
  assert.is(
    desiredPostgresStatefulSet(del).spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted,
    'Delete',
  );
  assert.is(sts.spec?.template.spec?.securityContext?.runAsUser, 70);
});

test('generated Secrets use the random source given, and none is generated for a referenced admin token', () => {
  let n = 0;
  const random = (bytes: number) => `${'ab'.repeat(bytes)}${n++}`;
  const names = desiredGeneratedSecrets(sample, random).map((s) => s.metadata?.name);
  assert.equal(names, [
    childName.postgresCredentials(sample),
    childName.redisCredentials(sample),
    childName.adminToken(sample),
  ]);
  assert.is(desiredGeneratedSecrets(referencedTokenShop, random).length, 2);
});

test('builders are pure: the same shop gives the same objects', () => {
  assert.equal(
    desiredChildren(sample, { apiVersion: '1.4.0' }),
    desiredChildren(sample, { apiVersion: '1.4.0' }),
  );
});

test.run();
