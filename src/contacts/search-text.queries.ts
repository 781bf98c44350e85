import type { Executor } from '../db/database.js';

// What a contact's searchable text is made of, read from where each piece lives (search-text.service.ts joins
// them): the contact's subject and organisation (and those of contacts merged into it), its notes, the agent's
// own text of each reply (as its timeline event keeps it), the subject and body of each incoming mail, and the
// (encrypted) transcriptions of its voicemails.

/** The contact's own subject and organisation, and those of the contacts merged into it. */
export async function subjectsOf(db: Executor, contactId: number) {
  const own = await db
    .selectFrom('contacts')
    .select(['id', 'subject', 'party_org', 'created_at'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  const merged = await db
    .selectFrom('contact_merges as m')
    .innerJoin('contacts as c', 'c.id', 'm.source_id')
    .select(['c.id', 'c.subject', 'c.party_org', 'c.created_at'])
    .where('m.target_id', '=', contactId)
    .orderBy('c.id')
    .execute();
  return { own, merged };
}

/** The events whose text is searchable: notes and the agent's text of replies. */
export async function textEventsOf(db: Executor, contactId: number) {
  return db
    .selectFrom('contact_events')
    .select(['at', 'kind', 'data'])
    .where('contact_id', '=', contactId)
    .where('kind', 'in', ['note', 'email.reply'])
    .orderBy('id')
    .execute();
}

/** Incoming mail (not acknowledgements or replies): subject and body as they are now. */
export async function incomingMailOf(db: Executor, contactId: number) {
  return db
    .selectFrom('mail_messages')
    .select(['received_at', 'subject', 'text_body'])
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'in')
    .where('kind', '=', 'mail')
    .orderBy('id')
    .execute();
}

/** Transcriptions still kept (encrypted). */
export async function transcriptionsOf(db: Executor, contactId: number) {
  return db
    .selectFrom('recordings')
    .select(['created_at', 'transcription_text'])
    .where('contact_id', '=', contactId)
    .where('transcription_text', 'is not', null)
    .orderBy('id')
    .execute();
}
