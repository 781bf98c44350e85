import type { Deps } from '../deps.js';

/**
 * The insert point for the legal answer library: the feature that keeps the answers (routing) registers a
 * provider here, and the reply box then offers its answers for the contact (by topic and language) with an
 * "Insert answer" button that adds the chosen text to the reply — without JavaScript.
 * Until a provider is registered the reply box shows no such control.
 */
export interface AnswerSnippet {
  id: string;
  title: string;
  text: string;
  /** Said beside the reply box once the answer is inserted: a draft or a stale answer must be read through. */
  warning?: string;
  /** "Insert and apply": what the reply sets on the contact when it is sent (the answer's topic, queue, status). */
  macro: AnswerMacro;
  /** The answer's language: those of the reply's language come first, then the other's. */
  language?: 'nl' | 'en';
}
export interface AnswerMacro {
  topic: string;
  queue: 'general' | 'legal' | 'registration' | 'care';
  /** null: the status the reply would set anyway (open after a first reply, or the agent's send-and-… choice). */
  status: 'open' | 'waiting' | 'resolved' | null;
}
export type AnswerLibrary = (
  contact: { id: number; topic: string | null; language: string | null },
  locale: 'nl' | 'en',
  replyLanguage?: 'nl' | 'en',
) => Promise<AnswerSnippet[]>;

/** What the library's feature registers: its answers for a contact, and how it keeps that one was used. */
export interface AnswerLibraryProvider {
  answers: AnswerLibrary;
  recordUse: (answerId: number, contactId: number, actor: { id: number; ip?: string | null }) => Promise<void>;
}

/**
 * The language whose answers come first: the reply's when the agent chose one, else the contact's (detected at
 * intake or set by the agent); for a contact in neither Dutch nor English, the agent's own (the reply box says so).
 */
export function answerLanguage(
  contactLanguage: string | null,
  locale: 'nl' | 'en',
  replyLanguage?: 'nl' | 'en',
): { language: 'nl' | 'en'; foreign: boolean } {
  if (replyLanguage) return { language: replyLanguage, foreign: false };
  if (contactLanguage === 'nl' || contactLanguage === 'en') return { language: contactLanguage, foreign: false };
  return { language: locale, foreign: !!contactLanguage };
}

const libraries = new WeakMap<Deps, AnswerLibraryProvider>();

/** Registers the answer library for these deps (its feature's plug-in does, when the app is built). */
export function registerAnswerLibrary(deps: Deps, library: AnswerLibraryProvider): void {
  libraries.set(deps, library);
}

/** Keeps that an answer of the library was inserted into a reply (audited by the library). */
export async function recordAnswerUse(
  deps: Deps,
  answerId: number,
  contactId: number,
  actor: { id: number; ip?: string | null },
): Promise<void> {
  await libraries.get(deps)?.recordUse(answerId, contactId, actor);
}

/**
 * The answers to offer in the reply box of this contact, those in `replyLanguage` (else the contact's language,
 * see answerLanguage) first; none when no library is registered.
 */
export async function answersFor(
  deps: Deps,
  contact: { id: number; topic: string | null; language: string | null },
  locale: 'nl' | 'en',
  replyLanguage?: 'nl' | 'en',
): Promise<AnswerSnippet[]> {
  const lib = libraries.get(deps);
  return lib ? lib.answers(contact, locale, replyLanguage) : [];
}
