// Checkout: delivery details and "Place order" (cash on delivery). What the shopper types is kept in
// sessionStorage, and a failed attempt keeps everything on screen with a way to try again.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api/client.ts';
import type { Customer, LocalizedText, Order, ProductId } from '../../shared/api/types.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { randomKey } from '../../shared/random/random-key.ts';
import { Link } from '../../shared/router/router.tsx';
import { readStored, writeStored } from '../../shared/storage/local-value.ts';
import { ErrorNotice } from '../../shared/ui/error-notice.tsx';
import { placeOrder } from './checkout-api.ts';
import {
  cleanCustomer,
  emptyCustomer,
  type Field,
  type FieldErrors,
  fieldOf,
  validateCustomer,
} from './customer-form.ts';

export interface CheckoutLine {
  productId: ProductId;
  quantity: number;
  unitPrice: number;
  name: LocalizedText | undefined;
}

const draftKey = 'dhakacart.checkout-draft';
const attemptKey = 'dhakacart.checkout-attempt';

/** One Idempotency-Key per distinct order body: a retry of the same order reuses it, a changed order gets a new one. */
function idempotencyKeyFor(body: string): string {
  const stored = readStored<{ key: string; body: string }>('session', attemptKey);
  if (stored?.body === body) return stored.key;
  const key = randomKey();
  writeStored('session', attemptKey, { key, body });
  return key;
}

