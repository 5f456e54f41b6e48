import { CartLink } from '../features/cart/cart-link.tsx';
import { SearchForm } from '../features/catalog/search-form.tsx';
import { useLocale } from '../shared/i18n/locale-context.tsx';
import { Link } from '../shared/router/router.tsx';

export function Header({ cartCount }: { cartCount: number }) {
  const { t, locale, setLocale } = useLocale();
  const other = locale === 'en' ? 'bn' : 'en';
  return (
    <header className="site-header">
      <div className="header-row">
        <Link href="/" className="logo">
          {t.shopName}
        </Link>
        <nav aria-label={t.mainNavigation} className="header-actions">
          <button
            type="button"
            className="button button-ghost"
            lang={other}
            aria-label={t.otherLanguageLabel}
            onClick={() => setLocale(other)}
          >
            {t.otherLanguage}
          </button>
          <CartLink count={cartCount} />
        </nav>
      </div>
      <SearchForm />
    </header>
  );
}
