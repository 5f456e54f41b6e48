// The cart: lines with quantity controls, the subtotal and the "Checkout" button.
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link, navigate } from '../../shared/router/router.tsx';
import { ErrorNotice } from '../../shared/ui/error-notice.tsx';
import { QuantityControl } from './quantity-control.tsx';
import type { CartState } from './use-cart.ts';

export function CartPage({ cart }: { cart: CartState }) {
  const { t, text, price, number } = useLocale();
  return (
    <div className="page cart-page">
      <h1 tabIndex={-1}>{t.cartTitle}</h1>
      {cart.error ? <ErrorNotice error={cart.error} onRetry={cart.retry} /> : null}
      {cart.loading && !cart.error ? <p className="muted">{t.loading}</p> : null}
      {!cart.loading && cart.lines.length === 0 ? (
        <p>
          {t.cartEmpty} <Link href="/">{t.continueShopping}</Link>
        </p>
      ) : null}
      {cart.lines.length > 0 ? (
        <>
          <ul className="cart-lines">
            {cart.lines.map((line) => {
              const name = line.name ? text(line.name) : `${t.item} ${line.productId}`;
              return (
                <li key={String(line.productId)} className="cart-line">
                  <h2 className="cart-line-name">
                    {line.slug ? (
                      <Link href={`/products/${encodeURIComponent(line.slug)}`}>{name}</Link>
                    ) : (
                      name
                    )}
                  </h2>
                  <p className="muted">
                    {t.unitPrice}: {price(line.unitPrice)}
                  </p>
                  <QuantityControl
                    name={name}
                    quantity={line.quantity}
                    onChange={(quantity) => cart.setQuantity(line.productId, quantity)}
                  />
                  <p className="line-total">
                    {t.lineTotal}: {price(line.unitPrice * line.quantity)}
                  </p>
                  <button
                    type="button"
                    className="button button-link"
                    onClick={() => cart.setQuantity(line.productId, 0)}
                  >
                    {t.remove}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <p className="subtotal">
            {t.subtotal} ({number(cart.count)}): <strong>{price(cart.subtotal)}</strong>
          </p>
          <button
            type="button"
            className="button button-primary button-wide"
            onClick={() => navigate('/checkout')}
          >
            {t.checkout}
          </button>
        </>
      ) : null}
    </div>
  );
}
