import { formVersion as parseFormVersion } from '../http/params.js';
import { DateTime } from 'luxon';
import type { Translate } from '../i18n/i18n.js';
import type { AnswerValues } from './answers.queries.js';
import { latestReviewDate } from './answer-text.js';
import { isTopic } from './topics.js';
import type { AnswerFormValues } from '../../views/routing/answers-page.js';

const MACRO_QUEUES: readonly string[] = ['general', 'legal', 'registration', 'care'];
const MACRO_STATUSES: readonly string[] = ['open', 'waiting', 'resolved'];

export const ANSWER_LIMITS = { title: 200, text: 10_000, sources: 2_000, owner: 100 } as const;

export type { AnswerFormValues };

const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/** Reads the answer form; errors by field in the user's language, the typed values always returned. */
export function parseAnswerForm(body: Record<string, unknown>, t: Translate) {
  const values: AnswerFormValues = {
    topic: str(body, 'topic'),
    language: str(body, 'language'),
    title: str(body, 'title'),
    text: str(body, 'text'),
    sources: str(body, 'sources'),
    owner: str(body, 'owner'),
    reviewDate: str(body, 'reviewDate').trim(),
    lawDate: str(body, 'lawDate').trim(),
    uncertain: str(body, 'uncertain') === 'yes' ? 'yes' : '',
    macroQueue: str(body, 'macroQueue'),
    macroStatus: str(body, 'macroStatus'),
  };
  const errors: Record<string, string> = {};
  if (!values.topic) errors.topic = t('field.required');
  else if (!isTopic(values.topic)) errors.topic = t('field.invalid');
  if (!values.language) errors.language = t('field.required');
  else if (values.language !== 'nl' && values.language !== 'en') errors.language = t('field.invalid');
  for (const k of ['title', 'text', 'sources', 'owner'] as const) {
    if ((k === 'title' || k === 'text') && !clean(values[k])) errors[k] = t('field.required');
    else if (clean(values[k]).length > ANSWER_LIMITS[k]) errors[k] = t('field.tooLong', { max: ANSWER_LIMITS[k] });
  }
  if (values.macroQueue && !MACRO_QUEUES.includes(values.macroQueue)) errors.macroQueue = t('field.invalid');
  if (values.macroStatus && !MACRO_STATUSES.includes(values.macroStatus)) errors.macroStatus = t('field.invalid');
  const isoDate = (s: string) => DateTime.fromFormat(s, 'yyyy-MM-dd', { zone: 'utc' }).isValid;
  if (!values.lawDate) errors.lawDate = t('field.required');
  else if (!isoDate(values.lawDate)) errors.lawDate = t('answers.date');
  if (!values.reviewDate) errors.reviewDate = t('field.required');
  else if (!isoDate(values.reviewDate)) errors.reviewDate = t('answers.date');
  else if (!errors.lawDate) {
    // Uncertain law is reviewed within 3 months of the state it describes, settled law within 12.
    const latest = latestReviewDate(values.lawDate, values.uncertain === 'yes');
    if (values.reviewDate > latest) errors.reviewDate = t('answers.reviewTooLate', { date: latest });
    else if (values.reviewDate <= values.lawDate) errors.reviewDate = t('answers.reviewBeforeLaw');
  }
  const ok = Object.keys(errors).length === 0;
  const answer: AnswerValues | null = ok
    ? {
        topic: values.topic,
        language: values.language as 'nl' | 'en',
        title: clean(values.title),
        body: clean(values.text),
        sources: clean(values.sources),
        owner: clean(values.owner),
        review_date: values.reviewDate,
        law_date: values.lawDate,
        uncertain: values.uncertain === 'yes' ? 1 : 0,
        macro_queue: values.macroQueue || null,
        macro_status: values.macroStatus || null,
      }
    : null;
  return { values, errors, ok, answer };
}

/**
 * The version an edit or approval was drawn from; -1 (which no answer has) when missing or malformed, so it
 * answers 409, never a blind overwrite and never a value the database refuses.
 */
export const formVersion = (body: Record<string, unknown>) => parseFormVersion(str(body, 'version')) ?? -1;
