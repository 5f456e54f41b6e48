// The catalog: categories, search results and "show more" paging, each failure with its own retry.
import { useState } from 'react';
import type { Product } from '../../shared/api/types.ts';
import { useRequest } from '../../shared/api/use-request.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { useLocation } from '../../shared/router/router.tsx';
import { ErrorNotice } from '../../shared/ui/error-notice.tsx';
import { fetchCategories, fetchProducts } from './catalog-api.ts';
import { CategoryNav } from './category-nav.tsx';
import { ProductCard } from './product-card.tsx';

export function CatalogPage({ onAddToCart }: { onAddToCart(product: Product): void }) {
  const { t, text } = useLocale();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const category = search.get('category') ?? '';
  const queryKey = `${q}\u0000${category}`;

  const categories = useRequest((signal) => fetchCategories(signal), 'categories');
  const firstPage = useRequest((signal) => fetchProducts({ q, category }, signal), queryKey);

  const [more, setMore] = useState<{ key: string; items: Product[]; cursor: string | null }>();
  const [moreRequest, setMoreRequest] = useState<{ key: string; loading: boolean; error?: unknown }>();

  // Both belong to one query: a new search or category starts from its first page again.
  const extra = more?.key === queryKey ? more : undefined;
  const moreState = moreRequest?.key === queryKey ? moreRequest : { loading: false, error: undefined };
  const products = [...(firstPage.data?.items ?? []), ...(extra?.items ?? [])];
  const nextCursor = extra ? extra.cursor : (firstPage.data?.nextCursor ?? null);

  const loadMore = async () => {
    setMoreRequest({ key: queryKey, loading: true });
    try {
      const page = await fetchProducts({ q, category, cursor: nextCursor });
      setMore({ key: queryKey, items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor });
      setMoreRequest({ key: queryKey, loading: false });
    } catch (error) {
      setMoreRequest({ key: queryKey, loading: false, error });
    }
  };

  const categoryName = categories.data?.find((c) => c.slug === category);
  const heading = q ? t.resultsFor(q) : categoryName ? text(categoryName.name) : t.allProducts;

  return (
    <div className="catalog">
      {/* When the products failed too, their message below covers both (one "Try again" retries both). */}
      {categories.error ? (
        firstPage.error ? null : (
          <ErrorNotice error={categories.error} onRetry={categories.retry} />
        )
      ) : (
        <CategoryNav categories={categories.data ?? []} current={category} q={q} />
      )}
      <section className="results" aria-labelledby="results-heading" aria-busy={firstPage.loading}>
        <h1 id="results-heading" tabIndex={-1}>
          {heading}
        </h1>
        {firstPage.error ? <ErrorNotice error={firstPage.error} onRetry={firstPage.retry} /> : null}
        {firstPage.loading && products.length === 0 ? <p className="muted">{t.loading}</p> : null}
        {firstPage.data && products.length === 0 ? <p>{t.noResults}</p> : null}
        {products.length > 0 ? (
          <ul className="product-grid" aria-label={t.products}>
            {products.map((product, index) => (
              <ProductCard
                key={String(product.id)}
                product={product}
                eagerImage={index < 4}
                onAddToCart={onAddToCart}
              />
            ))}
          </ul>
        ) : null}
        {moreState.error ? <ErrorNotice error={moreState.error} onRetry={loadMore} /> : null}
        {nextCursor && !moreState.error ? (
          <button type="button" className="button load-more" onClick={loadMore} disabled={moreState.loading}>
            {moreState.loading ? t.loading : t.loadMore}
          </button>
        ) : null}
      </section>
    </div>
  );
}
