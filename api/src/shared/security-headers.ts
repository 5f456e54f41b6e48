// helmet's headers, worked out once: helmet's defaults do not depend on the request, so instead of running
// its dozen small middlewares on every request (measurable on the catalog's hot path) we record what they
// set and set the same headers in one call.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string) {
      headers.set(name, value);
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let finished = false;
  helmet()({} as never, recorder as never, () => {
    finished = true;
  });
  if (!finished || headers.size === 0)
    throw new Error('helmet did not run synchronously; cannot precompute its headers');
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}
