import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';
import { EuConfirm } from './registration-page.js';
import {
  CARE_NEEDS,
  COMPLAINT,
  DOSSIER_TYPES,
  EXPLOITATION_FORMS,
  GENDERS,
  PLACEMENTS,
  REGIONS,
  REPORTER_TYPES,
  REFLECTION_OFFERED_BY,
  RESIDENCE_STATUSES,
  SECTORS,
  YES_NO_UNKNOWN,
} from '../../src/registrations/registrations.table.js';
import type { RegistrationFormValues } from '../../src/registrations/registrations.form.js';

type Option = { value: string; label: string; common?: boolean };

export interface RegistrationFormProps {
  ctx: PageContext;
  values: RegistrationFormValues;
  errors?: Record<string, string | undefined>;
  contact: { id: number; reference: string | null; channel: string; startedAt: string; topics: string[] } | null;
  regions: Option[];
  countries: Option[];
  flash?: { kind: 'ok' | 'error'; text: string };
  duplicates?: { id: number; reference: string }[];
  /** The agent chose "save and add another" before the duplicate warning: the choice keeps it. */
  another?: boolean;
}

/**
 * "Register a possible victim": prefilled from the contact, the shared fields of a report first, the person's
 * identifying data last and apart. Works without script; every control has its label.
 */
