// A failed request, in words a shopper understands, with a way to try again and the request's reference
// (its X-Request-Id) to quote to support.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useLocale } from '../i18n/locale-context.tsx';

export function describeError(error: unknown, t: ReturnType<typeof useLocale>['t']): string {
  if (error instanceof ApiError) {
    if (error.kind === 'unreachable') return t.unreachable;
    if (error.kind === 'cart_full') return t.cartFull;
    if (error.kind === 'cart_ordered') return t.cartAlreadyOrdered;
    // The API's message is for developers, in English; the shopper gets one in their language.
    if (error.kind === 'invalid') return t.invalidRequest;
  }
  return t.serverError;
}

export function ErrorNotice({
  error,
  onRetry,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const { t } = useLocale();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <p>{describeError(error, t)}</p>
      {requestId && <p className="notice-reference">{t.requestReference(requestId)}</p>}
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}
