import type { Translate } from '../i18n/i18n.js';
import { CARE_NEEDS, GENDERS } from '../registrations/registrations.table.js';
import { PLACE_KINDS, REFUSAL_REASONS, URGENCIES } from './cosm.table.js';
import { defaultEndOn } from './cosm-rules.js';

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
    .filter(Boolean)
    .slice(0, 50);
const isIn = (list: readonly string[], v: string) => list.includes(v);
const ID = /^\d{1,12}$/;
const COUNT = /^\d{1,4}$/;
/** A real calendar date, YYYY-MM-DD. */
export const isDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

type Parsed<V, I> = { ok: true; values: V; input: I } | { ok: false; values: V; errors: Record<string, string> };

export interface ShelterValues {
  name: string;
  region: string;
  kinds: string[];
  places: string;
  freePlaces: string;
  active: boolean;
}
export interface ShelterInput {
  name: string;
  region: string;
  kinds: string[];
  places: number;
  freePlaces: number;
  active: boolean;
}

/** The admin's shelter form: a name, a region, known kinds of places, and free places no more than places. */
export function parseShelter(b: Body, t: Translate): Parsed<ShelterValues, ShelterInput> {
  const values: ShelterValues = {
    name: one(b, 'name'),
    region: one(b, 'region'),
    kinds: many(b, 'kinds'),
    places: one(b, 'places'),
    freePlaces: one(b, 'freePlaces'),
    active: one(b, 'active') === 'yes',
  };
  const errors: Record<string, string> = {};
  if (!values.name) errors.name = t('field.required');
  else if (values.name.length > 120) errors.name = t('field.tooLong', { max: 120 });
  if (values.region.length > 120) errors.region = t('field.tooLong', { max: 120 });
  if (!values.kinds.every((k) => isIn(PLACE_KINDS, k))) errors.kinds = t('reg.error.code');
  const places = COUNT.test(values.places) ? Number(values.places) : Number.NaN;
  const free = COUNT.test(values.freePlaces) ? Number(values.freePlaces) : Number.NaN;
  if (!(places >= 0 && places <= 1000)) errors.places = t('cosm.error.number');
  if (!(free >= 0)) errors.freePlaces = t('cosm.error.number');
  else if (free > places) errors.freePlaces = t('cosm.error.freeOverPlaces');
  if (Object.keys(errors).length) return { ok: false, values, errors };
  const kinds = PLACE_KINDS.filter((k) => values.kinds.includes(k));
  return { ok: true, values, input: { ...values, kinds, places, freePlaces: free } };
}

export interface PlacementRequestValues {
  urgency: string;
  gender: string;
  minor: string;
  careNeeds: string[];
  interpreter: string;
  safetyRisk: string;
  shelter: string;
}
export interface PlacementRequestInput {
  urgency: string;
  gender: string;
  minor: boolean;
  careNeeds: string[];
  interpreter: string | null;
  safetyRisk: boolean;
  shelterId: number | null;
}

/**
 * A placement request: the person's needs in codes only. `interpreter` is a language (letters, spaces and hyphens,
 * at most 40), never a name; `shelter` optionally names the shelter asked for.
 */
export function parsePlacementRequest(b: Body, t: Translate): Parsed<PlacementRequestValues, PlacementRequestInput> {
  const values: PlacementRequestValues = {
    urgency: one(b, 'urgency') || 'normal',
    gender: one(b, 'gender') || 'unknown',
    minor: one(b, 'minor'),
    careNeeds: many(b, 'careNeeds'),
    interpreter: one(b, 'interpreter'),
    safetyRisk: one(b, 'safetyRisk'),
    shelter: one(b, 'shelter'),
  };
  const errors: Record<string, string> = {};
  if (!isIn(URGENCIES, values.urgency)) errors.urgency = t('reg.error.code');
  if (!isIn(GENDERS, values.gender)) errors.gender = t('reg.error.code');
  if (!['', 'yes', 'no'].includes(values.minor)) errors.minor = t('reg.error.code');
  if (!['', 'yes', 'no'].includes(values.safetyRisk)) errors.safetyRisk = t('reg.error.code');
  if (!values.careNeeds.every((n) => isIn(CARE_NEEDS, n))) errors.careNeeds = t('reg.error.code');
  if (values.interpreter.length > 40 || !/^[\p{L} -]*$/u.test(values.interpreter))
    errors.interpreter = t('cosm.error.language');
  if (values.shelter && !ID.test(values.shelter)) errors.shelter = t('reg.error.code');
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    input: {
      urgency: values.urgency,
      gender: values.gender,
      minor: values.minor === 'yes',
      careNeeds: CARE_NEEDS.filter((n) => values.careNeeds.includes(n)),
      interpreter: values.interpreter || null,
      safetyRisk: values.safetyRisk === 'yes',
      shelterId: values.shelter ? Number(values.shelter) : null,
    },
  };
}

export type AnswerInput = { accept: true; startOn: string; endOn: string } | { accept: false; reason: string };

/**
 * A shelter's answer: `answer=accept` with `startOn` (default today) and `endOn` (default three months later, after
 * the start, within two years), or `answer=decline` with a known `reason` (422 otherwise).
 */
export function parseAnswer(
  b: Body,
  t: Translate,
  today: string,
): { ok: true; input: AnswerInput } | { ok: false; errors: Record<string, string> } {
  const answer = one(b, 'answer');
  if (answer === 'decline') {
    const reason = one(b, 'reason');
    if (!isIn(REFUSAL_REASONS, reason)) return { ok: false, errors: { reason: t('cosm.error.reason') } };
    return { ok: true, input: { accept: false, reason } };
  }
  if (answer !== 'accept') return { ok: false, errors: { answer: t('reg.error.code') } };
  const startOn = one(b, 'startOn') || today;
  const endOn = one(b, 'endOn') || (isDate(startOn) ? defaultEndOn(startOn) : '');
  const errors: Record<string, string> = {};
  if (!isDate(startOn)) errors.startOn = t('cosm.error.date');
  if (!isDate(endOn)) errors.endOn = t('cosm.error.date');
  else if (isDate(startOn) && endOn <= startOn) errors.endOn = t('cosm.error.endBeforeStart');
  else if (isDate(startOn) && Date.parse(endOn) - Date.parse(startOn) > 731 * 86_400_000)
    errors.endOn = t('cosm.error.tooLong');
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { accept: true, startOn, endOn } };
}
