import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContact } from '../contacts/contacts.queries.js';
import {
  answerLanguage,
  type AnswerLibrary,
  type AnswerMacro,
  type AnswerSnippet,
} from '../email/answer-library.plugin.js';
import { AppError, notFound } from '../shared/app-error.js';
import {
  fillPlaceholders,
  isStale,
  lawDateLine,
  sourceLines,
  sourcesComplete,
  type SourceLine,
} from './answer-text.js';
import {
  type AnswerRow,
  type AnswerValues,
  approveAnswer as approveRow,
  findAnswer,
  insertAnswer,
  insertAnswerUse,
  listAnswers,
  updateAnswer as updateRow,
} from './answers.queries.js';
import { TOPICS, TOPIC_QUEUE, isTopic, type RoutedQueue, type Topic } from './topics.js';

export interface Actor {
  id: number;
  ip: string | null;
}
export type { AnswerValues };
export type LibraryAnswer = AnswerRow & { stale: boolean; sourceList: SourceLine[] };

/** Today's date in the desk's zone (YYYY-MM-DD): the day review dates are compared with. */
export function deskToday(deps: Deps): string {
  return DateTime.fromJSDate(deps.clock(), { zone: deps.config.office.timeZone }).toISODate()!;
}

const withStale = (deps: Deps, rows: AnswerRow[]): LibraryAnswer[] => {
  const today = deskToday(deps);
  return rows.map((r) => ({ ...r, stale: isStale(r.review_date, today), sourceList: sourceLines(r.sources) }));
};

/** The library grouped by topic in the fixed topic order, each answer marked stale when past its review date. */
export async function libraryByTopic(deps: Deps, language?: 'nl' | 'en') {
  const rows = withStale(deps, await listAnswers(deps.db, language));
  return TOPICS.map((topic) => ({ topic, answers: rows.filter((r) => r.topic === topic) })).filter(
    (g) => g.answers.length > 0,
  );
}

/** One answer with its stale mark; 404 when there is none. */
export async function getAnswer(deps: Deps, id: number): Promise<LibraryAnswer> {
  const row = await findAnswer(deps.db, id);
  if (!row) throw notFound('answer_not_found');
  return withStale(deps, [row])[0]!;
}

const auditDetails = (v: AnswerValues) => ({ topic: v.topic, language: v.language });

/** Adds an answer to the library as a draft (audited `answer.create`); returns its id. */
export async function createAnswer(deps: Deps, values: AnswerValues, actor: Actor): Promise<number> {
  const at = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertAnswer(trx, values, actor.id, at);
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'answer.create',
      subjectType: 'answer',
      subjectId: id,
      ip: actor.ip,
      details: auditDetails(values),
    });
    return id;
  });
}

/**
 * Changes an answer drawn at `version` (audited `answer.update`). A changed answer is a draft again until a
 * legal user approves it; a change on an older version answers 409 and changes nothing.
 */
export async function updateAnswer(
  deps: Deps,
  id: number,
  version: number,
  values: AnswerValues,
  actor: Actor,
): Promise<void> {
  const at = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findAnswer(trx, id);
    if (!before) throw notFound('answer_not_found');
    const changed = (Object.keys(values) as (keyof AnswerValues)[]).filter((k) => before[k] !== values[k]);
    if (before.version === version && changed.length === 0) return;
    if (!(await updateRow(trx, id, version, values, changed.length > 0 ? 'draft' : before.status, at)))
      throw new AppError('answer_stale', 'Someone else changed this answer meanwhile');
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'answer.update',
      subjectType: 'answer',
      subjectId: id,
      ip: actor.ip,
      details: { ...auditDetails(values), changed },
    });
  });
}

/** Approves an answer drawn at `version` (audited `answer.approve`); 409 when it changed meanwhile. */
export async function approveAnswer(deps: Deps, id: number, version: number, actor: Actor): Promise<void> {
  const at = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findAnswer(trx, id);
    if (!before) throw notFound('answer_not_found');
    if (before.status === 'approved' && before.version === version) return;
    if (!sourcesComplete(before.sources))
      throw new AppError('answer_needs_sources', 'An answer is approved only with sources a reader can check');
    if (!(await approveRow(trx, id, version, actor.id, at)))
      throw new AppError('answer_stale', 'Someone else changed this answer meanwhile');
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'answer.approve',
      subjectType: 'answer',
      subjectId: id,
      ip: actor.ip,
      details: { topic: before.topic, language: before.language },
    });
  });
}

/**
 * Counts one use of an answer for a contact (in a reply or on a call), audited `answer.use` with the contact
 * as subject. For phase 2's insert button; false when the answer does not exist.
 */
