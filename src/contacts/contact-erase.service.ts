// Erasing a contact's own identifiers when their retention period is over (the retention feature decides which
// contacts are due and calls these in its batch's transaction). The contacts feature owns the contact's row and
// its timeline, so the writes to them are here.
import type { Executor } from '../db/database.js';
import { blankContactIdentifiers, eventsWithText, replyEventsOf, setEventData } from './contact-erase.queries.js';

/** Events whose from/to values are the contact's own identifiers (a subject, a number's or address's mask). */
const IDENTIFYING_EVENTS = ['subject', 'party.phone', 'party.email'] as const;

function parseData(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * An event's data without the contact's identifiers: its text (`body`: a note, a mail subject, a reply) and,
 * for a change of subject, number or address, the values from and to, marked `purged` (the timeline says the
 * text was removed). The event itself (what changed, when, by whom) stays. Null when there is nothing to take out.
 */
export function withoutIdentifiers(kind: string, data: Record<string, unknown>): Record<string, unknown> | null {
  const out = { ...data };
  let changed = false;
  const drop = (key: string) => {
    if (key in out) {
      delete out[key];
      changed = true;
    }
  };
  drop('body');
  if ((IDENTIFYING_EVENTS as readonly string[]).includes(kind)) {
    drop('from');
    drop('to');
  }
  return changed ? { ...out, purged: true } : null;
}

/**
 * Blanks these contacts' own identifiers (name, phone, email, subject) and takes the text and from/to values out
 * of their timelines, in the caller's transaction. Channel, times, queue, status and topics stay. The caller
 * rebuilds their search text once everything else about them is blank too (search-text.service.ts).
 */
export async function eraseOwnIdentifiersIn(db: Executor, contactIds: number[]): Promise<void> {
  await blankContactIdentifiers(db, contactIds);
  for (const e of await eventsWithText(db, contactIds, IDENTIFYING_EVENTS)) {
    const data = withoutIdentifiers(e.kind, parseData(e.data));
    if (data) await setEventData(db, e.id, JSON.stringify(data));
  }
}

/** Takes the text of replies sent in these (purged) messages out of their timeline events. */
export async function eraseReplyTextsIn(db: Executor, contactIds: number[], messageIds: number[]): Promise<void> {
  const purged = new Set(messageIds);
  for (const e of await replyEventsOf(db, contactIds)) {
    const data = parseData(e.data);
    if (typeof data.message === 'number' && purged.has(data.message) && 'body' in data) {
      delete data.body;
      await setEventData(db, e.id, JSON.stringify({ ...data, purged: true }));
    }
  }
}
