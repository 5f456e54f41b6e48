// One product: photo, description, price, stock and "Add to cart".

import { ApiError } from '../../shared/api/client.ts';
import type { Product } from '../../shared/api/types.ts';
import { useRequest } from '../../shared/api/use-request.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link } from '../../shared/router/router.tsx';
import { ErrorNotice } from '../../shared/ui/error-notice.tsx';
import { fetchProduct } from './catalog-api.ts';
import { ProductImage } from './product-image.tsx';

export function ProductPage({ slug, onAddToCart }: { slug: string; onAddToCart(product: Product): void }) {
  const { t, text, price, number } = useLocale();
  const request = useRequest((signal) => fetchProduct(slug, signal), slug);
  const product = request.data;

  if (request.error instanceof ApiError && request.error.kind === 'not_found') {
    return (
      <div className="page">
        <h1 tabIndex={-1}>{t.productNotFound}</h1>
        <Link href="/">{t.backToCatalog}</Link>
      </div>
    );
  }
  if (request.error) return <ErrorNotice error={request.error} onRetry={request.retry} />;
  if (!product) return <p className="muted">{t.loading}</p>;

  const name = text(product.name);
  const soldOut = product.stock <= 0;
  return (
    <article className="product-detail">
      <ProductImage src={product.imageUrl} alt={name} size={480} eager />
      <div className="product-info">
        <h1 tabIndex={-1}>{name}</h1>
        <p className="price price-large">{price(product.price)}</p>
        <p className={soldOut ? 'stock stock-out' : 'stock'}>
          {soldOut ? t.outOfStock : t.inStock(number(product.stock))}
        </p>
        <p>{text(product.description)}</p>
        <button
          type="button"
          className="button button-primary"
          disabled={soldOut}
          onClick={() => onAddToCart(product)}
        >
          {t.addToCart}
          <span className="visually-hidden">: {name}</span>
        </button>
        <p>
          <Link href="/">{t.backToCatalog}</Link>
        </p>
      </div>
    </article>
  );
}
