import { Hono } from 'hono';
import { getCookie, deleteCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { SESSION_COOKIE, setSessionCookie, setSessionCsrfCookie } from '../http/session.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { clientIp, safeNext } from '../http/request.js';
import { homeFor } from '../http/areas.js';
import { LoginPage } from '../../views/auth/login.js';
import { hasUsers, login, logout, tokenId } from './auth.service.js';

/** Sign in and sign out (the user's own settings are the account page, src/users/account.routes.tsx). */
export function authRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();

  r.get('/login', async (c) => {
    const user = c.get('user');
    if (user) return c.redirect(safeNext(c.req.query('next'), homeFor(user.roles)), 302);
    const t = c.get('t');
    const expired = c.req.query('expired');
    const notice =
      expired === 'factor'
        ? t('twoFactor.expired')
        : expired
          ? t('login.expired')
          : c.req.query('out')
            ? t('login.signedOut')
            : undefined;
    return page(
      c,
      deps,
      t('login.title'),
      <LoginPage
        ctx={pageContext(c, deps)}
        next={c.req.query('next')}
        notice={notice}
        noUsers={!(await hasUsers(deps))}
      />,
    );
  });

  r.post('/login', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const next = typeof body.next === 'string' ? body.next : undefined;
    const fieldErrors = {
      email: email.trim() ? undefined : t('field.required'),
      password: password ? undefined : t('field.required'),
    };
    const again = (props: Partial<Parameters<typeof LoginPage>[0]>, status: 422 | 429) =>
      page(
        c,
        deps,
        t('login.title'),
        <LoginPage ctx={pageContext(c, deps)} email={email} next={next} {...props} />,
        status,
      );
    if (fieldErrors.email || fieldErrors.password) return again({ fieldErrors, error: t('form.errors') }, 422);
    const result = await login(deps, { email, password, ip: clientIp(c) });
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return again({ error: t('login.throttled', { n: result.retryAfterSeconds }) }, 429);
    }
    if (result.kind === 'invalid') return again({ error: t('login.invalid') }, 422);
    setSessionCookie(c, deps, result.token);
    setSessionCsrfCookie(c, deps, tokenId(result.token));
    // The password was right; a user with a second factor gives the code next (docs/contract.md).
    if (result.kind === 'factor')
      return seeOther(c, next ? `/login/two-factor?next=${encodeURIComponent(safeNext(next))}` : '/login/two-factor');
    return seeOther(c, safeNext(next, homeFor(result.user.roles)));
  });

  r.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(deps, token, clientIp(c));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return seeOther(c, '/login?out=1');
  });

  return r;
}
