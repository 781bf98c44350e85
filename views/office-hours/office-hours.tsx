import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';

export interface OfficeHoursProps {
  ctx: PageContext;
  zone: string;
  weekly: { weekday: number; ranges: string[] }[];
  goodFriday: boolean;
  liberationDay: string;
  holidays: { date: string; name: string }[];
  closures: { id: number; start: string; end: string; reason: string }[];
  values?: { start: string; end: string; reason: string };
  errors?: Record<string, string | undefined>;
  /** The longest single closure the form accepts, in days. */
  maxClosureDays: number;
}

/** The admin's view of the calendar: weekly hours, holidays, and the closures they add and remove. */
export function OfficeHoursPage(props: OfficeHoursProps) {
  const { t } = props.ctx;
  const e = props.errors ?? {};
  const v = props.values ?? { start: '', end: '', reason: '' };
  return (
    <section>
      <h1>{t('officeHours.title')}</h1>
      <div class="columns">
        <section>
          <h2>{t('officeHours.weekly')}</h2>
          <p>
            {t('officeHours.zone')}: {props.zone}
          </p>
          <table class="list">
            <tbody>
              {props.weekly.map((d) => (
                <tr>
                  <th scope="row">{t(`weekday.${d.weekday}` as 'weekday.1')}</th>
                  <td>{d.ranges.length ? d.ranges.join(', ') : t('closed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t('officeHours.goodFriday', { state: props.goodFriday ? t('closed') : t('open') })} ·{' '}
            {t('officeHours.liberation', { state: props.liberationDay })}
          </p>
          <p class="hint">{t('officeHours.configHint')}</p>
          <h2>{t('officeHours.holidays')}</h2>
          <ul>
            {props.holidays.map((h) => (
              <li>
                <time datetime={h.date}>{h.date}</time> {h.name}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>{t('officeHours.closures')}</h2>
          {props.closures.length === 0 ? (
            <p class="muted">{t('officeHours.noClosures')}</p>
          ) : (
            <ul class="closures">
              {props.closures.map((c) => (
                <li>
                  {c.start} – {c.end}: {c.reason}{' '}
                  <form method="post" action={`/admin/office-hours/closures/${c.id}/delete`} class="inline">
                    <Csrf token={props.ctx.csrfToken} />
                    <button type="submit" class="link">
                      {t('officeHours.remove')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <h3>{t('officeHours.addClosure')}</h3>
          {Object.values(e).some(Boolean) && <Flash kind="error">{t('form.errors')}</Flash>}
          <form method="post" action="/admin/office-hours/closures" class="stack" novalidate>
            <Csrf token={props.ctx.csrfToken} />
            <Field id="start" label={t('officeHours.start')} error={e.start}>
              <input id="start" name="start" type="datetime-local" value={v.start} required />
            </Field>
            <Field
              id="end"
              label={t('officeHours.end')}
              error={e.end}
              hint={t('officeHours.maxLength', { n: props.maxClosureDays })}
            >
              <input id="end" name="end" type="datetime-local" value={v.end} required />
            </Field>
            <Field id="reason" label={t('officeHours.reason')} error={e.reason}>
              <input id="reason" name="reason" value={v.reason} required maxlength={200} />
            </Field>
            <button type="submit" class="primary">
              {t('officeHours.addClosure')}
            </button>
          </form>
        </section>
      </div>
    </section>
  );
}
