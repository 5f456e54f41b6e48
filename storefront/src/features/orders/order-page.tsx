// The confirmation: "Order confirmed", the short order number (the one a shopper reads out to the courier;
// the order lookup takes it too), what was ordered and where it goes.
import { ApiError } from '../../shared/api/client.ts';
import { knownProduct } from '../../shared/api/product-cache.ts';
import { useRequest } from '../../shared/api/use-request.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link } from '../../shared/router/router.tsx';
import { ErrorNotice } from '../../shared/ui/error-notice.tsx';
import { fetchOrder } from './orders-api.ts';

/** `7K4M9QXP` as `7K4M-9QXP`: two groups of four are easier to read out over the phone. */
export function formatOrderNumber(number: string): string {
  return number.length === 8 ? `${number.slice(0, 4)}-${number.slice(4)}` : number;
}

export function OrderPage({ orderId }: { orderId: string }) {
  const { t, text, price, number, digits } = useLocale();
  const request = useRequest((signal) => fetchOrder(orderId, signal), orderId);
  const order = request.data;

  if (request.error instanceof ApiError && request.error.kind === 'not_found') {
    return (
      <div className="page">
        <h1 tabIndex={-1}>{t.orderNotFound}</h1>
        <Link href="/">{t.continueShopping}</Link>
      </div>
    );
  }
  if (request.error) return <ErrorNotice error={request.error} onRetry={request.retry} />;
  if (!order) return <p className="muted">{t.loading}</p>;

  const shown = order.number ? formatOrderNumber(order.number) : String(order.id);
  return (
    <div className="page order-page">
      <h1 tabIndex={-1}>
        {t.orderConfirmed}: <span className="order-number">{shown}</span>
      </h1>
      <p>
        {t.orderNumber}: <strong data-testid="order-number">{shown}</strong>
      </p>
      <p>{t.thankYou(order.customer.name)}</p>
      <ul className="summary-lines">
        {order.items.map((item) => {
          const product = knownProduct(item.productId);
          return (
            <li key={String(item.productId)} className="summary-line">
              <span>
                {product ? text(product.name) : `${t.item} ${item.productId}`} × {number(item.quantity)}
              </span>
              <span>{price(item.unitPrice * item.quantity)}</span>
            </li>
          );
        })}
      </ul>
      <p className="subtotal">
        {t.orderTotal}: <strong>{price(order.total)}</strong>
      </p>
      <p>{t.cashOnDelivery}</p>
      <h2>{t.deliverTo}</h2>
      <address>
        {order.customer.name}
        <br />
        {digits(order.customer.phone)}
        <br />
        {order.customer.address}
      </address>
      <p>
        <Link href="/">{t.continueShopping}</Link>
      </p>
    </div>
  );
}
