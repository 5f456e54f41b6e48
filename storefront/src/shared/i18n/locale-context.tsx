// The shopper's language: switchable, remembered in localStorage, reflected in <html lang>.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { LocalizedText } from '../api/types.ts';
import { readStored, writeStored } from '../storage/local-value.ts';
import { formatNumber, formatPrice, toLocaleDigits } from './format.ts';
import { type Locale, type Messages, messages } from './messages.ts';

const storageKey = 'dhakacart.locale';

export interface LocaleValue {
  locale: Locale;
  t: Messages;
  setLocale(locale: Locale): void;
  price(poisha: number): string;
  number(value: number): string;
  digits(text: string): string;
  text(value: LocalizedText): string;
}

const LocaleContext = createContext<LocaleValue | null>(null);

function initialLocale(): Locale {
  const stored = readStored<string>('local', storageKey);
  if (stored === 'en' || stored === 'bn') return stored;
  return navigator.language.toLowerCase().startsWith('bn') ? 'bn' : 'en';
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    writeStored('local', storageKey, next);
    setLocaleState(next);
  }, []);

  const value = useMemo<LocaleValue>(
    () => ({
      locale,
      t: messages[locale],
      setLocale,
      price: (poisha) => formatPrice(poisha, locale),
      number: (n) => formatNumber(n, locale),
      digits: (text) => toLocaleDigits(text, locale),
      text: (localized) => localized[locale] || localized.en,
    }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale() needs a <LocaleProvider> above it');
  return value;
}
