import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

// The SQL of erasing a contact's own identifiers when their retention period is over (contact-erase.service.ts;
// retention decides which contacts are due).

/**
 * Blanks a contact's own identifiers: the party's name, phone and email with their hashes and masks, and the
 * subject. Channel, direction, times, queue, status, topics, type and flags stay (the statistics read them); the
 * version goes up so that a form drawn before the purge cannot write the old values back.
 */
export async function blankContactIdentifiers(db: Executor, ids: number[]) {
  if (!ids.length) return;
  await db
    .updateTable('contacts')
    .set({
      party_name_enc: null,
      party_name_hash: null,
      party_phone_enc: null,
      party_phone_hash: null,
      party_phone_mask: null,
      party_email_enc: null,
      party_email_hash: null,
      party_email_mask: null,
      subject: '',
      version: sql<number>`version + 1`,
    })
    .where('id', 'in', ids)
    .execute();
}

/** The timeline events of these contacts that may hold text or an identifier (a body, a from/to value). */
export async function eventsWithText(db: Executor, contactIds: number[], kinds: readonly string[]) {
  if (!contactIds.length) return [];
  return db
    .selectFrom('contact_events')
    .select(['id', 'kind', 'data'])
    .where('contact_id', 'in', contactIds)
    .where((eb) => eb.or([eb('kind', 'in', [...kinds]), eb('data', 'like', '%"body"%')]))
    .orderBy('id')
    .execute();
}
export async function setEventData(db: Executor, id: number, data: string) {
  await db.updateTable('contact_events').set({ data }).where('id', '=', id).execute();
}

/** The reply events of these contacts (their text goes with the mail it was sent in). */
export async function replyEventsOf(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return [];
  return db
    .selectFrom('contact_events')
    .select(['id', 'data'])
    .where('contact_id', 'in', contactIds)
    .where('kind', '=', 'email.reply')
    .execute();
}