export async function recordAnswerUse(
  deps: Deps,
  answerId: number,
  contactId: number | null,
  actor: Actor | null,
): Promise<boolean> {
  const at = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await insertAnswerUse(trx, { answerId, contactId, userId: actor?.id ?? null, at }))) return false;
    await writeAudit(trx, {
      at,
      actorId: actor?.id ?? null,
      action: 'answer.use',
      subjectType: contactId === null ? 'answer' : 'contact',
      subjectId: contactId ?? answerId,
      ip: actor?.ip ?? null,
      details: { answer: answerId },
    });
    return true;
  });
}

const MACRO_STATUSES = ['open', 'waiting', 'resolved'] as const;

/** What "Insert and apply" sets on the contact: the answer's topic, its queue (the topic's own unless set), a status. */
function answerMacro(r: AnswerRow): AnswerMacro {
  const queue = (ROUTED.includes(r.macro_queue as RoutedQueue) ? r.macro_queue : null) as RoutedQueue | null;
  const status = MACRO_STATUSES.find((s) => s === r.macro_status) ?? null;
  return { topic: r.topic, queue: queue ?? TOPIC_QUEUE[r.topic as Topic] ?? 'general', status };
}
const ROUTED: readonly string[] = ['care', 'legal', 'registration', 'general'];

/** The topic codes kept on a contact: one code, or several separated by commas or spaces. */
const contactTopics = (topic: string | null): string[] =>
  (topic ?? '').split(/[\s,;]+/).filter((t): t is string => isTopic(t));

/**
 * "Monday 1 December 09:00" / "maandag 1 december 09:00": when the desk next opens, for {nextOpening}; null while
 * the desk is open (the sentence that names the next opening is then left out of the answer).
 */
function nextOpeningText(deps: Deps, language: 'nl' | 'en'): string | null {
  const status = deps.officeHours.status(deps.clock());
  const at = status.open ? null : status.opensAt;
  if (!at) return null;
  return DateTime.fromJSDate(at, { zone: deps.config.office.timeZone })
    .setLocale(language)
    .toFormat('cccc d LLLL HH:mm');
}

const MARKS = {
  nl: {
    draft: 'concept, nog te controleren door het juridisch team',
    stale: 'verouderd',
    warnDraft: 'Let op: dit antwoord is een concept dat het juridisch team nog niet heeft gecontroleerd.',
    warnStale: 'Let op: de herzieningsdatum van dit antwoord is verstreken; controleer of het nog klopt.',
    check: 'Lees het na voordat u het verstuurt.',
  },
  en: {
    draft: 'draft, to be checked by the legal team',
    stale: 'stale',
    warnDraft: 'Careful: this answer is a draft that the legal team has not checked yet.',
    warnStale: 'Careful: this answer is past its review date; check that it still holds.',
    check: 'Read it through before you send it.',
  },
} as const;

/**
 * The reply box's answers for a contact (the hook of src/email/answer-library.ts): those in the reply's language
 * (else the contact's, else the agent's) first and then the others, in each the contact's topics first, approved
 * before draft; drafts and stale answers say so in their title; placeholders filled in the answer's language.
 */
export function answerLibraryProvider(deps: Deps): AnswerLibrary {
  return async (contact, locale, replyLanguage): Promise<AnswerSnippet[]> => {
    const { language: first } = answerLanguage(contact.language, locale, replyLanguage);
    const topics = contactTopics(contact.topic);
    const rows = withStale(deps, await listAnswers(deps.db));
    if (rows.length === 0) return [];
    const reference = (await findContact(deps.db, contact.id))?.reference ?? null;
    const nextOpening = { nl: nextOpeningText(deps, 'nl'), en: nextOpeningText(deps, 'en') };
    const rank = (r: LibraryAnswer) =>
      (r.language === first ? 0 : 4) + (topics.includes(r.topic) ? 0 : 2) + (r.status === 'approved' ? 0 : 1);
    return rows
      .sort((a, b) => rank(a) - rank(b) || TOPICS.indexOf(a.topic as never) - TOPICS.indexOf(b.topic as never))
      .map((r) => {
        const language = r.language === 'en' ? 'en' : 'nl';
        const marks = [r.status === 'draft' ? MARKS[locale].draft : '', r.stale ? MARKS[locale].stale : ''].filter(
          Boolean,
        );
        const m = MARKS[locale];
        const warnings = [r.status === 'draft' ? m.warnDraft : '', r.stale ? m.warnStale : ''].filter(Boolean);
        const text = fillPlaceholders(r.body, { reference, nextOpening: nextOpening[language] });
        const law = lawDateLine(r.law_date, language);
        return {
          id: String(r.id),
          title: marks.length ? `${r.title} (${marks.join('; ')})` : r.title,
          text: law ? `${text}\n\n${law}` : text,
          warning: warnings.length ? `${warnings.join(' ')} ${m.check}` : undefined,
          macro: answerMacro(r),
          language,
        };
      });
  };
}