export function CheckoutPage({
  cartId,
  lines,
  subtotal,
  loading,
  cartError,
  onRetryCart,
  onRemoveLine,
  onPlaced,
}: {
  cartId: string | undefined;
  lines: CheckoutLine[];
  subtotal: number;
  loading: boolean;
  /** The cart could not be loaded or changed; the form stays usable meanwhile. */
  cartError: unknown;
  onRetryCart(): void;
  onRemoveLine(productId: ProductId): void;
  onPlaced(order: Order): void;
}) {
  const { t, text, price, number } = useLocale();
  const [customer, setCustomer] = useState<Customer>(() => ({
    ...emptyCustomer,
    ...readStored<Customer>('session', draftKey),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [placing, setPlacing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const fields = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});

  useEffect(() => writeStored('session', draftKey, customer), [customer]);

  const update = (field: Field, value: string) => {
    setCustomer((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (placing || !cartId) return;
    const found = validateCustomer(customer);
    setErrors(found);
    const firstInvalid = (['name', 'phone', 'address'] as const).find((field) => found[field]);
    if (firstInvalid) {
      fields.current[firstInvalid]?.focus();
      return;
    }
    const body = { cartId, customer: cleanCustomer(customer) };
    setPlacing(true);
    setFailure(undefined);
    try {
      const order = await placeOrder(body, idempotencyKeyFor(JSON.stringify({ body, lines })));
      writeStored('session', draftKey, undefined);
      writeStored('session', attemptKey, undefined);
      onPlaced(order);
    } catch (error) {
      setPlacing(false);
      // Both sides run the same check, so this is rare (an older page against a newer API); point at the field.
      const refused =
        error instanceof ApiError && error.kind === 'invalid' ? fieldOf(error.field) : undefined;
      if (refused) {
        setErrors({ [refused]: 'malformed' });
        fields.current[refused]?.focus();
        return;
      }
      setFailure(error);
    }
  };

  const outOfStockId =
    failure instanceof ApiError && failure.kind === 'out_of_stock' ? failure.productId : undefined;
  const nameOf = (line: CheckoutLine) => (line.name ? text(line.name) : `${t.item} ${line.productId}`);
  const outOfStockLine = lines.find((line) => String(line.productId) === outOfStockId);

  const fieldError = (field: Field) => {
    const error = errors[field];
    if (!error) return null;
    return (
      <p className="field-error" id={`${field}-error`}>
        {t.fieldProblems[error][field]}
      </p>
    );
  };
  const describedBy = (field: Field, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  if (!loading && lines.length === 0) {
    return (
      <div className="page">
        <h1 tabIndex={-1}>{t.checkoutTitle}</h1>
        <p>
          {t.cartEmpty} <Link href="/">{t.continueShopping}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page checkout-page">
      <h1 tabIndex={-1}>{t.checkoutTitle}</h1>
      {cartError ? (
        <ErrorNotice error={cartError} onRetry={onRetryCart}>
          <p>{t.keptTyped}</p>
        </ErrorNotice>
      ) : null}
      {failure ? (
        failure instanceof ApiError && failure.kind === 'out_of_stock' ? (
          <div className="notice notice-error" role="alert">
            <p>{t.outOfStockMessage(outOfStockLine ? nameOf(outOfStockLine) : failure.message)}</p>
          </div>
        ) : (
          <ErrorNotice error={failure} onRetry={() => submit()}>
            <p>{t.keptTyped}</p>
          </ErrorNotice>
        )
      ) : null}
      <div className="checkout-layout">
        <section aria-labelledby="summary-heading" className="summary">
          <h2 id="summary-heading">{t.orderSummary}</h2>
          <ul className="summary-lines">
            {lines.map((line) => {
              const name = nameOf(line);
              const soldOut = String(line.productId) === outOfStockId;
              return (
                <li
                  key={String(line.productId)}
                  className={soldOut ? 'summary-line sold-out' : 'summary-line'}
                >
                  <span>
                    {name} × {number(line.quantity)}
                    {soldOut ? <strong className="stock-out"> — {t.outOfStock}</strong> : null}
                  </span>
                  <span>{price(line.unitPrice * line.quantity)}</span>
                  {soldOut ? (
                    <button
                      type="button"
                      className="button button-link"
                      onClick={() => {
                        onRemoveLine(line.productId);
                        setFailure(undefined);
                      }}
                    >
                      {t.remove}
                      <span className="visually-hidden"> {name}</span>
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <p className="subtotal">
            {t.subtotal}: <strong>{price(subtotal)}</strong>
          </p>
          <p>
            <Link href="/cart">{t.cartTitle}</Link>
          </p>
        </section>
        <form className="checkout-form" onSubmit={submit} noValidate aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">{t.deliveryDetails}</h2>
          {Object.values(errors).some(Boolean) ? <p className="field-error">{t.fixErrors}</p> : null}
          <div className="field">
            <label htmlFor="customer-name">{t.fullName}</label>
            <input
              id="customer-name"
              name="name"
              autoComplete="name"
              required
              value={customer.name}
              ref={(element) => {
                fields.current.name = element;
              }}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy('name')}
              onChange={(event) => update('name', event.target.value)}
            />
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor="customer-phone">{t.phone}</label>
            <input
              id="customer-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              required
              value={customer.phone}
              ref={(element) => {
                fields.current.phone = element;
              }}
              aria-invalid={errors.phone ? true : undefined}
              aria-describedby={describedBy('phone', 'phone-hint')}
              onChange={(event) => update('phone', event.target.value)}
            />
            <p className="hint" id="phone-hint">
              {t.phoneHint}
            </p>
            {fieldError('phone')}
          </div>
          <div className="field">
            <label htmlFor="customer-address">{t.address}</label>
            <textarea
              id="customer-address"
              name="address"
              autoComplete="street-address"
              required
              rows={3}
              value={customer.address}
              ref={(element) => {
                fields.current.address = element;
              }}
              aria-invalid={errors.address ? true : undefined}
              aria-describedby={describedBy('address', 'address-hint')}
              onChange={(event) => update('address', event.target.value)}
            />
            <p className="hint" id="address-hint">
              {t.addressHint}
            </p>
            {fieldError('address')}
          </div>
          <fieldset className="payment">
            <legend>{t.payment}</legend>
            <p>{t.cashOnDelivery}</p>
          </fieldset>
          <button type="submit" className="button button-primary button-wide" disabled={placing || loading}>
            {t.placeOrder}
          </button>
          <p className="muted" role="status">
            {placing ? t.placingOrder : ''}
          </p>
        </form>
      </div>
    </div>
  );
}
