// Numbers and prices in the shopper's language: Bangla digits in Bangla, Taka sign (৳) in both.
import type { Locale } from './messages.ts';

const numberLocale: Record<Locale, string> = { en: 'en-IN', bn: 'bn-BD-u-nu-beng' };

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${fractionDigits}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(numberLocale[locale], {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    formatters.set(key, found);
  }
  return found;
}

/** A count (quantity, stock) in the shopper's digits. */
export function formatNumber(value: number, locale: Locale): string {
  return formatter(locale, 0).format(value);
}

/** Poisha to Taka, e.g. 125050 → "৳1,250.50" (English) or "৳১,২৫০.৫০" (Bangla); whole Taka drop the decimals. */
export function formatPrice(poisha: number, locale: Locale): string {
  const fractionDigits = poisha % 100 === 0 ? 0 : 2;
  return `৳${formatter(locale, fractionDigits).format(poisha / 100)}`;
}

const banglaDigits = '০১২৩৪৫৬৭৮৯';

/** Bangla digits typed into a form become ASCII digits for the API. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[০-৯]/g, (digit) => String(banglaDigits.indexOf(digit)));
}

/** Digits inside text (a phone number) in the shopper's digits. */
export function toLocaleDigits(text: string, locale: Locale): string {
  return locale === 'bn' ? text.replace(/[0-9]/g, (digit) => banglaDigits[Number(digit)] as string) : text;
}
