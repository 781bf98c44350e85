import type { Translate } from '../i18n/i18n.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { isCountryCode } from './countries.js';
import { missingConsents } from './consent-rule.js';
import {
  COMPLAINT,
  DOSSIER_TYPES,
  EXPLOITATION_FORMS,
  GENDERS,
  PLACEMENTS,
  REGIONS,
  REPORTER_TYPES,
  RESIDENCE_STATUSES,
  SECTORS,
} from './registrations.table.js';

type Body = Record<string, string | File | (string | File)[]>;
const one = (b: Body, k: string) => {
  const v = b[k];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
};
const many = (b: Body, k: string) =>
  [b[k]]
    .flat()
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter(Boolean);

export const NOTES_MAX = 2000;

/** What the agent typed, kept as text so a refused form comes back exactly as it was sent. */
export interface RegistrationFormValues {
  contact: string;
  formToken: string;
  reportedOn: string;
  dossierType: string;
  reporterType: string;
  reporterOrg: string;
  region: string;
  careRegion: string;
  consentRegistration: string;
  consentRegistrationOn: string;
  consentRegistrationBy: string;
  consentCare: string;
  consentCareOn: string;
  consentCareBy: string;
  gender: string;
  birthYear: string;
  age: string;
  nationality: string[];
  countryOfOrigin: string;
  exploitation: string[];
  primaryExploitation: string;
  sector: string;
  exploitationCountry: string[];
  shelterRequested: string;
  careRequested: string;
  placement: string;
  reflectionStart: string;
  reflectionDays: string;
  permitExpires: string;
  shelterEnds: string;
  complaint: string;
  residenceStatus: string;
  notes: string;
  name: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  vNumber: string;
  /** The agent's answer to a duplicate warning: `new` (a different person) or `link:<id>` (the same person). */
  duplicate: string;
}

export function emptyRegistrationForm(): RegistrationFormValues {
  return {
    contact: '',
    formToken: '',
    reportedOn: '',
    dossierType: 'registration',
    reporterType: 'unknown',
    reporterOrg: '',
    region: 'unknown',
    careRegion: '',
    consentRegistration: '',
    consentRegistrationOn: '',
    consentRegistrationBy: '',
    consentCare: '',
    consentCareOn: '',
    consentCareBy: '',
    gender: 'unknown',
    birthYear: '',
    age: '',
    nationality: [],
    countryOfOrigin: '',
    exploitation: [],
    primaryExploitation: '',
    sector: '',
    exploitationCountry: [],
    shelterRequested: '',
    careRequested: '',
    placement: '',
    reflectionStart: '',
    reflectionDays: '90',
    permitExpires: '',
    shelterEnds: '',
    complaint: 'unknown',
    residenceStatus: 'unknown',
    notes: '',
    name: '',
    dateOfBirth: '',
    phone: '',
    email: '',
    vNumber: '',
    duplicate: '',
  };
}

export function readRegistrationForm(b: Body): RegistrationFormValues {
  const e = emptyRegistrationForm();
  const v = { ...e } as Record<string, string | string[]>;
  for (const k of Object.keys(e) as (keyof RegistrationFormValues)[]) {
    if (Array.isArray(e[k])) v[k] = many(b, k).map((x) => x.toUpperCase());
    else if (b[k] !== undefined) v[k] = one(b, k);
  }
  // exploitation codes are lower case
  v.exploitation = many(b, 'exploitation');
  return v as unknown as RegistrationFormValues;
}

