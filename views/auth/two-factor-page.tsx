import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';

type EnrolmentView =
  | { kind: 'enabled'; since: string; unusedCodes: number; newCodes: string[] | null; mayTurnOff: boolean }
  | { kind: 'new'; uri: string; secret: string; qr: string };

export interface TwoFactorPageProps {
  ctx: PageContext;
  enrolment: EnrolmentView;
  /** Until when the grace period runs (already formatted), or 'required' when it is over. */
  required?: 'now' | string;
  flash?: { kind: 'ok' | 'error'; text: string };
  codeError?: string;
}

/** The code field of the enrolment and turn-off forms. */
function CodeField(props: { t: PageContext['t']; error?: string; hint: string }) {
  return (
    <Field id="code" label={props.t('twoFactor.code')} error={props.error} hint={props.hint}>
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        required
        maxlength={40}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`code-hint${props.error ? ' code-error' : ''}`}
      />
    </Field>
  );
}

/**
 * Two-factor sign-in on the account page: enrolment (the secret as a QR code drawn on the server and as its
 * otpauth URI in text, and the form for the first code), or the factor's state with the new recovery codes once.
 */
export function TwoFactorPage(props: TwoFactorPageProps) {
  const { t } = props.ctx;
  const e = props.enrolment;
  return (
    <section class="narrow account two-factor">
      <h1>{t('twoFactor.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {props.required === 'now' && e.kind === 'new' && <Flash kind="info">{t('twoFactor.requiredNow')}</Flash>}
      {props.required && props.required !== 'now' && e.kind === 'new' && (
        <Flash kind="info">{t('twoFactor.requiredFrom', { date: props.required })}</Flash>
      )}
      {e.kind === 'new' ? (
        <>
          <ol class="stack">
            <li>{t('twoFactor.step.app')}</li>
            <li>
              {t('twoFactor.step.scan')}
              <p>
                <img src={e.qr} alt={t('twoFactor.qrAlt')} width="240" height="240" class="qr" />
              </p>
              <p class="hint">{t('twoFactor.step.manual')}</p>
              <p>
                <code id="totp-secret">{e.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code>
              </p>
              <p class="hint">{t('twoFactor.uriLabel')}</p>
              <p>
                <code id="totp-uri">{e.uri}</code>
              </p>
            </li>
            <li>{t('twoFactor.step.code')}</li>
          </ol>
          <form method="post" action="/account/two-factor" class="stack">
            <Csrf token={props.ctx.csrfToken} />
            <CodeField t={t} error={props.codeError} hint={t('twoFactor.codeHint')} />
            <button type="submit" class="primary">
              {t('twoFactor.enable')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p>{t('twoFactor.enabledSince', { date: e.since })}</p>
          {e.newCodes ? (
            <section aria-labelledby="recovery-title">
              <h2 id="recovery-title">{t('twoFactor.codes.title')}</h2>
              <p>{t('twoFactor.codes.intro')}</p>
              <ul class="recovery-codes">
                {e.newCodes.map((c) => (
                  <li>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <p>{t('twoFactor.codes.left', { count: e.unusedCodes })}</p>
          )}
          {e.mayTurnOff && (
            <form method="post" action="/account/two-factor/disable" class="stack">
              <Csrf token={props.ctx.csrfToken} />
              <h2>{t('twoFactor.off.title')}</h2>
              <CodeField t={t} error={props.codeError} hint={t('twoFactor.off.hint')} />
              <button type="submit">{t('twoFactor.off.submit')}</button>
            </form>
          )}
          {!e.mayTurnOff && <p class="hint">{t('twoFactor.off.notAllowed')}</p>}
        </>
      )}
    </section>
  );
}
