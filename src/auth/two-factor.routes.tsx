import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { SESSION_COOKIE, setSessionCookie, setSessionCsrfCookie } from '../http/session.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { clientIp, safeNext } from '../http/request.js';
import { homeFor } from '../http/areas.js';
import { formatStamp } from '../shared/time-format.js';
import { FactorSignInPage } from '../../views/auth/two-factor.js';
import { TwoFactorPage, type TwoFactorPageProps } from '../../views/auth/two-factor-page.js';
import { tokenId } from './auth.service.js';
import { completeSignIn } from './two-factor.service.js';
import { confirmEnrolment, enrolmentOf, turnOffOwnFactor } from './two-factor-enrolment.service.js';

const codeOf = (body: Record<string, unknown>) => (typeof body.code === 'string' ? body.code.slice(0, 100) : '');
const nextOf = (v: unknown) => (typeof v === 'string' && v !== '' ? safeNext(v) : undefined);

/**
 * The second step of signing in (docs/contract.md): `GET /login/two-factor` asks for the code, `POST` with `code` (a TOTP
 * code or a recovery code) completes the sign-in with 303; a wrong code answers 422, too many 429.
 */
export function factorSignInRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const show = (c: Context<AppEnv>, next: string | undefined, error?: string, status: 200 | 422 | 429 = 200) =>
    page(
      c,
      deps,
      c.get('t')('twoFactor.signIn.title'),
      <FactorSignInPage ctx={pageContext(c, deps)} next={next} error={error} />,
      status,
    );

  r.get('/', (c) => {
    const user = c.get('user');
    if (user) return c.redirect(safeNext(c.req.query('next'), homeFor(user.roles)), 302);
    if (!c.get('factorPending')) return c.redirect('/login', 302);
    return show(c, nextOf(c.req.query('next')));
  });

  r.post('/', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const next = nextOf(body.next);
    const sessionId = c.get('sessionId');
    if (!c.get('factorPending') || !sessionId)
      return seeOther(c, c.res.headers.get('X-Session-Expired') ? '/login?expired=factor' : '/login');
    const result = await completeSignIn(deps, { sessionId, code: codeOf(body), ip: clientIp(c) });
    if (result.kind === 'expired') {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return seeOther(c, '/login?expired=factor');
    }
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return show(c, next, t('twoFactor.throttled', { n: result.retryAfterSeconds }), 429);
    }
    if (result.kind === 'wrong') return show(c, next, t('twoFactor.wrong'), 422);
    setSessionCookie(c, deps, result.token);
    setSessionCsrfCookie(c, deps, tokenId(result.token));
    return seeOther(c, safeNext(next, homeFor(result.user.roles)));
  });
  return r;
}

/**
 * Enrolment on the account page (docs/contract.md): `GET /account/two-factor` shows the new secret as a QR code and its
 * otpauth URI; `POST` with `code` turns the factor on (303) or answers 422; `POST /disable` turns it off when
 * the user's role does not require it.
 */
export function enrolmentRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const zone = deps.config.office.timeZone;

  async function show(c: Context<AppEnv>, extra: Partial<TwoFactorPageProps> = {}, status: 200 | 422 | 429 = 200) {
    const t = c.get('t');
    const enrolment = await enrolmentOf(deps, c.get('user')!, clientIp(c));
    const notice = c.get('factorNotice');
    const required =
      notice?.kind === 'required'
        ? 'now'
        : notice?.kind === 'grace'
          ? formatStamp(notice.until.toISOString(), zone).slice(0, 10)
          : undefined;
    return page(
      c,
      deps,
      t('twoFactor.title'),
      <TwoFactorPage
        ctx={pageContext(c, deps)}
        enrolment={
          enrolment.kind === 'enabled' ? { ...enrolment, since: formatStamp(enrolment.since, zone) } : enrolment
        }
        required={required}
        {...extra}
      />,
      status,
    );
  }

  const FLASH = { on: 'twoFactor.enabled', off: 'twoFactor.off.done' } as const;
  r.get('/', (c) => {
    const done = FLASH[c.req.query('done') as keyof typeof FLASH];
    return show(c, done ? { flash: { kind: 'ok', text: c.get('t')(done) } } : {});
  });

  r.post('/', async (c) => {
    const t = c.get('t');
    const result = await confirmEnrolment(deps, c.get('user')!.id, codeOf(await c.req.parseBody()), clientIp(c));
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return show(
        c,
        { flash: { kind: 'error', text: t('twoFactor.throttled', { n: result.retryAfterSeconds }) } },
        429,
      );
    }
    if (result.kind === 'wrong')
      return show(c, { codeError: t('twoFactor.wrong'), flash: { kind: 'error', text: t('form.errors') } }, 422);
    return seeOther(c, '/account/two-factor?done=on');
  });

  r.post('/disable', async (c) => {
    const t = c.get('t');
    const result = await turnOffOwnFactor(deps, c.get('user')!, codeOf(await c.req.parseBody()), clientIp(c));
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return show(
        c,
        { flash: { kind: 'error', text: t('twoFactor.throttled', { n: result.retryAfterSeconds }) } },
        429,
      );
    }
    if (result.kind === 'wrong')
      return show(c, { codeError: t('twoFactor.wrong'), flash: { kind: 'error', text: t('form.errors') } }, 422);
    return seeOther(c, '/account/two-factor?done=off');
  });
  return r;
}
