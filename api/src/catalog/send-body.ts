// Sends a catalog answer in the encoding the client prefers among brotli, gzip and none (Accept-Encoding,
// RFC 9110 §12.5.3), from the encodings computed once when the answer was cached. Shared by the Express
// route and the fast path, so both answer with the same headers.
import type { ServerResponse } from 'node:http';
import type { CatalogBody } from './cache.ts';

export type ContentEncoding = 'br' | 'gzip' | undefined;

const chosen = new Map<string, ContentEncoding>();

/** The best encoding `accept` allows: br, then gzip, else none. Memoised: clients send few distinct headers. */
export function pickEncoding(accept: string | undefined): ContentEncoding {
  if (!accept) return undefined;
  const known = chosen.get(accept);
  if (known !== undefined || chosen.has(accept)) return known;
  const weights = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    if (coding) weights.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string) => weights.get(coding) ?? (weights.get('*') || 0);
  const encoding: ContentEncoding =
    weight('br') > 0 && weight('br') >= weight('gzip') ? 'br' : weight('gzip') > 0 ? 'gzip' : undefined;
  if (chosen.size >= 200) chosen.clear();
  chosen.set(accept, encoding);
  return encoding;
}

/** Writes status 200, Content-Encoding/Length and Vary, and the body (headers set before are kept). */
export function sendCatalogBody(res: ServerResponse, body: CatalogBody, accept: string | undefined): void {
  const encoding = pickEncoding(accept);
  const bytes = (encoding && body[encoding]) || body.identity;
  res.statusCode = 200;
  const vary = res.getHeader('Vary');
  res.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  if (bytes !== body.identity && encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
