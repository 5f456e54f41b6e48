// − quantity + for one cart line; the buttons are named after the product so each is unambiguous.
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { maxQuantity } from './use-cart.ts';

export function QuantityControl({
  name,
  quantity,
  onChange,
}: {
  name: string;
  quantity: number;
  onChange(quantity: number): void;
}) {
  const { t, number } = useLocale();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of two buttons and a value, not a form fieldset.
    <div className="quantity" role="group" aria-label={`${t.quantity}: ${name}`}>
      <button
        type="button"
        className="button button-icon"
        aria-label={t.decrease(name)}
        onClick={() => onChange(quantity - 1)}
      >
        −
      </button>
      <output aria-live="polite">{number(quantity)}</output>
      <button
        type="button"
        className="button button-icon"
        aria-label={t.increase(name)}
        disabled={quantity >= maxQuantity}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </div>
  );
}
