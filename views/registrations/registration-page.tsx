import type { Child } from 'hono/jsx';
import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';
import { dayMonthYear } from '../components/dates.js';

/** An age band as the desk says it: "18-23", or "unknown" in words. */
const ageBandWords = (t: PageContext['t'], band: string) => (band === 'unknown' ? t('gender.unknown') : band);
import {
  COMPLAINT,
  DOSSIER_TYPES,
  PLACEMENTS,
  REFLECTION_OFFERED_BY,
  RESIDENCE_STATUSES,
  YES_NO_UNKNOWN,
  type DeadlineKind,
} from '../../src/registrations/registrations.table.js';
import type { RegistrationUpdateValues } from '../../src/registrations/registrations.form.js';
import type { ProcedureKind } from '../../src/registrations/care-case.table.js';
import type { CareCaseView } from '../../src/registrations/care-case.service.js';
import { CareCasePanel } from './care-case.js';

export { RegistrationListPage } from './registration-list.js';

export interface RegistrationPageProps {
  ctx: PageContext;
  flash?: { kind: 'ok' | 'error'; text: string };
  reg: {
    id: number;
    reference: string;
    reportedOn: string;
    dossierType: string;
    reporterType: string;
    reporterOrg: string | null;
    region: string;
    careRegion: string | null;
    consentRegistration: number | null;
    consentRegistrationOn: string | null;
    consentCare: number | null;
    consentCareOn: string | null;
    gender: string;
    birthYear: number | null;
    ageBand: string;
    minor: number | null;
    nationalities: string[];
    countryOfOrigin: string | null;
    exploitation: string[];
    /** the form the figures count it under (marked primary, the only one, or `combination`) */
    primaryExploitation: string;
    sector: string | null;
    exploitationCountries: string[];
    shelterRequested: number;
    careRequested: number;
    placement: string | null;
    complaint: string;
    residenceStatus: string;
    notes: string;
    routedTo: string | null;
    minorAtExploitation: string;
    sub3Case: number;
    careNeeds: string[];
    ageAtRegistration: number | null;
    ageBasis: string | null;
    reflectionOffered: string;
    reflectionOfferedBy: string | null;
    reflectionOverrideReason: string | null;
    complaintOn: string | null;
    otherCooperation: string;
  };
  /** Every dossier type the registration has had, oldest first. */
  dossierHistory: { dossier_type: string; changed_at: string; changed_by_name: string | null }[];
  update: { values: RegistrationUpdateValues; errors: Record<string, string | undefined> };
  identifiersShown: boolean;
  identifiers: Record<'name' | 'dateOfBirth' | 'phone' | 'email' | 'vNumber', string | null>;
  contacts: { id: number; reference: string | null; started_at: string; status: string; queue: string | null }[];
  /** The user may open contacts (a coordinator may not: her hand-over tasks are shown here instead). */
  contactsOpen?: boolean;
  deadlines: { kind: DeadlineKind; endsOn: string; daysLeft: number }[];
  countryName: (code: string) => string;
  /** the care panels: referral, procedures, closing (issue 26) */
  care?: CareCaseView;
  /** What other features show on the page (src/registrations/registration-page.plugin.ts). */
  panels?: Child[];
}

export const daysText = (t: PageContext['t'], n: number) =>
  n > 0 ? t('deadline.daysLeft', { n }) : n === 0 ? t('deadline.today') : t('deadline.passed', { n: -n });

