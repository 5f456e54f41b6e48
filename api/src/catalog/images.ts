// GET /images/products/:slug.svg — a generated placeholder picture for every product (the seed's imageUrl
// points here), so the shop looks complete with no image storage. Real pictures would come from S3/CloudFront.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { notFound } from '../shared/errors.ts';

const palette = ['#0f766e', '#b45309', '#be123c', '#4338ca', '#15803d', '#7e22ce', '#0369a1', '#a16207'];

export function productImage(slug: string): string {
  const digest = createHash('sha256').update(slug).digest();
  const background = palette[(digest[0] ?? 0) % palette.length];
  const initials = slug
    .split('-')
    .filter((word) => /^[a-z]/.test(word))
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${slug}"><rect width="400" height="400" fill="${background}"/><text x="200" y="200" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="140" fill="#ffffff">${initials}</text></svg>`;
}

export function imagesRouter(): Router {
  const router = Router();
  router.get('/products/:file', (req, res) => {
    const match = /^([a-z0-9][a-z0-9-]{0,99})\.svg$/.exec(req.params.file);
    if (!match?.[1]) throw notFound('Image');
    res
      .type('image/svg+xml')
      .set('Cache-Control', 'public, max-age=86400')
      // Public pictures: a storefront on another origin may show them.
      .set('Cross-Origin-Resource-Policy', 'cross-origin')
      .send(productImage(match[1]));
  });
  return router;
}
