// Who a request is, for logs and for the shopper: a request id (taken from X-Request-Id when a trusted hop
// such as the storefront server set a well-formed one, else made here) returned in the X-Request-Id response
// header, and the W3C Trace Context (https://www.w3.org/TR/trace-context/) of the `traceparent` header: the
// trace id is kept, this hop gets a span id of its own. A malformed header starts a new trace rather than
// failing the request.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  /** 1 to 64 characters of [A-Za-z0-9._-]; shown to the shopper in error notices. */
  requestId: string;
  /** 32 lowercase hex digits, the W3C trace-id. */
  traceId: string;
  /** 16 lowercase hex digits: this hop's span (parent-id of the calls it makes). */
  spanId: string;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const traceparentPattern = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;
const contexts = new WeakMap<IncomingMessage, RequestContext>();

/** A W3C trace-id from `traceparent`, or undefined when the header is missing, malformed or all zeros. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const match = typeof traceparent === 'string' ? traceparentPattern.exec(traceparent.trim()) : null;
  if (!match || match[1] === '0'.repeat(32) || match[2] === '0'.repeat(16)) return undefined;
  return match[1];
}

/**
 * Works out the request's context, sets the X-Request-Id response header and remembers the context for
 * `contextOf`. Call once per request, before any handler writes the response.
 */
export function beginRequest(req: IncomingMessage, res: ServerResponse): RequestContext {
  // One draw of randomness for all three ids: this runs on every request, the cached catalog reads included.
  const random = randomBytes(36);
  const given = req.headers['x-request-id'];
  const requestId =
    typeof given === 'string' && requestIdPattern.test(given)
      ? given
      : random.subarray(0, 12).toString('base64url');
  const context: RequestContext = {
    requestId,
    traceId: traceIdOf(req.headers.traceparent) ?? random.subarray(12, 28).toString('hex'),
    spanId: random.subarray(28, 36).toString('hex'),
  };
  contexts.set(req, context);
  res.setHeader('X-Request-Id', requestId);
  return context;
}

/** The context `beginRequest` made for `req`, if any. */
export function contextOf(req: IncomingMessage): RequestContext | undefined {
  return contexts.get(req);
}

/** The log fields of a request: `request_id`, `trace_id`, `span_id` (empty when it has no context). */
export function logFields(req: IncomingMessage): Record<string, string> {
  const context = contexts.get(req);
  return context ? { request_id: context.requestId, trace_id: context.traceId, span_id: context.spanId } : {};
}
