import type { MessageKey, Translate } from '../i18n/i18n.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { ageAtRegistration, ageBand, minorAtExploitation } from './age-band.js';
import { isCountryCode } from './countries.js';
import { countryFromInput } from './country-input.js';
import { missingConsents } from './consent-rule.js';
import { decideReflection, type ReflectionProblem } from './reflection-rule.js';
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

const NOTES_MAX = 2000;

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
  // domain.md §1.2's dictionary items added in issue 24
  minorAtExploitation: string;
  sub3Case: string;
  careNeed: string[];
  reflectionOffered: string;
  reflectionOfferedBy: string;
  reflectionOverrideReason: string;
  reflectionEuConfirmed: string;
  complaintOn: string;
  otherCooperation: string;
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
    reflectionDays: '',
    permitExpires: '',
    shelterEnds: '',
    complaint: 'unknown',
    residenceStatus: 'unknown',
    notes: '',
    minorAtExploitation: 'unknown',
    sub3Case: '',
    careNeed: [],
    reflectionOffered: 'unknown',
    reflectionOfferedBy: '',
    reflectionOverrideReason: '',
    reflectionEuConfirmed: '',
    complaintOn: '',
    otherCooperation: 'unknown',
    name: '',
    dateOfBirth: '',
    phone: '',
    email: '',
    vNumber: '',
    duplicate: '',
  };
}

