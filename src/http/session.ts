import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import { createTranslate } from '../i18n/i18n.js';
import type { Role } from '../users/users.table.js';
import type { AppEnv, CurrentUser, FactorNotice } from './app-env.js';
import { isHtmx } from './htmx.js';
import { AppError } from '../shared/app-error.js';

export const SESSION_COOKIE = 'baken_session';
export const CSRF_COOKIE = 'baken_csrf';

const secure = (deps: Deps) => deps.config.publicUrl.startsWith('https://');

/** Sets the session cookie: HttpOnly, SameSite=Lax (so a link from mail still signs in), Secure behind TLS. */
export function setSessionCookie(c: Context, deps: Deps, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(deps), path: '/' });
}

/**
 * Requests that are not the agent's own action and so never extend the session: the live stream and presence
 * pings, the session status, and the inbox list refreshed by a live event (`/contacts/results`; the filters the
 * agent changes ask for `/contacts` itself).
 */
const BACKGROUND = new Set(['/session/status', '/contacts/results']);
const background = (path: string) => path.startsWith('/live/') || BACKGROUND.has(path);

/** Rotates the CSRF cookie to the new session's token at sign-in (the anonymous one stops working). */
export function setSessionCsrfCookie(c: Context, deps: Deps, sessionId: string): void {
  setCookie(c, CSRF_COOKIE, sessionCsrfToken(deps, sessionId), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(deps),
    path: '/',
  });
}

/**
 * Finds the user behind a session cookie (the auth feature's lookup, handed in by the app so http/ depends on
 * no feature); `touch` is false for background requests, which never extend the session.
 */
export type FindSession = (
  token: string | undefined,
  opts: { touch: boolean },
) => Promise<
  | { kind: 'ok'; user: CurrentUser; sessionId: string; factor: FactorNotice }
  | { kind: 'pending'; sessionId: string }
  | { kind: 'expired' }
  | { kind: 'none' }
>;

/** Loads the session and locale into the context; a stale session is remembered so /login can say so. */
export function session(deps: Deps, findSession: FindSession): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const found = await findSession(getCookie(c, SESSION_COOKIE), {
      touch: !background(new URL(c.req.url).pathname),
    });
    const user = found.kind === 'ok' ? found.user : null;
    if (found.kind === 'expired') c.header('X-Session-Expired', '1');
    c.set('user', user);
    // A session waiting for its second factor has no user, but its own CSRF token (bound to its id).
    c.set('sessionId', found.kind === 'ok' || found.kind === 'pending' ? found.sessionId : null);
    c.set('factorPending', found.kind === 'pending');
    c.set('factorNotice', found.kind === 'ok' ? found.factor : null);
    const locale = user?.locale ?? deps.config.defaultLocale;
    c.set('locale', locale);
    c.set('t', createTranslate(locale));
    await next();
  };
}

/**
 * CSRF protection for every state-changing request of the UI. Signed in, the token is an HMAC of the session id
 * (so a token of another session, or from before sign-in, is refused); before sign-in it is a random value in an
 * HttpOnly SameSite=Strict cookie. It must come back in the `_csrf` form field or the X-CSRF-Token header (htmx
 * sends it), and a browser's Origin, when present, must be ours (`null`, sent by sandboxed frames and some
 * redirects, is refused). The Twilio webhooks are mounted outside this middleware: Twilio cannot hold a cookie,
 * and its requests are authenticated by their signature instead.
 */
export function csrf(deps: Deps): MiddlewareHandler<AppEnv> {
  const ours = new Set([new URL(deps.config.publicUrl).origin]);
  return async (c, next) => {
    const sessionId = c.get('sessionId');
    const cookieToken = getCookie(c, CSRF_COOKIE);
    let token = sessionId ? sessionCsrfToken(deps, sessionId) : cookieToken;
    if (!token || !/^[\w-]{32,64}$/.test(token)) token = randomBytes(24).toString('base64url');
    // The cookie mirrors the expected token, so a page rendered after sign-in (or a reload) carries the right one.
    if (token !== cookieToken)
      setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secure(deps), path: '/' });
    c.set('csrfToken', token);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('Origin');
      if (origin && !ours.has(origin) && origin !== new URL(c.req.url).origin)
        throw new AppError('csrf_origin', 'Request from another site refused');
      let sent = c.req.header('X-CSRF-Token');
      if (!sent) {
        const type = c.req.header('Content-Type') ?? '';
        if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
          const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
          sent = typeof body._csrf === 'string' ? body._csrf : undefined;
        }
      }
      const expected = sessionId ? token : cookieToken;
      if (
        !sent ||
        !expected ||
        sent.length !== expected.length ||
        !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
      ) {
        throw new AppError('csrf', 'The form expired or came from elsewhere; reload the page and try again');
      }
    }
    await next();
  };
}

/** The CSRF token of a signed-in session: an HMAC of the session id under the data key. */
export const sessionCsrfToken = (deps: Deps, sessionId: string) => deps.crypto.sign('csrf', sessionId).slice(0, 43);

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
    if (c.get('factorPending')) return redirect(c, '/login/two-factor');
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

/** Sends a request elsewhere: htmx through HX-Redirect (with 401), a page with 302, a posted form with 303. */
function redirect(c: Context<AppEnv>, location: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', location);
    return c.body(null, 401);
  }
  return c.redirect(location, c.req.method === 'GET' || c.req.method === 'HEAD' ? 302 : 303);
}

/** The pages a user who must enrol a second factor now may still open. */
const ENROLMENT_PATH = '/account/two-factor';

/**
 * After the grace period, a user whose role (or the admin's policy) requires a second factor and who has none
 * can open only the enrolment (and sign out): every other page redirects there.
 */
export function requireFactorEnrolment(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('factorNotice')?.kind !== 'required') return next();
    const path = new URL(c.req.url).pathname;
    if (path === ENROLMENT_PATH || path.startsWith(`${ENROLMENT_PATH}/`)) return next();
    return redirect(c, ENROLMENT_PATH);
  };
}

/** Requires one of the roles, checked on the server for every route it guards (403 otherwise). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new AppError('unauthenticated');
    if (!user.roles.some((r) => roles.includes(r)))
      throw new AppError('forbidden', 'You do not have the role for this page');
    await next();
  };
}

/** True when the user holds any of the roles (for what a page offers; routes still check with requireRole). */
export const hasRole = (user: { roles: Role[] } | null, ...roles: Role[]) =>
  !!user && user.roles.some((r) => roles.includes(r));
