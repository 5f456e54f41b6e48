// Secrets on `platform: aws` live in AWS Secrets Manager and reach the pods through the External Secrets
// Operator (ESO): the operator writes one ExternalSecret per credential, ESO reads the value from Secrets
// Manager and writes the Kubernetes Secret the pods (and ElastiCache's authTokenSecretRef) read, and reads it
// again every REFRESH_INTERVAL, so a rotation in AWS reaches the Secret without a manual step. The operator
// itself never generates a password on aws: RDS generates and rotates the master password
// (manageMasterUserPassword), the Redis auth token and the admin token are stored by the platform team under
// the names secretsManagerName() gives. Source of the ExternalSecret and ClusterSecretStore shapes: ESO's API
// types, github.com/external-secrets/external-secrets apis/externalsecrets/v1 (the e2e tests serve the CRDs
// generated from them, e2e/toolchain/generate-crds.sh external-secrets).
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { childMeta, childName } from '../meta.ts';

export const ESO_API_VERSION = 'external-secrets.io/v1';

/** The ClusterSecretStore every shop's ExternalSecrets read from; made once per cluster (docs/delivery.md). */
export const SECRET_STORE_NAME = 'dhakacart-aws-secrets-manager';

/**
 * How often ESO reads each value from Secrets Manager again (a Go duration). One minute bounds how long the
 * pods run with a rotated-away password; it costs 3 × 43,200 GetSecretValue calls a month per shop.
 */
export const REFRESH_INTERVAL = '1m';

/** One entry of ExternalSecret.spec.data: a key of the target Secret and where its value lives. */
export interface ExternalSecretData {
  secretKey: string;
  remoteRef: { key: string; property?: string };
}

export interface ExternalSecret extends KubernetesObject {
  apiVersion: typeof ESO_API_VERSION;
  kind: 'ExternalSecret';
  metadata: V1ObjectMeta & { name: string; namespace: string };
  spec: {
    refreshInterval: string;
    secretStoreRef: { kind: 'ClusterSecretStore'; name: string };
    target: {
      name: string;
      creationPolicy: 'Owner';
      deletionPolicy: 'Retain';
      template?: { engineVersion: 'v2'; data: Record<string, string> };
    };
    data: ExternalSecretData[];
  };
}

/** The Secrets Manager secrets the platform team stores for a shop (plain strings, URL-safe characters only). */
export function secretsManagerName(shop: DhakaCart, part: 'redis-auth-token' | 'admin-token'): string {
  return `dhakacart/${shop.metadata.namespace}/${shop.metadata.name}/${part}`;
}

function externalSecret(
  shop: DhakaCart,
  target: string,
  data: ExternalSecretData[],
  template?: Record<string, string>,
): ExternalSecret {
  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { ...childMeta(shop, target), name: target, namespace: shop.metadata.namespace ?? '' },
    spec: {
      refreshInterval: REFRESH_INTERVAL,
      secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME },
      // Owner: ESO owns the Secret (it goes with the ExternalSecret, which goes with the shop). Retain: a
      // store that cannot be read leaves the last good value in place instead of deleting it under the pods.
      target: {
        name: target,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        ...(template ? { template: { engineVersion: 'v2', data: template } } : {}),
      },
      data,
    },
  };
}

/**
 * The shop's ExternalSecrets, each writing the Secret (same name, same key) the pods read on inCluster:
 * - `<shop>-postgres-credentials`, key `password`: RDS's master password from the secret RDS manages, once
 *   the provider has reported its ARN (`masterUserSecretArn`, status.atProvider.masterUserSecret[0].secretArn);
 *   URL-encoded, because the kubelet puts it into DATABASE_URL and RDS's passwords may hold `#`, `%` or `:`.
 * - `<shop>-redis-credentials`, key `password`: the ElastiCache auth token (also what the ReplicationGroup's
 *   authTokenSecretRef reads, so it must be URL-safe as stored).
 * - `<shop>-admin-token`, key `token`, unless spec.api.adminTokenSecretRef names a Secret of the user's.
 */
export function desiredExternalSecrets(shop: DhakaCart, masterUserSecretArn?: string): ExternalSecret[] {
  const secrets: ExternalSecret[] = [];
  if (masterUserSecretArn) {
    secrets.push(
      externalSecret(
        shop,
        childName.postgresCredentials(shop),
        [{ secretKey: 'password', remoteRef: { key: masterUserSecretArn, property: 'password' } }],
        { password: '{{ .password | urlquery }}' },
      ),
    );
  }
  secrets.push(
    externalSecret(shop, childName.redisCredentials(shop), [
      { secretKey: 'password', remoteRef: { key: secretsManagerName(shop, 'redis-auth-token') } },
    ]),
  );
  if (!shop.spec.api.adminTokenSecretRef) {
    secrets.push(
      externalSecret(shop, childName.adminToken(shop), [
        { secretKey: 'token', remoteRef: { key: secretsManagerName(shop, 'admin-token') } },
      ]),
    );
  }
  return secrets;
}

/**
 * The cluster's one ClusterSecretStore for Secrets Manager in `region`, authenticated with IRSA: ESO assumes
 * the IAM role annotated on `serviceAccount` (`eks.amazonaws.com/role-arn`). Applied once per workload
 * cluster at bootstrap, not by the operator (it is cluster-scoped and holds no shop's data).
 */
export function clusterSecretStore(
  region: string,
  serviceAccount: { name: string; namespace: string },
): KubernetesObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ClusterSecretStore',
    metadata: { name: SECRET_STORE_NAME },
    spec: {
      provider: {
        aws: { service: 'SecretsManager', region, auth: { jwt: { serviceAccountRef: serviceAccount } } },
      },
    },
  };
}
