import lexicon from './lexicon.json' with { type: 'json' };
import type { Executor } from '../db/database.js';
import { type Classification, type ClassifyHint, classify } from './classifier.js';
import { insertCorrection } from './routing.queries.js';
import type { RoutedQueue, Topic } from './topics.js';

export { TOPIC_QUEUE, TOPICS, isTopic } from './topics.js';
export { highlight } from './highlight.js';
export { matchSpans } from './classifier.js';

/** The lexicon's version, kept with each correction so the report can tell which lexicon was overruled. */
export const LEXICON_VERSION: string = lexicon.version;

/** Longest text the classify endpoint accepts (characters); the classifier itself reads at most 20,000. */
export const MAX_CLASSIFY_TEXT = 100_000;

/** The routing suggestion for a text and an optional IVR menu hint (what the live suggestion shows). */
export function suggestFor(text: string, hint: ClassifyHint = {}): Classification {
  return classify(text, hint);
}

/**
 * The suggestion for a contact's words: an email's subject and body, a voicemail's transcription, a call's or a
 * hand-logged contact's notes — the subject counts like a line of the body. For phase 2's ingest and changes.
 */
export function classifyContactText(parts: {
  subject?: string | null;
  body?: string | null;
  hint?: ClassifyHint;
}): Classification {
  return classify([parts.subject ?? '', parts.body ?? ''].filter(Boolean).join('\n'), parts.hint ?? {});
}

/**
 * Keeps an agent's override of the suggestion, in the caller's transaction (the contact change that applies
 * it writes the timeline event and the audit entry). Stores codes only, never text.
 */
export async function recordCorrection(
  trx: Executor,
  c: {
    contactId: number;
    userId: number | null;
    at: string;
    suggested: Pick<Classification, 'queue' | 'urgent'> & { topics: readonly (Topic | { topic: Topic })[] };
    chosen: { queue: RoutedQueue | string; topics: readonly string[] };
  },
): Promise<number> {
  return insertCorrection(trx, {
    contactId: c.contactId,
    at: c.at,
    userId: c.userId,
    lexiconVersion: LEXICON_VERSION,
    suggested: {
      queue: c.suggested.queue,
      urgent: c.suggested.urgent,
      topics: c.suggested.topics.map((t) => (typeof t === 'string' ? t : t.topic)),
    },
    chosen: { queue: c.chosen.queue, topics: [...c.chosen.topics] },
  });
}
