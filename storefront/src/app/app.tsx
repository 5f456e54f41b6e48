// The app shell: header, the page for the current path, and the wiring between features (the only place
// where catalog, cart, checkout and orders meet).
import { lazy, type ReactNode, Suspense, useEffect, useRef } from 'react';
import { useCart } from '../features/cart/use-cart.ts';
import { CatalogPage } from '../features/catalog/catalog-page.tsx';
import { ProductPage } from '../features/catalog/product-page.tsx';
import { LocaleProvider, useLocale } from '../shared/i18n/locale-context.tsx';
import { Link, navigate, useLocation } from '../shared/router/router.tsx';
import { ErrorNotice } from '../shared/ui/error-notice.tsx';
import { Header } from './header.tsx';
import { matchRoute } from './routes.ts';

// The catalog and product pages are in the first download; the cart, checkout and order pages (and the
// checkout's phone number library) load when the shopper goes there.
// (`await import()` rather than `import().then()`: Vite 8 leaves its preload marker undefined in the latter.)
const CartPage = lazy(async () => ({ default: (await import('../features/cart/cart-page.tsx')).CartPage }));
const CheckoutPage = lazy(async () => ({
  default: (await import('../features/checkout/checkout-page.tsx')).CheckoutPage,
}));
const OrderPage = lazy(async () => ({
  default: (await import('../features/orders/order-page.tsx')).OrderPage,
}));

/** While a page's code loads: the page's room is held, so nothing below it jumps when it arrives. */
function PageLoading() {
  const { t } = useLocale();
  return (
    <div className="page page-loading" aria-busy="true">
      <p className="muted">{t.loading}</p>
    </div>
  );
}

function Shell() {
  const { t, text } = useLocale();
  const location = useLocation();
  const route = matchRoute(location.pathname);
  const cart = useCart();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After an in-app navigation, move focus to the new page's heading so screen readers announce it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus({ preventScroll: true });
  }, [location.pathname]);

  useEffect(() => {
    const titles: Record<string, string> = {
      catalog: t.allProducts,
      product: t.products,
      cart: t.cartTitle,
      checkout: t.checkoutTitle,
      order: t.orderConfirmed,
      'not-found': t.pageNotFound,
    };
    document.title = `${titles[route.page]} — ${t.shopName}`;
  }, [route.page, t]);

  let page: ReactNode;
  switch (route.page) {
    case 'catalog':
      page = <CatalogPage onAddToCart={cart.add} />;
      break;
    case 'product':
      page = <ProductPage slug={route.slug} onAddToCart={cart.add} />;
      break;
    case 'cart':
      page = <CartPage cart={cart} />;
      break;
    case 'checkout':
      page = (
        <CheckoutPage
          cartId={cart.cartId}
          lines={cart.lines}
          subtotal={cart.subtotal}
          loading={cart.loading}
          cartError={cart.error}
          onRetryCart={cart.retry}
          onRemoveLine={(productId) => cart.setQuantity(productId, 0)}
          onPlaced={(order) => {
            cart.forget();
            navigate(`/orders/${encodeURIComponent(String(order.id))}`);
          }}
        />
      );
      break;
    case 'order':
      page = <OrderPage orderId={route.orderId} />;
      break;
    default:
      page = (
        <div className="page">
          <h1 tabIndex={-1}>{t.pageNotFound}</h1>
          <p>{t.pageNotFoundText}</p>
          <Link href="/">{t.backToCatalog}</Link>
        </div>
      );
  }

  // Cart errors on the cart and checkout pages are shown there; elsewhere (e.g. "Add to cart" while the
  // API is down) they appear above the page.
  const showCartError = cart.error !== undefined && route.page !== 'cart' && route.page !== 'checkout';

  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <Header cartCount={cart.count} />
      <main id="main" ref={main} tabIndex={-1}>
        {showCartError ? <ErrorNotice error={cart.error} onRetry={cart.retry} /> : null}
        <Suspense fallback={<PageLoading />}>{page}</Suspense>
      </main>
      <p className="visually-hidden" role="status" aria-live="polite">
        {cart.lastAdded ? t.addedToCart(text(cart.lastAdded.product.name)) : ''}
      </p>
      <footer className="site-footer">
        <p>
          {t.shopName} · {t.cashOnDelivery}
        </p>
      </footer>
    </>
  );
}

export function App() {
  return (
    <LocaleProvider>
      <Shell />
    </LocaleProvider>
  );
}
