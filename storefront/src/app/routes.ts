// Which page a path shows. Pure, so the server-side fallback and the app agree on what exists.

export type Route =
  | { page: 'catalog' }
  | { page: 'product'; slug: string }
  | { page: 'cart' }
  | { page: 'checkout' }
  | { page: 'order'; orderId: string }
  | { page: 'not-found' };

/** The page a path shows; a trailing slash is tolerated (`/cart/` is the cart). */
export function matchRoute(path: string): Route {
  const pathname = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (pathname === '/' || pathname === '') return { page: 'catalog' };
  if (pathname === '/cart') return { page: 'cart' };
  if (pathname === '/checkout') return { page: 'checkout' };
  const product = /^\/products\/([^/]+)$/.exec(pathname);
  if (product?.[1]) return { page: 'product', slug: decodeURIComponent(product[1]) };
  const order = /^\/orders\/([^/]+)$/.exec(pathname);
  if (order?.[1]) return { page: 'order', orderId: decodeURIComponent(order[1]) };
  return { page: 'not-found' };
}
