// Category links; the current one is marked for screen readers with aria-current.
import type { Category } from '../../shared/api/types.ts';
import { useLocale } from '../../shared/i18n/locale-context.tsx';
import { Link } from '../../shared/router/router.tsx';

function hrefFor(category: string, q: string): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (category) params.set('category', category);
  return params.size > 0 ? `/?${params}` : '/';
}

export function CategoryNav({
  categories,
  current,
  q,
}: {
  categories: Category[];
  current: string;
  q: string;
}) {
  const { t, text } = useLocale();
  const entries = [
    { slug: '', label: t.allProducts },
    ...categories.map((c) => ({ slug: c.slug, label: text(c.name) })),
  ];
  return (
    <nav className="categories" aria-label={t.categories}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.slug || 'all'}>
            <Link href={hrefFor(entry.slug, q)} aria-current={entry.slug === current ? 'page' : undefined}>
              {entry.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
