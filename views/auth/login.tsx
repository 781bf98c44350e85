import type { PageContext } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import { Flash } from '../layout.js';

/** The sign-in form; keeps the typed email address when it comes back with an error. */
export function LoginPage(props: {
  ctx: PageContext;
  email?: string;
  next?: string;
  error?: string;
  notice?: string;
  /** A fresh install without any user: say how the first admin is created. */
  noUsers?: boolean;
  fieldErrors?: Record<string, string | undefined>;
}) {
  const { t } = props.ctx;
  const fe = props.fieldErrors ?? {};
  return (
    <section class="narrow">
      <h1>{t('login.title')}</h1>
      {props.noUsers && (
        <div class="flash flash-info" role="status" id="no-users">
          <p>
            <strong>{t('login.noUsers.title')}</strong> {t('login.noUsers.admin')}
          </p>
          <p>{t('login.noUsers.demo')}</p>
        </div>
      )}
      {props.notice && <Flash kind="info">{props.notice}</Flash>}
      {props.error && <Flash kind="error">{props.error}</Flash>}
      <form method="post" action="/login" class="stack">
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="next" value={props.next ?? ''} />
        <Field id="email" label={t('login.email')} error={fe.email}>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            autofocus
            value={props.email ?? ''}
            maxlength={254}
          />
        </Field>
        <Field id="password" label={t('login.password')} error={fe.password}>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxlength={200}
          />
        </Field>
        <button type="submit" class="primary">
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
