import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { SESSION_COOKIE } from '../http/session.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { clientIp } from '../http/request.js';
import { tokenId } from '../auth/auth.service.js';
import { createTranslate } from '../i18n/i18n.js';
import { MAX_SIGNATURE_CHARS } from '../email/outbound/reply-text.js';
import { AccountPage, type AccountPageProps } from '../../views/users/account-page.js';
import { changeOwnPassword, getAccount, saveSignatures, setDeskPhone } from './account.service.js';
import { parsePasswordForm, parseSignatureForm } from './account.form.js';
import { setOwnLocale } from './users.service.js';
import { E164 } from '../config.js';
import { deskPhoneOf } from '../calls/callback.service.js';

const SAVED = {
  '1': 'account.saved',
  signature: 'account.signature.saved',
  password: 'account.password.saved',
  deskPhone: 'account.deskPhone.saved',
} as const;

/** The signed-in user's own account page, for every role: interface language, reply signatures, password. */
export function accountRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const me = (c: Context<AppEnv>) => c.get('user')!;

  async function show(
    c: Context<AppEnv>,
    extra: Partial<AccountPageProps> = {},
    status: 200 | 422 | 429 = 200,
  ): Promise<Response> {
    const account = await getAccount(deps, me(c).id);
    return page(
      c,
      deps,
      c.get('t')('account.title'),
      <AccountPage
        ctx={pageContext(c, deps)}
        signatures={{ nl: account.signatures.nl ?? '', en: account.signatures.en ?? '' }}
        maxSignature={MAX_SIGNATURE_CHARS}
        deskPhone={(await deskPhoneOf(deps, me(c).id)) ?? ''}
        {...extra}
      />,
      status,
    );
  }

  r.get('/', (c) => {
    const saved = SAVED[c.req.query('saved') as keyof typeof SAVED];
    return show(c, saved ? { flash: { kind: 'ok', text: c.get('t')(saved) } } : {});
  });

  r.post('/', async (c) => {
    const body = await c.req.parseBody();
    const locale = body.locale === 'en' || body.locale === 'nl' ? body.locale : null;
    if (!locale) return show(c, { flash: { kind: 'error', text: c.get('t')('field.invalid') } }, 422);
    await setOwnLocale(deps, me(c).id, locale, clientIp(c));
    c.set('user', { ...me(c), locale });
    c.set('locale', locale);
    c.set('t', createTranslate(locale));
    return seeOther(c, '/account?saved=1');
  });

  r.post('/signature', async (c) => {
    const t = c.get('t');
    const form = parseSignatureForm(await c.req.parseBody(), t);
    if (!form.ok)
      return show(
        c,
        { signatures: form.values, signatureErrors: form.errors, flash: { kind: 'error', text: t('form.errors') } },
        422,
      );
    await saveSignatures(deps, me(c).id, form.values, clientIp(c));
    return seeOther(c, '/account?saved=signature');
  });

  // The desk phone a callback placed from Baken rings first (src/calls/callback.service.ts); empty: the softphone.
  r.post('/desk-phone', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const typed = typeof body.deskPhone === 'string' ? body.deskPhone.slice(0, 40) : '';
    const phone = typed.replace(/[\s().-]/g, '');
    if (phone && !E164.test(phone))
      return show(
        c,
        {
          deskPhone: typed,
          deskPhoneError: t('oncall.phoneInvalid'),
          flash: { kind: 'error', text: t('form.errors') },
        },
        422,
      );
    await setDeskPhone(deps, me(c).id, phone || null, clientIp(c));
    return seeOther(c, '/account?saved=deskPhone');
  });

  r.post('/password', async (c) => {
    const t = c.get('t');
    const form = parsePasswordForm(await c.req.parseBody(), t);
    if (!form.ok)
      return show(c, { passwordErrors: form.errors, flash: { kind: 'error', text: t('form.errors') } }, 422);
    const token = getCookie(c, SESSION_COOKIE);
    const result = await changeOwnPassword(
      deps,
      me(c).id,
      { current: form.current, next: form.next, sessionId: token ? tokenId(token) : null },
      clientIp(c),
    );
    if (result.kind === 'throttled')
      return show(c, { flash: { kind: 'error', text: t('account.password.throttled') } }, 429);
    if (result.kind === 'wrong')
      return show(
        c,
        {
          passwordErrors: { current: t('account.password.wrong') },
          flash: { kind: 'error', text: t('form.errors') },
        },
        422,
      );
    return seeOther(c, '/account?saved=password');
  });

  return r;
}
