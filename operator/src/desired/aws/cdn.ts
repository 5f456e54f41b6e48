// CloudFront in front of the shop: HTTPS only towards viewers (HTTP is redirected), TLS 1.2 or newer with
// the shop's ACM certificate, HTTPS only towards the origin. The origin is the shop's load balancer.
import type { DhakaCart } from '../../types.ts';
import { AwsGroup, awsTags, type ManagedResource, managed } from './managed.ts';
import { awsChildName } from './network.ts';
import type { AwsShopSpec } from './spec.ts';

/** The oldest TLS policy CloudFront may negotiate with viewers. */
export const MINIMUM_TLS = 'TLSv1.2_2021';
/**
 * AWS's managed cache policy UseOriginCacheControlHeaders-QueryStrings: the shop decides what is cached
 * (hashed storefront files for a year, API answers not at all) and search query strings are part of the key.
 */
const USE_ORIGIN_CACHE_CONTROL = '4cc15a8a-d715-48a4-82b8-cc0b614638fe';
/** AWS's managed origin request policy AllViewerExceptHostHeader: cookies, query strings and headers pass. */
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/**
 * The distribution, or undefined while it cannot be built yet: it needs an origin (the load balancer's host
 * name) and a certificate for the aliases, since the default *.cloudfront.net certificate cannot enforce TLS 1.2.
 */
export function desiredDistribution(
  shop: DhakaCart,
  settings: AwsShopSpec,
  originDomain: string | undefined,
): ManagedResource | undefined {
  const cdn = settings.assets.cdn;
  const origin = cdn.originDomain ?? originDomain;
  if (!origin || !cdn.certificateArn) return undefined;
  const originId = 'shop';
  return managed(shop, settings, {
    apiVersion: AwsGroup.cloudfront,
    kind: 'Distribution',
    name: awsChildName.cdn(shop),
    forProvider: {
      enabled: true,
      comment: `DhakaCart ${shop.metadata.namespace}/${shop.metadata.name}`,
      aliases: cdn.aliases,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: 'PriceClass_200',
      origin: [
        {
          originId,
          domainName: origin,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: USE_ORIGIN_CACHE_CONTROL,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: {
        acmCertificateArn: cdn.certificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: MINIMUM_TLS,
      },
      tags: awsTags(shop, settings),
    },
  });
}
