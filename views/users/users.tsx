import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import { ROLES } from '../../src/users/users.table.js';

export interface UserRow {
  id: number;
  email: string;
  name: string;
  roles: string;
  locale: string | null;
  active: number;
}
export interface UserFormValues {
  name: string;
  email: string;
  roles: string[];
  locale: string;
  active: boolean;
}

/** Who has a second factor, and whether the admin requires one of everyone. */
export interface FactorOverview {
  everyone: boolean;
  enabled: Set<number>;
}

/** The list of users with a link to edit each, a button to add one, and the two-factor policy. */
export function UsersPage(props: { ctx: PageContext; users: UserRow[]; saved?: string; factors: FactorOverview }) {
  const { t } = props.ctx;
  return (
    <section>
      <h1>{t('users.title')}</h1>
      {props.saved && <Flash kind="ok">{props.saved}</Flash>}
      <p>
        <a class="button primary" href="/admin/users/new">
          {t('users.new')}
        </a>
      </p>
      <table class="list">
        <thead>
          <tr>
            <th>{t('users.name')}</th>
            <th>{t('users.email')}</th>
            <th>{t('users.roles')}</th>
            <th>{t('users.locale')}</th>
            <th>{t('users.twoFactor')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr class={u.active ? '' : 'muted'}>
              <td>
                <a href={`/admin/users/${u.id}`}>{u.name}</a>
                {!u.active && <span class="tag">{t('users.inactive')}</span>}
              </td>
              <td>{u.email}</td>
              <td>
                {u.roles
                  .split(',')
                  .map((r) => t(`role.${r}` as 'role.agent'))
                  .join(', ')}
              </td>
              <td>{u.locale ? t(`lang.${u.locale}` as 'lang.nl') : t('users.localeDefault')}</td>
              <td>{props.factors.enabled.has(u.id) ? t('users.twoFactor.on') : t('users.twoFactor.off')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/users/two-factor-policy" class="stack" id="two-factor-policy">
        <Csrf token={props.ctx.csrfToken} />
        <h2>{t('users.twoFactor')}</h2>
        <label class="choice">
          <input type="checkbox" name="everyone" value="yes" checked={props.factors.everyone} />{' '}
          {t('users.twoFactor.everyone')}
        </label>
        <button type="submit">{t('users.twoFactor.policySave')}</button>
      </form>
    </section>
  );
}

/** Add or edit a user: name, address, password, roles, language, active. */
export function UserFormPage(props: {
  ctx: PageContext;
  id?: number;
  values: UserFormValues;
  errors?: Record<string, string | undefined>;
  message?: string;
  /** The care-coordination regions (registrations feature) and the ids chosen for this user. */
  careRegions?: { value: string; label: string }[];
  careRegionValues?: string[];
  /** For an existing user: whether they have a second factor (an admin can reset it). */
  factorEnabled?: boolean;
}) {
  const { t } = props.ctx;
  const e = props.errors ?? {};
  const v = props.values;
  return (
    <section class="narrow">
      <h1>{props.id ? t('users.edit') : t('users.new')}</h1>
      {props.message && <Flash kind="error">{props.message}</Flash>}
      <form method="post" action={props.id ? `/admin/users/${props.id}` : '/admin/users'} class="stack" novalidate>
        <Csrf token={props.ctx.csrfToken} />
        <Field id="name" label={t('users.name')} error={e.name}>
          <input id="name" name="name" value={v.name} required maxlength={120} autofocus />
        </Field>
        <Field id="email" label={t('users.email')} error={e.email}>
          <input id="email" name="email" type="email" value={v.email} required maxlength={254} />
        </Field>
        <Field
          id="password"
          label={t('users.password')}
          error={e.password}
          hint={props.id ? t('users.passwordHint') : undefined}
        >
          <input id="password" name="password" type="password" autocomplete="new-password" maxlength={200} />
        </Field>
        <fieldset class={e.roles ? 'has-error' : ''}>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((r) => (
            <label class="choice">
              <input type="checkbox" name="roles" value={r} checked={v.roles.includes(r)} /> {t(`role.${r}`)}
            </label>
          ))}
          {e.roles && <small class="error">{e.roles}</small>}
        </fieldset>
        {!!props.careRegions?.length && (
          <fieldset class={e.careRegions ? 'has-error' : ''}>
            <legend>{t('users.careRegions')}</legend>
            {props.careRegions.map((r) => (
              <label class="choice">
                <input
                  type="checkbox"
                  name="careRegions"
                  value={r.value}
                  checked={(props.careRegionValues ?? []).includes(r.value)}
                />{' '}
                {r.label}
              </label>
            ))}
            {e.careRegions && <small class="error">{e.careRegions}</small>}
          </fieldset>
        )}
        <Field id="locale" label={t('users.locale')}>
          <select id="locale" name="locale">
            <option value="" selected={!v.locale}>
              {t('users.localeDefault')}
            </option>
            <option value="nl" selected={v.locale === 'nl'}>
              Nederlands
            </option>
            <option value="en" selected={v.locale === 'en'}>
              English
            </option>
          </select>
        </Field>
        <label class="choice">
          <input type="checkbox" name="active" checked={v.active} /> {t('users.active')}
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('form.save')}
          </button>{' '}
          <a href="/admin/users">{t('form.cancel')}</a>
        </div>
      </form>
      {props.id && props.factorEnabled && (
        <form method="post" action={`/admin/users/${props.id}/two-factor/reset`} class="stack" id="two-factor-reset">
          <Csrf token={props.ctx.csrfToken} />
          <h2>{t('users.twoFactor')}</h2>
          <p class="hint">{t('users.twoFactor.resetHint')}</p>
          <button type="submit">{t('users.twoFactor.reset')}</button>
        </form>
      )}
    </section>
  );
}
