// The optional smoke check of a release: one HTTP GET of spec.rollout.smokeCheck.path against the new
// version's API pods (the preview Service in blue/green, the API Service after a rolling update), run as a Job
// in that version's own API image. Any 2xx passes.
import type { V1Job, V1NetworkPolicy } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { API_PORT, APP_UID } from '../deployment.ts';
import { apiImage, pullPolicy } from '../images.ts';
import {
  COMPONENT_LABEL,
  childLabels,
  childMeta,
  childName,
  selectorLabels,
  VERSION_ANNOTATION,
} from '../meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../pod-security.ts';
import { previewServiceName } from './blue-green.ts';
import type { RolloutSpec } from './spec.ts';

export const SMOKE_COMPONENT = 'smoke';

export function smokeJobName(shop: DhakaCart, version: string): string {
  return `${shop.metadata.name}-smoke-${version.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** The script, given the URL as its first argument: exit 0 on a 2xx answer within the timeout. */
export const SMOKE_SCRIPT = `const url = process.argv[1];
const timeout = Number(process.env.SMOKE_TIMEOUT_SECONDS) * 1000;
fetch(url, { signal: AbortSignal.timeout(timeout) }).then(
  (r) => { console.log(\`GET \${url}: \${r.status}\`); process.exit(r.ok ? 0 : 1); },
  (e) => { console.log(\`GET \${url}: \${e.message}\`); process.exit(1); },
);`;

export function smokeUrl(shop: DhakaCart, rollout: RolloutSpec): string {
  const service = rollout.strategy === 'BlueGreen' ? previewServiceName(shop, 'api') : childName.api(shop);
  const path = rollout.smokeCheck?.path ?? '/readyz';
  return `http://${service}:${API_PORT}${path.startsWith('/') ? path : `/${path}`}`;
}

export function desiredSmokeJob(shop: DhakaCart, version: string, rollout: RolloutSpec): V1Job {
  const meta = childMeta(shop, smokeJobName(shop, version), undefined, { [VERSION_ANNOTATION]: version });
  meta.labels = { ...meta.labels, [COMPONENT_LABEL]: SMOKE_COMPONENT };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: Math.max(60, (rollout.smokeCheck?.timeoutSeconds ?? 10) * 6),
      template: {
        metadata: { labels: { ...childLabels(shop), [COMPONENT_LABEL]: SMOKE_COMPONENT } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(APP_UID),
          containers: [
            {
              name: 'smoke',
              image: apiImage(shop, version),
              imagePullPolicy: pullPolicy(shop),
              command: ['node', '-e', SMOKE_SCRIPT, smokeUrl(shop, rollout)],
              env: [
                { name: 'SMOKE_TIMEOUT_SECONDS', value: String(rollout.smokeCheck?.timeoutSeconds ?? 10) },
              ],
              terminationMessagePolicy: 'FallbackToLogsOnError',
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '200m', memory: '128Mi' },
              },
              securityContext: restrictedContainerSecurity(),
            },
          ],
        },
      },
    },
  };
}

/** Smoke pods may reach the API (the shop's default-deny policy blocks everything else). */
export function desiredSmokeNetworkPolicy(shop: DhakaCart): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMeta(shop, childName.networkPolicy(shop, SMOKE_COMPONENT)),
    spec: {
      podSelector: { matchLabels: { ...selectorLabels(shop, 'api'), [COMPONENT_LABEL]: SMOKE_COMPONENT } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: selectorLabels(shop, 'api') } }],
          ports: [{ protocol: 'TCP', port: API_PORT }],
        },
      ],
    },
  };
}
