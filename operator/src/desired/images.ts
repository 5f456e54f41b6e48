// Which image each container runs: the spec's override, else the release's image.
import type { DhakaCart } from '../types.ts';

export const IMAGE_REGISTRY = 'ghcr.io/dhakacart';
/** Built from operator/images/postgres (Debian's PostgreSQL 15). */
export const DEFAULT_POSTGRES_IMAGE = 'ghcr.io/dhakacart/postgres:15';
/** Built from operator/images/pgbouncer (Debian's PgBouncer 1.18). */
export const DEFAULT_PGBOUNCER_IMAGE = 'ghcr.io/dhakacart/pgbouncer:1.18';
/** Built from operator/images/redis (Debian's Redis 7). */
export const DEFAULT_REDIS_IMAGE = 'ghcr.io/dhakacart/redis:7';

/** The API image for `version` (the migrated version, which may trail spec.version during a release). */
export function apiImage(shop: DhakaCart, version: string): string {
  return shop.spec.images?.api ?? `${IMAGE_REGISTRY}/api:${version}`;
}

export function storefrontImage(shop: DhakaCart, version: string): string {
  return shop.spec.images?.storefront ?? `${IMAGE_REGISTRY}/storefront:${version}`;
}

export function postgresImage(shop: DhakaCart): string {
  return shop.spec.images?.postgres ?? DEFAULT_POSTGRES_IMAGE;
}

export function redisImage(shop: DhakaCart): string {
  return shop.spec.images?.redis ?? DEFAULT_REDIS_IMAGE;
}

export function pgbouncerImage(): string {
  return DEFAULT_PGBOUNCER_IMAGE;
}

export function pullPolicy(shop: DhakaCart): string {
  return shop.spec.images?.pullPolicy ?? 'IfNotPresent';
}
