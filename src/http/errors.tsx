import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from '../deps.js';
import type { AppEnv } from './app-env.js';
import { AppError } from '../shared/app-error.js';
import { createTranslate } from '../i18n/i18n.js';
import { Layout } from '../../views/layout.js';
import { isHtmx } from './htmx.js';
import { isDataException } from '../db/errors.js';
import { pageContext } from './render.js';

function safeContext(c: Context<AppEnv>, deps: Deps) {
  if (!c.get('t')) {
    c.set('t', createTranslate(deps.config.defaultLocale));
    c.set('locale', deps.config.defaultLocale);
  }
  if (c.get('user') === undefined) c.set('user', null);
  return pageContext(c, deps);
}

function errorPage(c: Context<AppEnv>, deps: Deps, status: number, message: string) {
  c.header('Cache-Control', 'no-store');
  if (isHtmx(c))
    return c.html(
      <p class="flash flash-error" role="alert">
        {message}
      </p>,
      status as 400,
    );
  const ctx = safeContext(c, deps);
  return c.html(
    <Layout ctx={ctx} title={ctx.t('error.title')}>
      <h1>{status === 404 ? ctx.t('error.notFound') : ctx.t('error.title')}</h1>
      {status !== 404 && (
        <p class="flash flash-error" role="alert">
          {message}
        </p>
      )}
      <p>
        <a href="/contacts">{ctx.t('error.back')}</a>
      </p>
    </Layout>,
    status as 400,
  );
}

/**
 * A form body the platform cannot read — `multipart/form-data` without a boundary, or with a body that does
 * not use it — rejects `parseBody()` with a TypeError wherever a handler (or the CSRF check) reads the form.
 * It is the client's mistake, so it is a 400, not a 500.
 */
function unreadableForm(c: Context<AppEnv>, err: Error): boolean {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  const isForm = type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
  return isForm && err instanceof TypeError && /form ?data/i.test(err.message);
}

/** 404 for unknown paths, as a page in the layout. */
export const notFoundHandler =
  (deps: Deps): NotFoundHandler<AppEnv> =>
  (c) => {
    const t = c.get('t') ?? createTranslate(deps.config.defaultLocale);
    return errorPage(c, deps, 404, t('error.notFound'));
  };

/**
 * AppErrors become their status with a plain message; anything else is logged with the request id (never
 * personal data) and shown as a plain 500 page without a stack trace.
 */
export const errorHandler =
  (deps: Deps): ErrorHandler<AppEnv> =>
  (err, c) => {
    const t = c.get('t') ?? createTranslate(deps.config.defaultLocale);
    if (err instanceof AppError) {
      if (err.status === 401) return c.redirect('/login', 302);
      const msg =
        err.status === 404
          ? t('error.notFound')
          : err.status === 403 && err.code === 'forbidden'
            ? t('error.forbidden')
            : err.message;
      if (err.status >= 500) deps.log.error('request failed', { requestId: c.get('requestId'), code: err.code });
      return errorPage(c, deps, err.status, msg);
    }
    if (err instanceof HTTPException) return errorPage(c, deps, err.status, err.message || 'Error');
    if (unreadableForm(c, err)) return errorPage(c, deps, 400, t('error.badForm'));
    if (isDataException(err)) {
      deps.log.warn('a value the database refused', {
        requestId: c.get('requestId'),
        code: (err as { code?: string }).code,
      });
      return errorPage(c, deps, 422, t('error.badValue'));
    }
    const id = c.get('requestId') ?? 'unknown';
    deps.log.error('unhandled error', { requestId: id, path: new URL(c.req.url).pathname, err });
    return errorPage(c, deps, 500, t('error.server', { id }));
  };
