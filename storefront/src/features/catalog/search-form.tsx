// The site-wide search: submitting shows the catalog filtered by the words typed.
import { type FormEvent, useEffect, useState } from 'react';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { navigate, useLocation } from '../../shared/router/router.tsx';

export function SearchForm() {
  const { t } = useLocale();
  const location = useLocation();
  const current = location.pathname === '/' ? (location.search.get('q') ?? '') : '';
  const [text, setText] = useState(current);

  useEffect(() => setText(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    const q = text.trim();
    if (q) params.set('q', q);
    const category = location.pathname === '/' ? location.search.get('category') : null;
    if (category) params.set('category', category);
    navigate(params.size > 0 ? `/?${params}` : '/');
  };

  return (
    <search>
      <form className="search" onSubmit={submit}>
        <label htmlFor="search-input" className="visually-hidden">
          {t.search}
        </label>
        <input
          id="search-input"
          type="search"
          name="q"
          value={text}
          placeholder={t.searchPlaceholder}
          onChange={(event) => setText(event.target.value)}
          enterKeyHint="search"
        />
        <button type="submit" className="button">
          {t.searchButton}
        </button>
      </form>
    </search>
  );
}
