// The Express application, built from its dependencies and never listening by itself, so tests and the
// server (server.ts) drive the same thing.
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { adminRouter } from './admin/router.ts';
import { cartRouter } from './cart/router.ts';
import type { CatalogCache } from './catalog/cache.ts';
import { imagesRouter } from './catalog/images.ts';
import { catalogRouter } from './catalog/router.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { healthRouter, type Lifecycle } from './health/router.ts';
import type { RateLimiter } from './orders/rate-limit.ts';
import { ordersRouter } from './orders/router.ts';
import { AppError, isDatabaseUnavailable } from './shared/errors.ts';
import type { Logger } from './shared/logger.ts';
import type { Metrics } from './shared/metrics.ts';
import { logFields } from './shared/request-context.ts';
import { securityHeaders } from './shared/security-headers.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  cache: CatalogCache;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  logger: Logger;
  lifecycle: Lifecycle;
  /** helmet's headers, worked out once (see shared/security-headers.ts). */
  securityHeaders: Map<string, string>;
}

const bodyParserCodes: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'invalid_json', 'The request body is not valid JSON'],
  'entity.too.large': [413, 'payload_too_large', 'The request body is too large (16 KB at most)'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'Unsupported Content-Encoding'],
  'charset.unsupported': [415, 'unsupported_charset', 'Unsupported charset; send UTF-8 JSON'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted'],
  'request.size.invalid': [400, 'bad_request', 'The request size did not match Content-Length'],
};

export function createApp(deps: AppDeps): Express {
  const { config, db, cache, metrics, logger, lifecycle } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);

  const observe: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route
        ? `${req.baseUrl}${req.route.path === '/' ? '' : req.route.path}` || '/'
        : 'unmatched';
      metrics.observeRequest(req.method, route, res.statusCode, seconds);
      if (logger.isLevelEnabled('debug')) {
        logger.debug(
          { ...logFields(req), method: req.method, route, status: res.statusCode, ms: seconds * 1e3 },
          'request',
        );
      }
    });
    next();
  };
  app.use(observe);
  app.use(securityHeaders(deps.securityHeaders));
  if (config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: config.corsOrigins,
        methods: ['GET', 'POST', 'PUT', 'PATCH'],
        allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'traceparent', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }
  // PostgreSQL text cannot hold NUL characters; refuse them at the edge rather than fail in the database.
  app.use((req, _res, next) => {
    next(
      /%00/i.test(req.url)
        ? new AppError(400, 'invalid_request', 'NUL characters are not allowed')
        : undefined,
    );
  });
  // Catalog reads first: they are most of the traffic and need no body parsing.
  const catalog = catalogRouter(db, cache);
  app.use('/api/products', catalog.products);
  app.use('/api/categories', catalog.categories);
  // NUL and other control characters in body text are refused by each route's validation, which names the
  // field (PostgreSQL text cannot hold NUL, so every text field that reaches it is checked).
  app.use(express.json({ limit: '16kb' }));

  app.use('/api/carts', cartRouter(db));
  app.use('/api/orders', ordersRouter(db, metrics, deps.rateLimiter));
  app.use('/api/admin', adminRouter(db, cache, config.adminToken));
  app.use('/images', imagesRouter());
  app.use('/', healthRouter(db, cache, lifecycle));

  app.use((req, _res, next) => {
    next(new AppError(404, 'not_found', `No such endpoint: ${req.method} ${req.path.slice(0, 200)}`));
  });

  const handleError: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let status = 500;
    let body: { code: string; message: string; [key: string]: unknown };
    if (error instanceof AppError) {
      status = error.status;
      body = { code: error.code, message: error.message, ...error.details };
    } else if (isDatabaseUnavailable(error)) {
      status = 503;
      res.set('Retry-After', '2');
      body = {
        code: 'service_unavailable',
        message: 'The shop is briefly unavailable; please try again in a moment',
      };
      logger.warn(
        { ...logFields(req), err: error, method: req.method, path: req.path },
        'database unavailable',
      );
    } else if (typeof error?.type === 'string' && bodyParserCodes[error.type]) {
      const [mapped, code, message] = bodyParserCodes[error.type] as [number, string, string];
      status = mapped;
      body = { code, message };
    } else if (Number.isInteger(error?.status) && error.status >= 400 && error.status < 500) {
      status = error.status;
      body = { code: 'bad_request', message: 'The request could not be understood' };
    } else {
      body = { code: 'internal_error', message: 'Something went wrong on our side; it has been logged' };
      logger.error({ ...logFields(req), err: error, method: req.method, path: req.path }, 'unhandled error');
    }
    res.status(status).json({ error: body });
  };
  app.use(handleError);
  return app;
}