/** A registration as the service stores it (identifiers still in clear: the service encrypts them). */
export interface NewRegistration {
  contactId: number | null;
  formToken: string;
  reportedOn: string;
  dossierType: string;
  reporterType: string;
  reporterOrg: string | null;
  region: string;
  careRegionId: number | null;
  consentRegistration: boolean | null;
  consentRegistrationOn: string | null;
  consentRegistrationBy: string | null;
  consentCare: boolean | null;
  consentCareOn: string | null;
  consentCareBy: string | null;
  gender: string;
  birthYear: number | null;
  age: number | null;
  nationalities: string[];
  countryOfOrigin: string | null;
  exploitation: string[];
  /** the form marked primary (one of `exploitation`); absent or null when none is marked */
  primaryExploitation?: string | null;
  sector: string | null;
  exploitationCountries: string[];
  shelterRequested: boolean;
  careRequested: boolean;
  placement: string | null;
  reflectionStart: string | null;
  reflectionDays: number | null;
  permitExpires: string | null;
  shelterEnds: string | null;
  complaint: string;
  residenceStatus: string;
  notes: string;
  name: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  vNumber: string | null;
  duplicate: { link: number } | 'new' | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const yesNo = (s: string) => (s === 'yes' ? true : s === 'no' ? false : null);

/**
 * Checks every field against its codes and bounds (SPEC section 10, domain.md §1.2) and the consent rule (§1.1).
 * `today` is the desk's date (YYYY-MM-DD); `careRegionIds` the regions an admin keeps.
 */
export function parseRegistrationForm(
  b: Body,
  t: Translate,
  today: string,
  careRegionIds: number[],
):
  | { ok: true; input: NewRegistration; values: RegistrationFormValues }
  | { ok: false; values: RegistrationFormValues; errors: Record<string, string> } {
  const v = readRegistrationForm(b);
  const errors: Record<string, string> = {};
  const thisYear = Number(today.slice(0, 4));
  const inList = (list: readonly string[], field: keyof RegistrationFormValues, value: string) => {
    if (!list.includes(value)) errors[field] = t('reg.error.code');
  };
  if (v.contact && !/^\d{1,12}$/.test(v.contact)) errors.contact = t('reg.error.contact');
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(v.formToken)) errors.formToken = t('reg.error.token');
  const reportedOn = v.reportedOn || today;
  if (!validDate(reportedOn) || reportedOn > today) errors.reportedOn = t('reg.error.date');
  inList(DOSSIER_TYPES, 'dossierType', v.dossierType || 'registration');
  inList(REPORTER_TYPES, 'reporterType', v.reporterType || 'unknown');
  inList(REGIONS, 'region', v.region || 'unknown');
  inList(GENDERS, 'gender', v.gender || 'unknown');
  inList(COMPLAINT, 'complaint', v.complaint || 'unknown');
  inList(RESIDENCE_STATUSES, 'residenceStatus', v.residenceStatus || 'unknown');
  if (v.placement) inList(PLACEMENTS, 'placement', v.placement);
  if (v.sector) inList(SECTORS, 'sector', v.sector);
  if (v.reporterOrg.length > 200) errors.reporterOrg = t('field.tooLong', { max: 200 });
  let careRegionId: number | null = null;
  if (v.careRegion) {
    if (/^\d{1,12}$/.test(v.careRegion) && careRegionIds.includes(Number(v.careRegion)))
      careRegionId = Number(v.careRegion);
    else errors.careRegion = t('reg.error.code');
  }
  for (const k of ['consentRegistration', 'consentCare', 'shelterRequested', 'careRequested'] as const)
    if (v[k] && v[k] !== 'yes' && v[k] !== 'no') errors[k] = t('reg.error.code');
  for (const k of ['consentRegistrationOn', 'consentCareOn'] as const)
    if (v[k] && (!validDate(v[k]) || v[k] > today)) errors[k] = t('reg.error.date');
  for (const k of ['consentRegistrationBy', 'consentCareBy'] as const)
    if (v[k].length > 120) errors[k] = t('field.tooLong', { max: 120 });

