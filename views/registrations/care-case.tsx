import type { PageContext } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';
import { CASE_OUTCOMES, PROCEDURE_STATUSES, type ProcedureKind } from '../../src/registrations/care-case.table.js';
import type { CareCaseView } from '../../src/registrations/care-case.service.js';
import { dayMonthYear } from '../components/dates.js';
import { daysText } from './registration-page.js';

/** The form that failed, what was typed in it and why (kept on a 422). */
export interface CareFormErrors {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
}

type Props = { ctx: PageContext; care: CareCaseView; failed?: CareFormErrors };

/**
 * The registration page's care panels: the referral to the region's coordinator, the procedures checklist and
 * the closing of the case. Plain forms (they work without JavaScript); each answers by returning to the page.
 */
export function CareCasePanel(props: Props) {
  const { t } = props.ctx;
  const c = props.care;
  return (
    <section id="care" class="care-case" aria-labelledby="care-h">
      <h2 id="care-h">{t('care.case.title')}</h2>
      <p class="care-status">
        {c.closed
          ? t('care.case.closed', {
              date: c.closed.closedOn,
              outcome: t(`care.outcome.${c.closed.outcome}` as 'reg.yes'),
            })
          : c.state === 'pending'
            ? t('care.case.waiting')
            : c.owner
              ? t('care.case.owner', { name: c.owner })
              : c.atCentre
                ? t('care.case.centre')
                : t('care.case.none')}
      </p>
      <Referrals {...props} />
      <Procedures {...props} />
      <Closing {...props} />
    </section>
  );
}

