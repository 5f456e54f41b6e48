// One product in the catalog list: its name as a heading and an "Add to cart" button (names are a contract).
import type { Product } from '../../shared/api/types.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link } from '../../shared/router/router.tsx';
import { ProductImage } from './product-image.tsx';

export function ProductCard({
  product,
  eagerImage,
  onAddToCart,
}: {
  product: Product;
  eagerImage: boolean;
  onAddToCart(product: Product): void;
}) {
  const { t, text, price, number } = useLocale();
  const name = text(product.name);
  const soldOut = product.stock <= 0;
  return (
    <li className="product-card">
      <ProductImage src={product.imageUrl} alt="" size={240} eager={eagerImage} />
      <h2 className="product-name">
        <Link href={`/products/${encodeURIComponent(product.slug)}`}>{name}</Link>
      </h2>
      <p className="price">{price(product.price)}</p>
      <p className={soldOut ? 'stock stock-out' : 'stock'}>
        {soldOut ? t.outOfStock : t.inStock(number(product.stock))}
      </p>
      <button
        type="button"
        className="button button-primary"
        disabled={soldOut}
        onClick={() => onAddToCart(product)}
      >
        {t.addToCart}
        <span className="visually-hidden">: {name}</span>
      </button>
    </li>
  );
}