function readRegistrationForm(b: Body): RegistrationFormValues {
  const e = emptyRegistrationForm();
  const v = { ...e } as Record<string, string | string[]>;
  for (const k of Object.keys(e) as (keyof RegistrationFormValues)[]) {
    if (Array.isArray(e[k])) v[k] = many(b, k).map((x) => x.toUpperCase());
    else if (b[k] !== undefined) v[k] = one(b, k);
  }
  // Countries come from comboboxes: a name in either language becomes its code (an unknown text stays as typed).
  v.nationality = many(b, 'nationality').map(countryFromInput);
  v.exploitationCountry = many(b, 'exploitationCountry').map(countryFromInput);
  if (typeof v.countryOfOrigin === 'string' && v.countryOfOrigin)
    v.countryOfOrigin = countryFromInput(v.countryOfOrigin);
  // exploitation and care-need codes are lower case
  v.exploitation = many(b, 'exploitation');
  v.careNeed = many(b, 'careNeed');
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
  // Issue 24's items, optional for callers that build a registration directly (demo data, tests): absent = unknown.
  minorAtExploitation?: string;
  sub3Case?: boolean;
  careNeeds?: string[];
  reflectionOffered?: string;
  reflectionOfferedBy?: string | null;
  reflectionOverrideReason?: string | null;
  /** The agent confirmed that B8/3 applies as a fallback to an EU/EEA/Swiss national (audited). */
  reflectionEuFallback?: boolean;
  complaintOn?: string | null;
  otherCooperation?: string;
  name: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  vNumber: string | null;
  duplicate: { link: number } | 'new' | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date as YYYY-MM-DD (30 February is not: Date.parse would roll it over to March). */
export const validDate = (s: string) => {
  if (!DATE.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
};
const yesNo = (s: string) => (s === 'yes' ? true : s === 'no' ? false : null);
const days = (s: string): 30 | 90 | null => (s === '30' ? 30 : s === '90' ? 90 : null);

/** The form field each reflection-period problem belongs to, and its message key. */
const REFLECTION_ERRORS: Record<ReflectionProblem, [string, MessageKey]> = {
  dublinNeedsReason: ['reflectionDays', 'reg.error.dublinDays'],
  thirtyNotDublin: ['reflectionDays', 'reg.error.thirtyNotDublin'],
  dutchNational: ['reflectionStart', 'reg.error.reflectionDutch'],
  euNational: ['reflectionEuConfirmed', 'reg.error.reflectionEu'],
  notOffered: ['reflectionOffered', 'reg.error.reflectionNotOffered'],
  reasonTooLong: ['reflectionOverrideReason', 'reg.error.reasonTooLong'],
};

/** The reflection rule's problems as field errors in the user's language. */
export function reflectionErrors(problems: ReflectionProblem[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const [field, key] = REFLECTION_ERRORS[p];
    out[field] ??= t(key, { max: 500 });
  }
  return out;
}

/**
 * Checks every field against its codes and bounds (docs/contract.md, domain.md §1.2) and the consent rule (§1.1).
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
  if (!errors.dateOfBirth && v.dateOfBirth) {
    if (v.dateOfBirth > today || v.dateOfBirth > reportedOn || v.dateOfBirth < '1900-01-01')
      errors.dateOfBirth = t('reg.error.dateOfBirth');
    else if (birthYear !== null && Number(v.dateOfBirth.slice(0, 4)) !== birthYear)
      errors.birthYear = t('reg.error.birthYearMismatch');
  }
  if (v.complaintOn && (!validDate(v.complaintOn) || v.complaintOn > today)) errors.complaintOn = t('reg.error.date');
  for (const k of ['minorAtExploitation', 'reflectionOffered', 'otherCooperation'] as const)
    if (v[k]) inList(YES_NO_UNKNOWN, k, v[k]);
  if (v.reflectionOfferedBy) inList(REFLECTION_OFFERED_BY, 'reflectionOfferedBy', v.reflectionOfferedBy);
  if (v.sub3Case && v.sub3Case !== 'yes' && v.sub3Case !== 'no') errors.sub3Case = t('reg.error.code');
  if (v.reflectionEuConfirmed && v.reflectionEuConfirmed !== 'yes') errors.reflectionEuConfirmed = t('reg.error.code');
  const careNeeds = [...new Set(v.careNeed)];
  if (careNeeds.some((n) => !(CARE_NEEDS as readonly string[]).includes(n))) errors.careNeed = t('reg.error.code');
  if (age !== null && birthYear !== null && Math.abs(Number(reportedOn.slice(0, 4)) - birthYear - age) > 1)
    errors.age = t('reg.error.ageMismatch');
  const minorThen = minorAtExploitation(
    (YES_NO_UNKNOWN as readonly string[]).includes(v.minorAtExploitation)
      ? (v.minorAtExploitation as 'yes' | 'no' | 'unknown')
      : 'unknown',
    ageBand(ageAtRegistration({ reportedOn, dateOfBirth: v.dateOfBirth || null, age, birthYear }).age).minor,
  );
  if (minorThen.contradiction && !errors.dateOfBirth) errors.minorAtExploitation = t('reg.error.minorThen');
  const reflection = decideReflection({
    start: v.reflectionStart || null,
    days: days(v.reflectionDays),
    residenceStatus: v.residenceStatus || 'unknown',
    nationalities,
    overrideReason: v.reflectionOverrideReason,
    euConfirmed: v.reflectionEuConfirmed === 'yes',
    offered: (v.reflectionOffered || 'unknown') as 'yes' | 'no' | 'unknown',
  });
  for (const [k, msg] of Object.entries(reflectionErrors(reflection.problems, t))) errors[k] ??= msg;
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
      reflectionDays: reflection.days,
      permitExpires: v.permitExpires || null,
      shelterEnds: v.shelterEnds || null,
      complaint: v.complaint || 'unknown',
      residenceStatus: v.residenceStatus || 'unknown',
      notes: v.notes,
      minorAtExploitation: minorThen.value,
      sub3Case: v.sub3Case === 'yes',
      careNeeds,
      reflectionOffered: reflection.offered,
      reflectionOfferedBy: v.reflectionOfferedBy || null,
      reflectionOverrideReason: reflection.overrideReason,
      reflectionEuFallback: reflection.euFallback,
      complaintOn: v.complaintOn || null,
      otherCooperation: v.otherCooperation || 'unknown',
      name: v.name || null,
      dateOfBirth: v.dateOfBirth || null,
      phone,
      email,
      vNumber: v.vNumber ? v.vNumber.replace(/[\s.-]/g, '') : null,
      duplicate,
    },
  };
}

/**
 * What can change on a registration after it is saved: the dossier type (kept with its history), placement, the
 * person's deadlines, the reflection period's facts, complaint and residence. The reflection rule needs the stored
 * nationalities, so the service decides it (decideReflection) and answers its problems.
 */
export interface RegistrationUpdate {
  dossierType: string;
  placement: string | null;
  shelterEnds: string | null;
  permitExpires: string | null;
  reflectionStart: string | null;
  /** The chosen length, or null to let the rule decide (30 for a Dublin claimant, else 90). */
  reflectionDays: 30 | 90 | null;
  reflectionOffered: 'yes' | 'no' | 'unknown';
  reflectionOfferedBy: string | null;
  reflectionOverrideReason: string;
  reflectionEuConfirmed: boolean;
  complaint: string;
  complaintOn: string | null;
  otherCooperation: string;
  residenceStatus: string;
}
const UPDATE_FIELDS = [
  'dossierType',
  'placement',
  'shelterEnds',
  'permitExpires',
  'reflectionStart',
  'reflectionDays',
  'reflectionOffered',
  'reflectionOfferedBy',
  'reflectionOverrideReason',
  'reflectionEuConfirmed',
  'complaint',
  'complaintOn',
  'otherCooperation',
  'residenceStatus',
] as const;
export type RegistrationUpdateValues = Record<(typeof UPDATE_FIELDS)[number], string>;

export function parseRegistrationUpdate(
  b: Body,
  t: Translate,
  today: string,
):
  | { ok: true; input: RegistrationUpdate; values: RegistrationUpdateValues }
  | { ok: false; values: RegistrationUpdateValues; errors: Record<string, string> } {
  const values = Object.fromEntries(UPDATE_FIELDS.map((k) => [k, one(b, k)])) as RegistrationUpdateValues;
  values.dossierType ||= 'registration';
  values.complaint ||= 'unknown';
  values.residenceStatus ||= 'unknown';
  values.reflectionOffered ||= 'unknown';
  values.otherCooperation ||= 'unknown';
  const errors: Record<string, string> = {};
  const inList = (list: readonly string[], k: keyof RegistrationUpdateValues) => {
    if (!list.includes(values[k])) errors[k] = t('reg.error.code');
  };
  inList(DOSSIER_TYPES, 'dossierType');
  if (values.placement) inList(PLACEMENTS, 'placement');
  inList(COMPLAINT, 'complaint');
  inList(RESIDENCE_STATUSES, 'residenceStatus');
  inList(YES_NO_UNKNOWN, 'reflectionOffered');
  inList(YES_NO_UNKNOWN, 'otherCooperation');
  if (values.reflectionOfferedBy) inList(REFLECTION_OFFERED_BY, 'reflectionOfferedBy');
  for (const k of ['shelterEnds', 'permitExpires', 'reflectionStart'] as const)
    if (values[k] && !validDate(values[k])) errors[k] = t('reg.error.dateFormat');
  if (values.complaintOn && (!validDate(values.complaintOn) || values.complaintOn > today))
    errors.complaintOn = t('reg.error.date');
  if (values.reflectionDays && values.reflectionDays !== '90' && values.reflectionDays !== '30')
    errors.reflectionDays = t('reg.error.reflectionDays');
  if (values.reflectionEuConfirmed && values.reflectionEuConfirmed !== 'yes')
    errors.reflectionEuConfirmed = t('reg.error.code');
  if (values.reflectionOverrideReason.length > 500)
    errors.reflectionOverrideReason = t('reg.error.reasonTooLong', { max: 500 });
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    input: {
      dossierType: values.dossierType,
      placement: values.placement || null,
      shelterEnds: values.shelterEnds || null,
      permitExpires: values.permitExpires || null,
      reflectionStart: values.reflectionStart || null,
      reflectionDays: days(values.reflectionDays),
      reflectionOffered: values.reflectionOffered as 'yes' | 'no' | 'unknown',
      reflectionOfferedBy: values.reflectionOfferedBy || null,
      reflectionOverrideReason: values.reflectionOverrideReason,
      reflectionEuConfirmed: values.reflectionEuConfirmed === 'yes',
      complaint: values.complaint,
      complaintOn: values.complaintOn || null,
      otherCooperation: values.otherCooperation,
      residenceStatus: values.residenceStatus,
    },
  };
}
