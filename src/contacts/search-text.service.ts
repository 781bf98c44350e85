import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { replaceSearchText } from '../db/contact-search.js';
import { incomingMailOf, subjectsOf, textEventsOf, transcriptionsOf } from './search-text.queries.js';

/** As much of a mail body as the index holds (the same bound as the mail intake's). */
const MAX_MAIL_CHARS = 100_000;

/**
 * Rebuilds a contact's searchable text from what the contact still holds, in the caller's transaction: after a
 * purge the text is made anew from the remaining subject, organisation, notes, replies, incoming mail and
 * transcriptions — never edited by finding the purged text in it, which missed words once lines had moved.
 */
export async function rebuildSearchText(deps: Deps, db: Executor, contactId: number): Promise<void> {
  const { own, merged } = await subjectsOf(db, contactId);
  if (!own) return;
  const pieces: { at: string; text: string }[] = [];
  const add = (at: string, text: string | null | undefined) => {
    if (text?.trim()) pieces.push({ at, text: text.trim() });
  };
  add(own.created_at, own.party_org);
  for (const m of merged) {
    add(m.created_at, m.subject);
    add(m.created_at, m.party_org);
  }
  for (const e of await textEventsOf(db, contactId)) {
    let body: unknown;
    try {
      body = (JSON.parse(e.data) as { body?: unknown }).body;
    } catch {
      body = undefined;
    }
    if (typeof body === 'string') add(e.at, body);
  }
  for (const m of await incomingMailOf(db, contactId))
    add(m.received_at, [m.subject, m.text_body.slice(0, MAX_MAIL_CHARS)].filter(Boolean).join('\n'));
  for (const r of await transcriptionsOf(db, contactId)) {
    let text: string | null = null;
    try {
      text = deps.crypto.decrypt(r.transcription_text);
    } catch {
      text = null; // a text the key cannot open is not searchable either
    }
    add(r.created_at, text);
  }
  pieces.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  await replaceSearchText(db, contactId, own.subject, pieces.map((p) => p.text).join('\n'));
}
