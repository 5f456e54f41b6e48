// Product pictures until real photos are uploaded to the asset bucket: the seeded catalog points every
// product at /images/products/<slug>.svg, and this draws a small, deterministic tile for each slug (a tint
// from the slug's hash and its initials) so the shop never shows broken images.
import { createHash } from 'node:crypto';

const slugPattern = /^\/images\/products\/([a-z0-9][a-z0-9-]{0,120})\.svg$/;

/** The slug in an /images/products/<slug>.svg path, or undefined for any other path. */
export function productArtSlug(pathname: string): string | undefined {
  return slugPattern.exec(pathname)?.[1];
}

export function productArtSvg(slug: string): string {
  const hash = createHash('sha1').update(slug).digest();
  const hue = Math.round(((hash[0] ?? 0) / 255) * 360);
  const initials = slug
    .split('-')
    .filter((word) => /^[a-z]/.test(word))
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="240" height="240">' +
    `<rect width="240" height="240" fill="hsl(${hue} 45% 88%)"/>` +
    `<circle cx="120" cy="120" r="78" fill="hsl(${hue} 40% 76%)"/>` +
    `<text x="120" y="140" font-family="sans-serif" font-size="56" font-weight="700" text-anchor="middle" fill="hsl(${hue} 55% 22%)">${initials}</text>` +
    '</svg>'
  );
}
