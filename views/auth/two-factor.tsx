import type { PageContext } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import { Flash } from '../layout.js';

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function FactorSignInPage(props: { ctx: PageContext; next?: string; error?: string }) {
  const { t } = props.ctx;
  return (
    <section class="narrow">
      <h1>{t('twoFactor.signIn.title')}</h1>
      {props.error && <Flash kind="error">{props.error}</Flash>}
      <p id="code-hint">{t('twoFactor.signIn.intro')}</p>
      <form method="post" action="/login/two-factor" class="stack">
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="next" value={props.next ?? ''} />
        <Field id="code" label={t('twoFactor.code')} error={props.error ? t('twoFactor.wrong') : undefined}>
          <input
            id="code"
            name="code"
            type="text"
            autocomplete="one-time-code"
            autocapitalize="off"
            spellcheck={false}
            required
            autofocus
            maxlength={40}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={`code-hint${props.error ? ' code-error' : ''}`}
          />
        </Field>
        <button type="submit" class="primary">
          {t('twoFactor.signIn.submit')}
        </button>
      </form>
      <form method="post" action="/logout" class="stack">
        <Csrf token={props.ctx.csrfToken} />
        <button type="submit" class="link">
          {t('twoFactor.signIn.cancel')}
        </button>
      </form>
    </section>
  );
}
