// The header's "Cart (n)" link; its accessible name carries the count (a contract for outside checks).
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link, useLocation } from '../../shared/router/router.tsx';

export function CartLink({ count }: { count: number }) {
  const { t, number } = useLocale();
  const { pathname } = useLocation();
  return (
    <Link href="/cart" className="cart-link" aria-current={pathname === '/cart' ? 'page' : undefined}>
      {t.cartWithCount(number(count))}
    </Link>
  );
}
