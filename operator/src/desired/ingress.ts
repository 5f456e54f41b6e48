// The Ingress: the storefront at /, the API at /api. With class `alb` it carries the AWS Load Balancer
// Controller's annotations (internet-facing, IP targets so readiness gates work, HTTPS redirect when TLS).
import type { V1Ingress, V1IngressTLS } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { API_PORT } from './deployment.ts';
import { childMeta, childName } from './meta.ts';

export function albAnnotations(shop: DhakaCart): Record<string, string> {
  const tls = shop.spec.ingress.tls;
  const https = Boolean(tls?.certificateArn || tls?.secretName);
  return {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/healthcheck-path': '/readyz',
    // Shorter than the pods' preStop drain, so the ALB stops routing before a pod stops serving.
    'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=10',
    'alb.ingress.kubernetes.io/listen-ports': https ? '[{"HTTP":80},{"HTTPS":443}]' : '[{"HTTP":80}]',
    ...(https ? { 'alb.ingress.kubernetes.io/ssl-redirect': '443' } : {}),
    ...(tls?.certificateArn ? { 'alb.ingress.kubernetes.io/certificate-arn': tls.certificateArn } : {}),
  };
}

/** The Ingress, or undefined when spec.ingress.enabled is false. */
export function desiredIngress(shop: DhakaCart): V1Ingress | undefined {
  const spec = shop.spec.ingress;
  if (!spec.enabled) return undefined;
  const tls: V1IngressTLS[] | undefined = spec.tls?.secretName
    ? [{ secretName: spec.tls.secretName, ...(spec.host ? { hosts: [spec.host] } : {}) }]
    : undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: childMeta(
      shop,
      shop.metadata.name,
      'storefront',
      spec.className === 'alb' ? albAnnotations(shop) : undefined,
    ),
    spec: {
      ingressClassName: spec.className,
      ...(tls ? { tls } : {}),
      rules: [
        {
          ...(spec.host ? { host: spec.host } : {}),
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: childName.api(shop), port: { number: API_PORT } } },
              },
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: childName.storefront(shop), port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Where shoppers reach the shop. */
export function storefrontUrl(shop: DhakaCart): string {
  const spec = shop.spec.ingress;
  if (spec.enabled && spec.host) {
    const https = Boolean(spec.tls?.secretName || spec.tls?.certificateArn);
    return `${https ? 'https' : 'http'}://${spec.host}/`;
  }
  return `http://${childName.storefront(shop)}.${shop.metadata.namespace}.svc/`;
}

export function apiUrl(shop: DhakaCart): string {
  return `http://${childName.api(shop)}.${shop.metadata.namespace}.svc:${API_PORT}/`;
}