  let birthYear: number | null = null;
  if (v.birthYear) {
    const y = /^\d{4}$/.test(v.birthYear) ? Number(v.birthYear) : Number.NaN;
    if (!(y >= 1900 && y <= thisYear)) errors.birthYear = t('reg.error.birthYear', { year: thisYear });
    else birthYear = y;
  }
  let age: number | null = null;
  if (v.age) {
    const a = /^\d{1,3}$/.test(v.age) ? Number(v.age) : Number.NaN;
    if (!(a >= 0 && a <= 120)) errors.age = t('reg.error.age');
    else age = a;
  }
  const nationalities = [...new Set(v.nationality)];
  if (nationalities.some((c) => !isCountryCode(c, true))) errors.nationality = t('reg.error.country');
  if (nationalities.length > 5) errors.nationality = t('reg.error.tooMany', { max: 5 });
  if (v.countryOfOrigin && !isCountryCode(v.countryOfOrigin.toUpperCase(), true))
    errors.countryOfOrigin = t('reg.error.country');
  const countries = [...new Set(v.exploitationCountry)];
  if (countries.some((c) => !isCountryCode(c, true))) errors.exploitationCountry = t('reg.error.country');
  if (countries.length > 10) errors.exploitationCountry = t('reg.error.tooMany', { max: 10 });
  const exploitation = [...new Set(v.exploitation)];
  if (exploitation.some((f) => !(EXPLOITATION_FORMS as readonly string[]).includes(f)))
    errors.exploitation = t('reg.error.exploitation');
  if (v.primaryExploitation && !exploitation.includes(v.primaryExploitation))
    errors.primaryExploitation = t('reg.error.primaryExploitation');

  if (v.reflectionStart && !validDate(v.reflectionStart)) errors.reflectionStart = t('reg.error.dateFormat');
  if (v.reflectionDays && v.reflectionDays !== '90' && v.reflectionDays !== '30')
    errors.reflectionDays = t('reg.error.reflectionDays');
  for (const k of ['permitExpires', 'shelterEnds', 'dateOfBirth'] as const)
    if (v[k] && !validDate(v[k])) errors[k] = t('reg.error.dateFormat');
  if (v.notes.length > NOTES_MAX) errors.notes = t('field.tooLong', { max: NOTES_MAX });
  if (v.name.length > 200) errors.name = t('field.tooLong', { max: 200 });
  const phone = v.phone ? normalisePhone(v.phone) : null;
  if (v.phone && !phone) errors.phone = t('reg.error.phone');
  const email = v.email ? normaliseEmail(v.email) : null;
  if (v.email && !email) errors.email = t('reg.error.email');
  if (v.vNumber && !/^\d{6,12}$/.test(v.vNumber.replace(/[\s.-]/g, ''))) errors.vNumber = t('reg.error.vNumber');
  let duplicate: NewRegistration['duplicate'] = null;
  if (v.duplicate === 'new') duplicate = 'new';
  else if (/^link:\d{1,12}$/.test(v.duplicate)) duplicate = { link: Number(v.duplicate.slice(5)) };
  else if (v.duplicate) errors.duplicate = t('reg.error.code');

  const shelterRequested = v.shelterRequested === 'yes' || v.dossierType === 'registration_shelter';
  const careRequested = v.careRequested === 'yes';
  if (!errors.reporterType)
    for (const m of missingConsents({
      reporterType: v.reporterType || 'unknown',
      consentRegistration: (v.consentRegistration as 'yes' | 'no' | '') ?? '',
      consentCare: (v.consentCare as 'yes' | 'no' | '') ?? '',
      asksCare: shelterRequested || careRequested,
    }))
      if (m === 'registration') errors.consentRegistration = t('reg.error.consentRegistration');
      else errors.consentCare = t('reg.error.consentCare');

