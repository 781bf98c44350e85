import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, type FieldErrors } from '../components/form.js';

export interface AccountPageProps {
  ctx: PageContext;
  signatures: { nl: string; en: string };
  maxSignature: number;
  flash?: { kind: 'ok' | 'error'; text: string };
  /** Which form the errors belong to. */
  signatureErrors?: FieldErrors;
  passwordErrors?: FieldErrors;
  /** The desk phone a callback rings first (E.164), as saved or as typed; errors of that form. */
  deskPhone?: string;
  deskPhoneError?: string;
}

/** The signed-in user's own settings: interface language, reply signatures per language, and their password. */
export function AccountPage(props: AccountPageProps) {
  const { t, user } = props.ctx;
  const se = props.signatureErrors ?? {};
  const pe = props.passwordErrors ?? {};
  const signature = (l: 'nl' | 'en') => {
    const id = `signature_${l}`;
    return (
      <Field id={id} label={t(`account.signature.${l}`)} error={se[id]}>
        <textarea
          id={id}
          name={id}
          rows={4}
          maxlength={props.maxSignature}
          aria-invalid={se[id] ? 'true' : undefined}
          aria-describedby={`signature-hint${se[id] ? ` ${id}-error` : ''}`}
        >
          {props.signatures[l]}
        </textarea>
      </Field>
    );
  };
  const password = (id: 'current' | 'password' | 'confirm', label: string, autocomplete: string) => (
    <Field id={id} label={label} error={pe[id]} hint={id === 'password' ? t('account.password.hint') : undefined}>
      <input
        id={id}
        name={id}
        type="password"
        autocomplete={autocomplete}
        required
        maxlength={200}
        {...(id === 'current' ? {} : { minlength: 10 })}
        aria-invalid={pe[id] ? 'true' : undefined}
        aria-describedby={
          [id === 'password' ? 'password-hint' : '', pe[id] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
        }
      />
    </Field>
  );
  return (
    <section class="narrow account">
      <h1>{t('account.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <p>
        {user?.name} · {user?.email} · {user?.roles.map((r) => t(`role.${r}`)).join(', ')}
      </p>

      <form method="post" action="/account" class="stack">
        <Csrf token={props.ctx.csrfToken} />
        <fieldset>
          <legend>{t('account.language')}</legend>
          <label class="choice">
            <input type="radio" name="locale" value="nl" checked={user?.locale === 'nl'} /> Nederlands
          </label>
          <label class="choice">
            <input type="radio" name="locale" value="en" checked={user?.locale === 'en'} /> English
          </label>
        </fieldset>
        <button type="submit" class="primary">
          {t('form.save')}
        </button>
      </form>

      <form method="post" action="/account/signature" class="stack" id="signatures">
        <Csrf token={props.ctx.csrfToken} />
        <h2>{t('account.signature.title')}</h2>
        <p class="hint" id="signature-hint">
          {t('account.signature.hint', { max: props.maxSignature })}
        </p>
        {signature('nl')}
        {signature('en')}
        <button type="submit" class="primary">
          {t('form.save')}
        </button>
      </form>

      <form method="post" action="/account/desk-phone" class="stack" id="desk-phone">
        <Csrf token={props.ctx.csrfToken} />
        <h2>{t('account.deskPhone.title')}</h2>
        <Field
          id="deskPhone"
          label={t('account.deskPhone.label')}
          error={props.deskPhoneError}
          hint={t('account.deskPhone.hint')}
        >
          <input
            id="deskPhone"
            name="deskPhone"
            type="tel"
            maxlength={20}
            autocomplete="off"
            value={props.deskPhone ?? ''}
            aria-invalid={props.deskPhoneError ? 'true' : undefined}
          />
        </Field>
        <button type="submit" class="primary">
          {t('form.save')}
        </button>
      </form>

      <section class="stack" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t('twoFactor.title')}</h2>
        <p>
          <a href="/account/two-factor">{t('twoFactor.accountLink')}</a>
        </p>
      </section>

      <form method="post" action="/account/password" class="stack" id="password-change">
        <Csrf token={props.ctx.csrfToken} />
        <h2>{t('account.password.title')}</h2>
        {password('current', t('account.password.current'), 'current-password')}
        {password('password', t('account.password.new'), 'new-password')}
        {password('confirm', t('account.password.confirm'), 'new-password')}
        <button type="submit" class="primary">
          {t('account.password.submit')}
        </button>
      </form>
    </section>
  );
}