function Referrals(props: Props) {
  const { t, csrfToken } = props.ctx;
  const c = props.care;
  const base = `/registrations/${c.registrationId}/referral`;
  const f = props.failed?.form === 'return' ? props.failed : undefined;
  return (
    <>
      <h3>{t('care.referral.title')}</h3>
      {c.referrals.length ? (
        <ol class="referrals">
          {c.referrals.map((r) => (
            <li>
              {t('care.referral.sent', {
                region: r.region_name,
                date: dayMonthYear(r.referred_at),
                name: r.referred_by_name ?? '—',
              })}{' '}
              — <strong>{t(`care.referral.status.${r.status}` as 'reg.yes')}</strong>
              {r.decided_at && ` (${r.decided_by_name ?? '—'}, ${dayMonthYear(r.decided_at)})`}
              {r.reason ? `: ${r.reason}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('care.referral.none')}</p>
      )}
      {c.can.refer &&
        (c.consentCare === 1 ? (
          <form method="post" action={base} class="inline">
            <Csrf token={csrfToken} />
            <button type="submit">{t('care.referral.refer')}</button>
          </form>
        ) : (
          <p class="hint">{t('care.referral.noConsent')}</p>
        ))}
      {c.can.answer && (
        <div class="referral-answer">
          <form method="post" action={`${base}/accept`} class="inline">
            <Csrf token={csrfToken} />
            <button type="submit">{t('care.referral.accept')}</button>
          </form>
          <form method="post" action={`${base}/return`}>
            <Csrf token={csrfToken} />
            <Field id="referral-reason" label={t('care.referral.reason')} error={f?.errors.reason}>
              <textarea id="referral-reason" name="reason" maxlength={1000} required rows={2}>
                {f?.values.reason ?? ''}
              </textarea>
            </Field>
            <button type="submit">{t('care.referral.return')}</button>
          </form>
        </div>
      )}
    </>
  );
}

function Procedures(props: Props) {
  const { t, csrfToken } = props.ctx;
  const c = props.care;
  const base = `/registrations/${c.registrationId}/procedures`;
  const kind = (k: string) => t(`procedure.kind.${k as ProcedureKind}`);
  const statuses = PROCEDURE_STATUSES.map((s) => ({ value: s, label: t(`procedure.status.${s}`) }));
  const add = props.failed?.form === 'add' ? props.failed : undefined;
  return (
    <>
      <h3>{t('procedure.title')}</h3>
      {c.procedures.length === 0 && <p>{t('procedure.none')}</p>}
      <ul class="procedures">
        {c.procedures.map((p) => {
          const f = props.failed?.form === `p${p.id}` ? props.failed : undefined;
          const v = f?.values ?? {
            status: p.status,
            owner: p.owner_id === null ? '' : String(p.owner_id),
            dueOn: p.due_on ?? '',
          };
          const id = (n: string) => `p${p.id}-${n}`;
          return (
            <li class={`procedure status-${p.status}`} data-kind={p.kind}>
              <form method="post" action={`${base}/${p.id}`}>
                <Csrf token={csrfToken} />
                <input type="hidden" name="version" value={String(p.version)} />
                <fieldset disabled={!c.can.edit}>
                  <legend>
                    {kind(p.kind)}
                    {p.daysLeft !== null && (
                      <>
                        {' '}
                        — <strong>{daysText(t, p.daysLeft)}</strong>
                      </>
                    )}
                  </legend>
                  <Field id={id('status')} label={t('procedure.field.status')} error={f?.errors.status}>
                    <Select id={id('status')} name="status" value={v.status} options={statuses} />
                  </Field>
                  <Field id={id('owner')} label={t('procedure.field.owner')} error={f?.errors.owner}>
                    <Select id={id('owner')} name="owner" value={v.owner} options={c.staff} empty="—" />
                  </Field>
                  <Field id={id('dueOn')} label={t('procedure.field.dueOn')} error={f?.errors.dueOn}>
                    <input id={id('dueOn')} name="dueOn" type="date" value={v.dueOn} min={c.reportedOn} />
                  </Field>
                  <button type="submit">{t('procedure.save', { kind: kind(p.kind) })}</button>
                </fieldset>
              </form>
            </li>
          );
        })}
      </ul>
      {c.can.edit && c.suggested.length > 0 && (
        <form method="post" action={`${base}/suggested`} class="suggested">
          <Csrf token={csrfToken} />
          <p>
            {t('procedure.suggested')} {c.suggested.map(kind).join(', ')}
          </p>
          <button type="submit">{t('procedure.addSuggested')}</button>
        </form>
      )}
      {c.can.edit && c.addable.length > 0 && (
        <form method="post" action={base} class="add-procedure">
          <Csrf token={csrfToken} />
          <Field id="proc-kind" label={t('procedure.field.kind')} error={add?.errors.kind}>
            <Select
              id="proc-kind"
              name="kind"
              value={add?.values.kind}
              options={c.addable.map((k) => ({ value: k, label: kind(k) }))}
            />
          </Field>
          <Field id="proc-owner" label={t('procedure.field.owner')} error={add?.errors.owner}>
            <Select id="proc-owner" name="owner" value={add?.values.owner} options={c.staff} empty="—" />
          </Field>
          <Field id="proc-dueOn" label={t('procedure.field.dueOn')} error={add?.errors.dueOn}>
            <input id="proc-dueOn" name="dueOn" type="date" value={add?.values.dueOn ?? ''} min={c.reportedOn} />
          </Field>
          <button type="submit">{t('procedure.add')}</button>
        </form>
      )}
    </>
  );
}

function Closing(props: Props) {
  const { t, csrfToken } = props.ctx;
  const c = props.care;
  const f = props.failed?.form === 'close' ? props.failed : undefined;
  const action = `/registrations/${c.registrationId}/care`;
  if (c.can.reopen)
    return (
      <form method="post" action={`${action}/reopen`} class="inline">
        <Csrf token={csrfToken} />
        <button type="submit">{t('care.reopen')}</button>
      </form>
    );
  if (!c.can.close) return null;
  return (
    <form method="post" action={`${action}/close`} class="close-case">
      <Csrf token={csrfToken} />
      <h3>{t('care.close.title')}</h3>
      <Field id="close-outcome" label={t('care.close.outcome')} error={f?.errors.outcome}>
        <Select
          id="close-outcome"
          name="outcome"
          value={f?.values.outcome}
          options={CASE_OUTCOMES.map((o) => ({ value: o, label: t(`care.outcome.${o}`) }))}
          empty="—"
          error={f?.errors.outcome}
        />
      </Field>
      <Field id="close-closedOn" label={t('care.close.closedOn')} error={f?.errors.closedOn}>
        <input
          id="close-closedOn"
          name="closedOn"
          type="date"
          value={f?.values.closedOn ?? c.today}
          min={c.reportedOn}
          max={c.today}
        />
      </Field>
      <button type="submit">{t('care.close.submit')}</button>
    </form>
  );
}

type CaseRow = {
  id: number;
  reference: string | null;
  reported_on: string;
  region_name: string | null;
  referred_at?: string;
  decided_at?: string | null;
  reason?: string | null;
};

/** `/care`: referrals waiting, the coordinator's own cases, and for the desk the returned ones and its own. */
export function CareListPage(props: {
  ctx: PageContext;
  desk: boolean;
  waiting: CaseRow[];
  mine: CaseRow[];
  returned: CaseRow[];
  centre: CaseRow[];
}) {
  const { t } = props.ctx;
  const table = (id: string, title: string, rows: CaseRow[], extra?: 'referred' | 'returned') => (
    <section aria-labelledby={`${id}-h`} class={`care-list ${id}`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {rows.length === 0 ? (
        <p>{t('care.list.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reg.reference')}</th>
              <th scope="col">{t('reg.field.reportedOn')}</th>
              <th scope="col">{t('reg.field.careRegion')}</th>
              {extra && <th scope="col">{t(extra === 'referred' ? 'care.list.referredOn' : 'care.list.reason')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/registrations/${r.id}#care`}>{r.reference}</a>
                </td>
                <td>{dayMonthYear(r.reported_on)}</td>
                <td>{r.region_name ?? '—'}</td>
                {extra === 'referred' && <td>{dayMonthYear(r.referred_at)}</td>}
                {extra === 'returned' && <td>{r.reason}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
  return (
    <section>
      <h1>{t('care.list.title')}</h1>
      {table('care-waiting', t('care.list.waiting'), props.waiting, 'referred')}
      {(!props.desk || props.mine.length > 0) && table('care-mine', t('care.list.mine'), props.mine)}
      {props.desk && table('care-returned', t('care.list.returned'), props.returned, 'returned')}
      {props.desk && table('care-centre', t('care.list.centre'), props.centre)}
    </section>
  );
}