export function RegistrationFormPage(props: RegistrationFormProps) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors ?? {};
  const opts = (list: readonly string[], prefix: string): Option[] =>
    list.map((x) => ({ value: x, label: t(`${prefix}.${x}` as 'reg.yes') }));
  const yesNo: Option[] = [
    { value: 'yes', label: t('reg.yes') },
    { value: 'no', label: t('reg.no') },
  ];
  const countryOpts = (special: boolean): Option[] => [
    ...(special
      ? [
          { value: 'XX', label: t('reg.unknownCountry') },
          { value: 'XS', label: t('reg.stateless') },
        ]
      : []),
    ...props.countries,
  ];
  const text = (name: keyof RegistrationFormValues, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={name} label={label} error={e[name]}>
      <input
        id={name}
        name={name}
        value={String(v[name] ?? '')}
        aria-invalid={e[name] ? 'true' : undefined}
        aria-describedby={e[name] ? `${name}-error` : undefined}
        {...extra}
      />
    </Field>
  );
  // Countries are comboboxes over their common names (one shared list, public/combobox.js completes a part
  // typed, the desk's common nationalities first); the server maps the name back to its code and refuses a text that names no country, by the field.
  const countryLabel = (x: string) => countryOpts(true).find((o) => o.value === x)?.label ?? x;
  const country = (id: string, name: string, label: string, value: string, error?: string) => (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        name={name}
        list="country-options"
        autocomplete="off"
        maxlength={100}
        data-combobox
        value={value ? countryLabel(value) : ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </Field>
  );
  const select = (name: keyof RegistrationFormValues, label: string, options: Option[], empty?: string) => (
    <Field id={name} label={label} error={e[name]}>
      <Select id={name} name={name} value={String(v[name] ?? '')} options={options} empty={empty} error={e[name]} />
    </Field>
  );
  return (
    <section>
      <h1>{t('reg.new.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {Object.values(e).some(Boolean) && <Flash kind="error">{t('form.errors')}</Flash>}
      {props.contact && (
        <p class="reg-from">
          <a href={`/contacts/${props.contact.id}`}>{t('reg.fromContact', { ref: props.contact.reference ?? '' })}</a>
          {props.contact.topics.length > 0 && (
            <span>
              {' '}
              — {t('reg.contactTopics')}: {props.contact.topics.join(', ')}
            </span>
          )}
        </p>
      )}
      <form method="post" action="/registrations" class="registration-form" novalidate>
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="contact" value={v.contact} />
        <input type="hidden" name="formToken" value={v.formToken} />
        {e.formToken && <p class="error">{e.formToken}</p>}
        {props.duplicates && props.duplicates.length > 0 && (
          <p class="flash flash-error duplicate-notice" role="alert">
            {t('reg.duplicate.title', { refs: props.duplicates.map((d) => d.reference).join(', ') })}{' '}
            <a href="#duplicate-choice">{t('reg.duplicate.choose')}</a>
          </p>
        )}
        <fieldset>
          <legend>{t('reg.section.report')}</legend>
          <div class="grid">
            {text('reportedOn', t('reg.field.reportedOn'), { type: 'date' })}
            {select('dossierType', t('reg.field.dossierType'), opts(DOSSIER_TYPES, 'dossier'))}
            <Field id="reporterType" label={t('reg.field.reporterType')} error={e.reporterType}>
              <Select
                id="reporterType"
                name="reporterType"
                value={v.reporterType}
                options={opts(REPORTER_TYPES, 'reporter')}
                error={e.reporterType}
                autofocus
              />
            </Field>
            {text('reporterOrg', t('reg.field.reporterOrg'), { maxlength: 200 })}
            {select('region', t('reg.field.region'), opts(REGIONS, 'region'))}
            {select('careRegion', t('reg.field.careRegion'), props.regions, '—')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('reg.section.consent')}</legend>
          <p class="hint" id="consent-hint">
            {t('reg.consent.hint')}
          </p>
          <div class="grid">
            {select('consentRegistration', t('reg.field.consentRegistration'), yesNo, t('reg.notAsked'))}
            {text('consentRegistrationOn', t('reg.field.consentRegistrationOn'), { type: 'date' })}
            {text('consentRegistrationBy', t('reg.field.consentRegistrationBy'), { maxlength: 120 })}
            {select('consentCare', t('reg.field.consentCare'), yesNo, t('reg.notAsked'))}
            {text('consentCareOn', t('reg.field.consentCareOn'), { type: 'date' })}
            {text('consentCareBy', t('reg.field.consentCareBy'), { maxlength: 120 })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('reg.section.person')}</legend>
          <div class="grid">
            {select('gender', t('reg.field.gender'), opts(GENDERS, 'gender'))}
            {text('birthYear', t('reg.field.birthYear'), { inputmode: 'numeric', maxlength: 4 })}
            {text('age', t('reg.field.age'), { inputmode: 'numeric', maxlength: 3 })}
            {country('nationality', 'nationality', t('reg.field.nationality'), v.nationality[0] ?? '', e.nationality)}
            {country('nationality2', 'nationality', t('reg.field.nationality2'), v.nationality[1] ?? '')}
            {country(
              'countryOfOrigin',
              'countryOfOrigin',
              t('reg.field.countryOfOrigin'),
              v.countryOfOrigin,
              e.countryOfOrigin,
            )}
            <datalist id="country-options">
              {countryOpts(true).map((o) => (
                <option value={o.label} data-common={o.common ? '' : undefined} />
              ))}
            </datalist>
            {select('minorAtExploitation', t('reg.field.minorAtExploitation'), opts(YES_NO_UNKNOWN, 'reg.ynu'))}
          </div>
          <p class="hint">{t('reg.age.hint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('reg.section.exploitation')}</legend>
          <fieldset class="checks" aria-describedby={e.exploitation ? 'exploitation-error' : undefined}>
            <legend>{t('reg.field.exploitation')}</legend>
            {EXPLOITATION_FORMS.map((f) => (
              <label class="choice">
                <input type="checkbox" name="exploitation" value={f} checked={v.exploitation.includes(f)} />{' '}
                {t(`exploitation.${f}`)}
              </label>
            ))}
            {e.exploitation && (
              <small id="exploitation-error" class="error">
                {e.exploitation}
              </small>
            )}
          </fieldset>
          <div class="grid">
            {select(
              'primaryExploitation',
              t('reg.field.primaryExploitation'),
              opts(EXPLOITATION_FORMS, 'exploitation'),
              t('reg.primaryExploitation.none'),
            )}
            {select('sector', t('reg.field.sector'), opts(SECTORS, 'sector'), '—')}
            {country(
              'exploitationCountry',
              'exploitationCountry',
              t('reg.field.exploitationCountry'),
              v.exploitationCountry[0] ?? '',
              e.exploitationCountry,
            )}
            {select('sub3Case', t('reg.field.sub3Case'), yesNo, '—')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('reg.section.care')}</legend>
          <div class="grid">
            {select('shelterRequested', t('reg.field.shelterRequested'), yesNo, '—')}
            {select('careRequested', t('reg.field.careRequested'), yesNo, '—')}
            {select('placement', t('reg.field.placement'), opts(PLACEMENTS, 'placement'), '—')}
            {text('shelterEnds', t('reg.field.shelterEnds'), { type: 'date' })}
          </div>
          <fieldset class="checks" aria-describedby={e.careNeed ? 'careNeed-error' : 'careNeed-hint'}>
            <legend>{t('reg.field.careNeed')}</legend>
            <small id="careNeed-hint" class="hint">
              {t('reg.careNeed.hint')}
            </small>
            {CARE_NEEDS.map((n) => (
              <label class="choice">
                <input type="checkbox" name="careNeed" value={n} checked={v.careNeed.includes(n)} />{' '}
                {t(`careNeed.${n}`)}
              </label>
            ))}
            {e.careNeed && (
              <small id="careNeed-error" class="error">
                {e.careNeed}
              </small>
            )}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t('reg.section.legal')}</legend>
          <p class="hint" id="reflection-hint">
            {t('reg.reflection.hint')}
          </p>
          <div class="grid">
            {select('residenceStatus', t('reg.field.residenceStatus'), opts(RESIDENCE_STATUSES, 'residence'))}
            {select('reflectionOffered', t('reg.field.reflectionOffered'), opts(YES_NO_UNKNOWN, 'reg.ynu'))}
            {select(
              'reflectionOfferedBy',
              t('reg.field.reflectionOfferedBy'),
              opts(REFLECTION_OFFERED_BY, 'reg.offeredBy'),
              '—',
            )}
            {text('reflectionStart', t('reg.field.reflectionStart'), { type: 'date' })}
            {select(
              'reflectionDays',
              t('reg.field.reflectionDays'),
              [
                { value: '90', label: t('reg.days.90') },
                { value: '30', label: t('reg.days.30') },
              ],
              t('reg.days.byRule'),
            )}
            <Field
              id="reflectionOverrideReason"
              label={t('reg.field.reflectionOverrideReason')}
              error={e.reflectionOverrideReason}
              hint={t('reg.reflection.reasonHint')}
            >
              <input
                id="reflectionOverrideReason"
                name="reflectionOverrideReason"
                value={v.reflectionOverrideReason}
                maxlength={500}
                aria-invalid={e.reflectionOverrideReason ? 'true' : undefined}
                aria-describedby={
                  e.reflectionOverrideReason
                    ? 'reflectionOverrideReason-error reflectionOverrideReason-hint'
                    : 'reflectionOverrideReason-hint'
                }
              />
            </Field>
            <EuConfirm
              t={t}
              checked={v.reflectionEuConfirmed === 'yes'}
              error={e.reflectionEuConfirmed}
              id="reflectionEuConfirmed"
            />
            {text('permitExpires', t('reg.field.permitExpires'), { type: 'date' })}
            {select('complaint', t('reg.field.complaint'), opts(COMPLAINT, 'complaint'))}
            {text('complaintOn', t('reg.field.complaintOn'), { type: 'date' })}
            {select('otherCooperation', t('reg.field.otherCooperation'), opts(YES_NO_UNKNOWN, 'reg.ynu'))}
          </div>
        </fieldset>
        <Field id="notes" label={t('reg.field.notes')} error={e.notes} hint={t('reg.notes.warning')}>
          <textarea
            id="notes"
            name="notes"
            rows={3}
            maxlength={2000}
            aria-invalid={e.notes ? 'true' : undefined}
            aria-describedby={e.notes ? 'notes-error notes-hint' : 'notes-hint'}
          >
            {v.notes}
          </textarea>
        </Field>
        <fieldset>
          <legend>{t('reg.section.identifiers')}</legend>
          <p class="hint">{t('reg.identifiers.hint')}</p>
          <div class="grid">
            {text('name', t('reg.field.name'), { maxlength: 200, autocomplete: 'off' })}
            {text('dateOfBirth', t('reg.field.dateOfBirth'), { type: 'date', autocomplete: 'off' })}
            {text('phone', t('reg.field.phone'), { type: 'tel', autocomplete: 'off' })}
            {text('email', t('reg.field.email'), { type: 'email', autocomplete: 'off' })}
            {text('vNumber', t('reg.field.vNumber'), { autocomplete: 'off' })}
          </div>
        </fieldset>
        <p class="actions">
          <button type="submit">{t('reg.save')}</button>{' '}
          <button type="submit" name="another" value="1">
            {t('reg.saveAnother')}
          </button>
        </p>
        {props.duplicates && props.duplicates.length > 0 && (
          <fieldset class="duplicate-warning" id="duplicate-choice">
            <legend>{t('reg.duplicate.title', { refs: props.duplicates.map((d) => d.reference).join(', ') })}</legend>
            {props.another && <input type="hidden" name="another" value="1" />}
            {props.duplicates.map((d) => (
              <p>
                <button type="submit" name="duplicate" value={`link:${d.id}`}>
                  {t('reg.duplicate.link', { ref: d.reference })}
                </button>
              </p>
            ))}
            <p>
              <button type="submit" name="duplicate" value="new">
                {t('reg.duplicate.new')}
              </button>
            </p>
          </fieldset>
        )}
      </form>
    </section>
  );
}