  if (Object.keys(errors).length) return { ok: false, values: v, errors };
  return {
    ok: true,
    values: v,
    input: {
      contactId: v.contact ? Number(v.contact) : null,
      formToken: v.formToken,
      reportedOn,
      dossierType: v.dossierType || 'registration',
      reporterType: v.reporterType || 'unknown',
      reporterOrg: v.reporterOrg || null,
      region: v.region || 'unknown',
      careRegionId,
      consentRegistration: yesNo(v.consentRegistration),
      consentRegistrationOn: v.consentRegistrationOn || (v.consentRegistration ? reportedOn : null),
      consentRegistrationBy: v.consentRegistrationBy || null,
      consentCare: yesNo(v.consentCare),
      consentCareOn: v.consentCareOn || (v.consentCare ? reportedOn : null),
      consentCareBy: v.consentCareBy || null,
      gender: v.gender || 'unknown',
      birthYear,
      age,
      nationalities,
      countryOfOrigin: v.countryOfOrigin ? v.countryOfOrigin.toUpperCase() : null,
      exploitation,
      primaryExploitation: v.primaryExploitation || null,
      sector: v.sector || null,
      exploitationCountries: countries,
      shelterRequested,
      careRequested,
      placement: v.placement || null,
      reflectionStart: v.reflectionStart || null,
      reflectionDays: v.reflectionStart ? Number(v.reflectionDays || '90') : null,
      permitExpires: v.permitExpires || null,
      shelterEnds: v.shelterEnds || null,
      complaint: v.complaint || 'unknown',
      residenceStatus: v.residenceStatus || 'unknown',
      notes: v.notes,
      name: v.name || null,
      dateOfBirth: v.dateOfBirth || null,
      phone,
      email,
      vNumber: v.vNumber ? v.vNumber.replace(/[\s.-]/g, '') : null,
      duplicate,
    },
  };
}

/** What can change on a registration after it is saved: placement, the person's deadlines, complaint, residence. */
export interface RegistrationUpdate {
  placement: string | null;
  shelterEnds: string | null;
  permitExpires: string | null;
  reflectionStart: string | null;
  reflectionDays: number | null;
  complaint: string;
  residenceStatus: string;
}
export type RegistrationUpdateValues = Record<keyof RegistrationUpdate, string>;

export function parseRegistrationUpdate(
  b: Body,
  t: Translate,
):
  | { ok: true; input: RegistrationUpdate; values: RegistrationUpdateValues }
  | { ok: false; values: RegistrationUpdateValues; errors: Record<string, string> } {
  const values: RegistrationUpdateValues = {
    placement: one(b, 'placement'),
    shelterEnds: one(b, 'shelterEnds'),
    permitExpires: one(b, 'permitExpires'),
    reflectionStart: one(b, 'reflectionStart'),
    reflectionDays: one(b, 'reflectionDays') || '90',
    complaint: one(b, 'complaint') || 'unknown',
    residenceStatus: one(b, 'residenceStatus') || 'unknown',
  };
  const errors: Record<string, string> = {};
  if (values.placement && !(PLACEMENTS as readonly string[]).includes(values.placement))
    errors.placement = t('reg.error.code');
  if (!(COMPLAINT as readonly string[]).includes(values.complaint)) errors.complaint = t('reg.error.code');
  if (!(RESIDENCE_STATUSES as readonly string[]).includes(values.residenceStatus))
    errors.residenceStatus = t('reg.error.code');
  for (const k of ['shelterEnds', 'permitExpires', 'reflectionStart'] as const)
    if (values[k] && !validDate(values[k])) errors[k] = t('reg.error.dateFormat');
  if (values.reflectionDays !== '90' && values.reflectionDays !== '30')
    errors.reflectionDays = t('reg.error.reflectionDays');
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    input: {
      placement: values.placement || null,
      shelterEnds: values.shelterEnds || null,
      permitExpires: values.permitExpires || null,
      reflectionStart: values.reflectionStart || null,
      reflectionDays: values.reflectionStart ? Number(values.reflectionDays) : null,
      complaint: values.complaint,
      residenceStatus: values.residenceStatus,
    },
  };
}
