import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import { lookupSession } from '../auth/auth.service.js';
import { createTranslate } from '../i18n/i18n.js';
import type { AppEnv, Role } from './app-env.js';
import { isHtmx } from './htmx.js';
import { AppError } from '../shared/app-error.js';

export const SESSION_COOKIE = 'baken_session';
export const CSRF_COOKIE = 'baken_csrf';

const secure = (deps: Deps) => deps.config.publicUrl.startsWith('https://');

/** Sets the session cookie: HttpOnly, SameSite=Lax (so a link from mail still signs in), Secure behind TLS. */
export function setSessionCookie(c: Context, deps: Deps, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(deps), path: '/' });
}

/** Loads the session and locale into the context; a stale session is remembered so /login can say so. */
export function session(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const found = await lookupSession(deps, getCookie(c, SESSION_COOKIE));
    const user = found.kind === 'ok' ? found.user : null;
    if (found.kind === 'expired') c.header('X-Session-Expired', '1');
    c.set('user', user);
    const locale = user?.locale ?? deps.config.defaultLocale;
    c.set('locale', locale);
    c.set('t', createTranslate(locale));
    await next();
  };
}

/**
 * CSRF protection for every state-changing request of the UI: a random token in an HttpOnly SameSite=Strict
 * cookie must come back in the `_csrf` form field or the X-CSRF-Token header (htmx sends it), and a
 * browser's Origin, when present, must be ours. The Twilio webhooks are mounted outside this middleware:
 * Twilio cannot hold a cookie, and its requests are authenticated by their signature instead.
 */
export function csrf(deps: Deps): MiddlewareHandler<AppEnv> {
  const ours = new Set([new URL(deps.config.publicUrl).origin]);
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[\w-]{32,64}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secure(deps), path: '/' });
    }
    c.set('csrfToken', token);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('Origin');
      if (origin && origin !== 'null' && !ours.has(origin) && origin !== new URL(c.req.url).origin)
        throw new AppError(403, 'csrf_origin', 'Request from another site refused');
      let sent = c.req.header('X-CSRF-Token');
      if (!sent) {
        const type = c.req.header('Content-Type') ?? '';
        if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
          const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
          sent = typeof body._csrf === 'string' ? body._csrf : undefined;
        }
      }
      const cookieToken = getCookie(c, CSRF_COOKIE);
      if (
        !sent ||
        !cookieToken ||
        sent.length !== cookieToken.length ||
        !timingSafeEqual(Buffer.from(sent), Buffer.from(cookieToken))
      ) {
        throw new AppError(403, 'csrf', 'The form expired or came from elsewhere; reload the page and try again');
      }
    }
    await next();
  };
}

/** The path of a same-origin Referer (the page a plain form was posted from), or the inbox. */
function sameOriginPath(referer: string | undefined, url: URL): string {
  try {
    const r = new URL(referer ?? '');
    return r.origin === url.origin ? r.pathname : '/contacts';
  } catch {
    return '/contacts';
  }
}

/** Requires a signed-in user: others go to /login and come back to where they were afterwards. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('user')) return next();
    const url = new URL(c.req.url);
    const back =
      c.req.method === 'GET'
        ? url.pathname + url.search
        : c.req.header('HX-Current-URL')
          ? new URL(c.req.header('HX-Current-URL')!, url).pathname
          : sameOriginPath(c.req.header('Referer'), url); // a form posted after expiry: back to that form
    const expired = c.res.headers.get('X-Session-Expired') === '1' ? '&expired=1' : '';
    const location = `/login?next=${encodeURIComponent(back)}${expired}`;
    if (isHtmx(c)) {
      c.header('HX-Redirect', location);
      return c.body(null, 401);
    }
    return c.redirect(location, 302);
  };
}

/** Requires one of the roles, checked on the server for every route it guards (403 otherwise). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new AppError(401, 'unauthenticated');
    if (!user.roles.some((r) => roles.includes(r)))
      throw new AppError(403, 'forbidden', 'You do not have the role for this page');
    await next();
  };
}

/** True when the user holds any of the roles. */
export const hasRole = (user: { roles: Role[] } | null, ...roles: Role[]) =>
  !!user && user.roles.some((r) => roles.includes(r));