/** A registration's own page: its reference, fields, contacts, deadlines, and identifiers for the roles that need them. */
export function RegistrationPage(props: RegistrationPageProps) {
  const { t } = props.ctx;
  const r = props.reg;
  const yn = (v: number | null) => (v === null ? t('reg.notAsked') : v ? t('reg.yes') : t('reg.no'));
  const row = (label: string, value: unknown) => (
    <>
      <dt>{label}</dt>
      <dd>{value === null || value === undefined || value === '' ? '—' : String(value)}</dd>
    </>
  );
  return (
    <section>
      <h1>{r.reference}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <dl class="facts">
        {row(t('reg.field.reportedOn'), dayMonthYear(r.reportedOn))}
        {row(t('reg.field.dossierType'), t(`dossier.${r.dossierType}` as 'reg.yes'))}
        {row(t('reg.field.reporterType'), t(`reporter.${r.reporterType}` as 'reg.yes'))}
        {row(t('reg.field.reporterOrg'), r.reporterOrg)}
        {row(t('reg.field.region'), t(`region.${r.region}` as 'reg.yes'))}
        {row(t('reg.field.careRegion'), r.careRegion)}
        {row(
          t('reg.field.consentRegistration'),
          `${yn(r.consentRegistration)}${r.consentRegistrationOn ? ` (${dayMonthYear(r.consentRegistrationOn)})` : ''}`,
        )}
        {row(
          t('reg.field.consentCare'),
          `${yn(r.consentCare)}${r.consentCareOn ? ` (${dayMonthYear(r.consentCareOn)})` : ''}`,
        )}
        {row(t('reg.field.gender'), t(`gender.${r.gender}` as 'reg.yes'))}
        {row(t('reg.field.birthYear'), r.birthYear)}
        {row(
          t('reg.field.ageAtRegistration'),
          r.ageAtRegistration === null
            ? null
            : `${r.ageAtRegistration}${r.ageBasis ? ` (${t(`reg.ageBasis.${r.ageBasis}` as 'reg.yes')})` : ''}`,
        )}
        {row(t('reg.field.ageBand'), ageBandWords(t, r.ageBand))}
        {row(t('reg.field.minor'), yn(r.minor))}
        {row(t('reg.field.minorAtExploitation'), t(`reg.ynu.${r.minorAtExploitation}` as 'reg.yes'))}
        {row(t('reg.field.nationality'), r.nationalities.map(props.countryName).join(', '))}
        {row(t('reg.field.countryOfOrigin'), r.countryOfOrigin ? props.countryName(r.countryOfOrigin) : null)}
        {row(t('reg.field.exploitation'), r.exploitation.map((f) => t(`exploitation.${f}` as 'reg.yes')).join(', '))}
        {row(
          t('reg.field.primaryExploitation'),
          r.primaryExploitation === 'unknown' ? null : t(`exploitation.${r.primaryExploitation}` as 'reg.yes'),
        )}
        {row(t('reg.field.sector'), r.sector ? t(`sector.${r.sector}` as 'reg.yes') : null)}
        {row(t('reg.field.exploitationCountry'), r.exploitationCountries.map(props.countryName).join(', '))}
        {row(t('reg.field.sub3Case'), yn(r.sub3Case))}
        {row(t('reg.field.shelterRequested'), yn(r.shelterRequested))}
        {row(t('reg.field.careRequested'), yn(r.careRequested))}
        {row(t('reg.field.placement'), r.placement ? t(`placement.${r.placement}` as 'reg.yes') : null)}
        {row(t('reg.field.careNeed'), r.careNeeds.map((n) => t(`careNeed.${n}` as 'reg.yes')).join(', '))}
        {row(t('reg.field.routedTo'), r.routedTo ? t(`reg.routed.${r.routedTo}` as 'reg.yes') : null)}
        {row(t('reg.field.reflectionOffered'), t(`reg.ynu.${r.reflectionOffered}` as 'reg.yes'))}
        {row(
          t('reg.field.reflectionOfferedBy'),
          r.reflectionOfferedBy ? t(`reg.offeredBy.${r.reflectionOfferedBy}` as 'reg.yes') : null,
        )}
        {r.reflectionOverrideReason && row(t('reg.field.reflectionOverrideReason'), r.reflectionOverrideReason)}
        {row(t('reg.field.complaint'), t(`complaint.${r.complaint}` as 'reg.yes'))}
        {row(t('reg.field.complaintOn'), dayMonthYear(r.complaintOn))}
        {row(t('reg.field.otherCooperation'), t(`reg.ynu.${r.otherCooperation}` as 'reg.yes'))}
        {row(t('reg.field.residenceStatus'), t(`residence.${r.residenceStatus}` as 'reg.yes'))}
        {row(t('reg.field.notes'), r.notes)}
      </dl>
      <h2>{t('reg.dossierHistory')}</h2>
      <ol class="dossier-history">
        {props.dossierHistory.map((d) => (
          <li>
            {t(`dossier.${d.dossier_type}` as 'reg.yes')} — {dayMonthYear(d.changed_at)}
            {d.changed_by_name ? ` (${d.changed_by_name})` : ''}
          </li>
        ))}
      </ol>
      <h2>{t('reg.deadlines')}</h2>
      {props.deadlines.length ? (
        <ul class="deadlines">
          {props.deadlines.map((d) => (
            <li>
              {t(`deadline.kind.${d.kind}`)}: {dayMonthYear(d.endsOn)} — <strong>{daysText(t, d.daysLeft)}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('deadlines.empty')}</p>
      )}
      <UpdateForm ctx={props.ctx} id={r.id} {...props.update} />
      {props.care && <CareCasePanel ctx={props.ctx} care={props.care} />}
      <h2>{t('reg.section.identifiers')}</h2>
      {!props.identifiersShown && <p class="hint">{t('reg.masked')}</p>}
      <dl class="facts identifiers">
        {row(t('reg.field.name'), props.identifiers.name)}
        {row(t('reg.field.dateOfBirth'), props.identifiers.dateOfBirth)}
        {row(t('reg.field.phone'), props.identifiers.phone)}
        {row(t('reg.field.email'), props.identifiers.email)}
        {row(t('reg.field.vNumber'), props.identifiers.vNumber)}
      </dl>
      <h2 id="reg-contacts">{t('reg.contacts')}</h2>
      <ul class="reg-contacts">
        {props.contacts.map((c) => (
          <li>
            {props.contactsOpen === false ? (
              <span class="hand-over">
                {c.queue === 'care' ? t('reg.handOverTask') : t('reg.contactTask')} {c.reference ?? `#${c.id}`} ·{' '}
                {t(`status.${c.status}` as 'reg.yes')} · {dayMonthYear(c.started_at)}
              </span>
            ) : (
              <a href={`/contacts/${c.id}`}>{c.reference ?? `#${c.id}`}</a>
            )}
          </li>
        ))}
      </ul>
      {props.panels}
    </section>
  );
}

type Option = { value: string; label: string };

/**
 * The EU/EEA/Swiss confirmation (domain §3.1.1: EU law first, the reflection period only as a fallback): a checkbox
 * the agent ticks after the warning; its error names the rule.
 */
export function EuConfirm(props: { t: PageContext['t']; checked: boolean; error?: string; id: string }) {
  return (
    <div class={`field eu-confirm${props.error ? ' has-error' : ''}`}>
      <label for={props.id} class="choice">
        <input
          type="checkbox"
          id={props.id}
          name="reflectionEuConfirmed"
          value="yes"
          checked={props.checked}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${props.id}-error` : undefined}
        />{' '}
        {props.t('reg.field.reflectionEuConfirmed')}
      </label>
      {props.error && (
        <small id={`${props.id}-error`} class="error">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** Dossier type, placement, the person's deadlines, reflection period, complaint and residence: what changes later. */
function UpdateForm(props: {
  ctx: PageContext;
  id: number;
  values: RegistrationUpdateValues;
  errors: Record<string, string | undefined>;
}) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors;
  const opts = (list: readonly string[], prefix: string) =>
    list.map((x) => ({ value: x, label: t(`${prefix}.${x}` as 'reg.yes') }));
  const select = (name: keyof RegistrationUpdateValues, label: string, options: Option[], empty?: string) => (
    <Field id={`u-${name}`} label={label} error={e[name]}>
      <Select id={`u-${name}`} name={name} value={v[name]} options={options} empty={empty} error={e[name]} />
    </Field>
  );
  const text = (name: keyof RegistrationUpdateValues, label: string, hint?: string) => (
    <Field id={`u-${name}`} label={label} error={e[name]} hint={hint}>
      <input
        id={`u-${name}`}
        name={name}
        value={v[name]}
        maxlength={500}
        aria-invalid={e[name] ? 'true' : undefined}
        aria-describedby={
          [e[name] ? `u-${name}-error` : '', hint ? `u-${name}-hint` : ''].join(' ').trim() || undefined
        }
      />
    </Field>
  );
  const date = (name: keyof RegistrationUpdateValues, label: string) => (
    <Field id={`u-${name}`} label={label} error={e[name]}>
      <input
        id={`u-${name}`}
        name={name}
        type="date"
        value={v[name]}
        aria-invalid={e[name] ? 'true' : undefined}
        aria-describedby={e[name] ? `u-${name}-error` : undefined}
      />
    </Field>
  );
  return (
    <form method="post" action={`/registrations/${props.id}`} class="registration-update">
      <h2>{t('reg.update.title')}</h2>
      {Object.values(e).some(Boolean) && <Flash kind="error">{t('form.errors')}</Flash>}
      <Csrf token={props.ctx.csrfToken} />
      <div class="grid">
        {select('dossierType', t('reg.field.dossierType'), opts(DOSSIER_TYPES, 'dossier'))}
        <Field id="u-placement" label={t('reg.field.placement')} error={e.placement}>
          <Select
            id="u-placement"
            name="placement"
            value={v.placement}
            options={opts(PLACEMENTS, 'placement')}
            empty="—"
            error={e.placement}
          />
        </Field>
        {date('shelterEnds', t('reg.field.shelterEnds'))}
        {date('reflectionStart', t('reg.field.reflectionStart'))}
        {select(
          'reflectionDays',
          t('reg.field.reflectionDays'),
          [
            { value: '90', label: t('reg.days.90') },
            { value: '30', label: t('reg.days.30') },
          ],
          t('reg.days.byRule'),
        )}
        {select('reflectionOffered', t('reg.field.reflectionOffered'), opts(YES_NO_UNKNOWN, 'reg.ynu'))}
        {select(
          'reflectionOfferedBy',
          t('reg.field.reflectionOfferedBy'),
          opts(REFLECTION_OFFERED_BY, 'reg.offeredBy'),
          '—',
        )}
        {text('reflectionOverrideReason', t('reg.field.reflectionOverrideReason'), t('reg.reflection.reasonHint'))}
        <EuConfirm
          t={t}
          checked={v.reflectionEuConfirmed === 'yes'}
          error={e.reflectionEuConfirmed}
          id="u-reflectionEuConfirmed"
        />
        {date('permitExpires', t('reg.field.permitExpires'))}
        <Field id="u-complaint" label={t('reg.field.complaint')} error={e.complaint}>
          <Select
            id="u-complaint"
            name="complaint"
            value={v.complaint}
            options={opts(COMPLAINT, 'complaint')}
            error={e.complaint}
          />
        </Field>
        {date('complaintOn', t('reg.field.complaintOn'))}
        {select('otherCooperation', t('reg.field.otherCooperation'), opts(YES_NO_UNKNOWN, 'reg.ynu'))}
        <Field id="u-residenceStatus" label={t('reg.field.residenceStatus')} error={e.residenceStatus}>
          <Select
            id="u-residenceStatus"
            name="residenceStatus"
            value={v.residenceStatus}
            options={opts(RESIDENCE_STATUSES, 'residence')}
            error={e.residenceStatus}
          />
        </Field>
      </div>
      <button type="submit">{t('reg.update.save')}</button>
    </form>
  );
}

/** What runs out first on top. */
export function DeadlinesPage(props: {
  ctx: PageContext;
  rows: {
    id: number;
    reference: string;
    kind: DeadlineKind | 'procedure';
    procedure?: ProcedureKind;
    endsOn: string;
    daysLeft: number;
  }[];
}) {
  const { t } = props.ctx;
  return (
    <section>
      <h1>{t('deadlines.title')}</h1>
      {props.rows.length === 0 ? (
        <p>{t('deadlines.empty')}</p>
      ) : (
        <table class="deadlines">
          <thead>
            <tr>
              <th scope="col">{t('reg.reference')}</th>
              <th scope="col">{t('reg.deadlines')}</th>
              <th scope="col">{t('deadlines.ends')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/registrations/${r.id}`}>{r.reference}</a>
                </td>
                <td>
                  {r.procedure ? t(`procedure.kind.${r.procedure}`) : t(`deadline.kind.${r.kind as DeadlineKind}`)}
                </td>
                <td>{dayMonthYear(r.endsOn)}</td>
                <td>{daysText(t, r.daysLeft)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The contact page's panel: the contact's registrations, "register a possible victim", and linking by reference. */
export function RegistrationsPanel(props: {
  ctx: PageContext;
  contactId: number;
  registrations: { id: number; reference: string | null }[];
  canRegister: boolean;
}) {
  const { t } = props.ctx;
  return (
    <section class="registrations-panel" aria-labelledby="registrations-panel-h">
      <h2 id="registrations-panel-h">{t('reg.panel.title')}</h2>
      {props.registrations.length ? (
        <ul>
          {props.registrations.map((r) => (
            <li>
              <a href={`/registrations/${r.id}`}>{r.reference}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('reg.panel.none')}</p>
      )}
      {props.canRegister && (
        <>
          <p>
            <a class="button" href={`/registrations/new?contact=${props.contactId}`}>
              {t('reg.register')}
            </a>
          </p>
          <form method="post" action={`/registrations/link`} class="inline">
            <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
            <input type="hidden" name="contact" value={String(props.contactId)} />
            <label for="reg-link-ref">{t('reg.link.label')}</label>{' '}
            <input id="reg-link-ref" name="reference" placeholder="REG-2026-000123" maxlength={20} required />{' '}
            <button type="submit">{t('reg.link.submit')}</button>
          </form>
        </>
      )}
    </section>
  );
}
