import { type Insertable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { MailAttachmentTable, MailMessageTable } from './email.table.js';

/** The stored message with exactly this Message-ID and fingerprint (a repeat delivery), if any. */
export async function findMessageByKey(db: Executor, messageId: string, fingerprint: string) {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'contact_id'])
    .where('message_id', '=', messageId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
}

/** The stored messages carrying this Message-ID (a repeat has the same fingerprint; another message reusing the id does not). */
export async function messagesWithId(db: Executor, messageId: string) {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'contact_id', 'fingerprint'])
    .where('message_id', '=', messageId)
    .limit(20)
    .execute();
}

/** Contacts holding messages with these Message-IDs (oldest message first per id). */
export async function contactsOfMessageIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('mail_messages')
    .select(['message_id', 'contact_id'])
    .where('message_id', 'in', ids)
    .orderBy('id', 'asc')
    .execute();
}

/** True when the address (by hash) takes part in the contact's conversation: its party, a sender or a recipient. */
export async function takesPart(db: Executor, contactId: number, addressHash: string | null): Promise<boolean> {
  if (!addressHash) return false;
  const p = await db
    .selectFrom('mail_participants')
    .select('contact_id')
    .where('contact_id', '=', contactId)
    .where('address_hash', '=', addressHash)
    .executeTakeFirst();
  if (p) return true;
  const c = await db
    .selectFrom('contacts')
    .select('id')
    .where('id', '=', contactId)
    .where('party_email_hash', '=', addressHash)
    .executeTakeFirst();
  return !!c;
}

/** Remembers that an address takes part in a contact's conversation. */
export async function addParticipant(db: Executor, contactId: number, addressHash: string): Promise<void> {
  await db
    .insertInto('mail_participants')
    .values({ contact_id: contactId, address_hash: addressHash })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Moves a contact's mail (messages, outgoing mail, participants) to the contact it is merged into. */
export async function moveMailToContact(db: Executor, sourceId: number, targetId: number): Promise<void> {
  await db.updateTable('mail_messages').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
  await db.updateTable('mail_outbox').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
  await db
    .insertInto('mail_participants')
    .columns(['contact_id', 'address_hash'])
    .expression(
      db
        .selectFrom('mail_participants')
        .select([sql<number>`${targetId}`.as('contact_id'), 'address_hash'])
        .where('contact_id', '=', sourceId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db.deleteFrom('mail_participants').where('contact_id', '=', sourceId).execute();
}

/** Stores one message row and returns its id. */
export async function insertMessage(db: Executor, row: Insertable<MailMessageTable>): Promise<number> {
  const r = await db.insertInto('mail_messages').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Stores one attachment row. */
export async function insertAttachment(db: Executor, row: Insertable<MailAttachmentTable>): Promise<void> {
  await db.insertInto('mail_attachments').values(row).execute();
}

/** When the last acknowledgement went to this sender. */
export async function lastAcknowledgement(db: Executor, senderHash: string): Promise<string | null> {
  const r = await db
    .selectFrom('mail_ack_log')
    .select('last_at')
    .where('sender_hash', '=', senderHash)
    .executeTakeFirst();
  return r?.last_at ?? null;
}

/** Records an acknowledgement to this sender now. */
export async function recordAcknowledgement(db: Executor, senderHash: string, at: string): Promise<void> {
  await db
    .insertInto('mail_ack_log')
    .values({ sender_hash: senderHash, last_at: at })
    .onConflict((oc) => oc.column('sender_hash').doUpdateSet({ last_at: at }))
    .execute();
}

/** Characters of a message's text a page shows at most. */
export const TEXT_SHOWN_CHARS = 262_144;

/** A contact's messages, oldest first, with their outbox state (outgoing mail). */
export async function listThread(db: Executor, contactId: number) {
  return db
    .selectFrom('mail_messages')
    .leftJoin('mail_outbox', 'mail_outbox.mail_message_id', 'mail_messages.id')
    .leftJoin('users', 'users.id', 'mail_messages.created_by')
    .select([
      'mail_messages.id',
      'mail_messages.direction',
      'mail_messages.kind',
      'mail_messages.source',
      'mail_messages.message_id',
      'mail_messages.id_conflict',
      'mail_messages.thread_via',
      'mail_messages.thread_note',
      'mail_messages.in_reply_to',
      'mail_messages.refs',
      'mail_messages.from_enc',
      'mail_messages.from_name_enc',
      'mail_messages.from_mask',
      'mail_messages.to_enc',
      'mail_messages.cc_enc',
      'mail_messages.subject',
      'mail_messages.date_header',
      'mail_messages.received_at',
      // Bounded even for rows stored before texts were cut at 256 K characters (a 24 MB body on three
      // agents' screens at once took the process down).
      sql<string>`substr(mail_messages.text_body, 1, ${TEXT_SHOWN_CHARS})`.as('text_body'),
      sql<number>`length(mail_messages.text_body)`.as('text_length'),
      'mail_messages.html_safe',
      'mail_messages.auto_reason',
      'mail_messages.malformed',
      'mail_messages.size_bytes',
      'mail_messages.display_limit',
      'mail_messages.source_file',
      'mail_messages.auth_verdict',
      'mail_messages.auth_domain',
      'mail_messages.auth_details',
      'users.name as author_name',
      'mail_outbox.id as outbox_id',
      'mail_outbox.status as outbox_status',
      'mail_outbox.attempts as outbox_attempts',
      'mail_outbox.last_error as outbox_error',
      'mail_outbox.next_attempt_at as outbox_next_at',
      'mail_outbox.sent_at as outbox_sent_at',
      'mail_outbox.cancelled_at as outbox_cancelled_at',
    ])
    .where('mail_messages.contact_id', '=', contactId)
    .orderBy('mail_messages.id', 'asc')
    .execute();
}
export type ThreadRow = Awaited<ReturnType<typeof listThread>>[number];

/** The attachments of these messages. */
export async function listAttachments(db: Executor, messageIds: number[]) {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('mail_attachments')
    .select(['id', 'message_id', 'filename_enc', 'content_type', 'size_bytes', 'sha256', 'withheld', 'encrypted'])
    .where('message_id', 'in', messageIds)
    .orderBy('id')
    .execute();
}

/** One attachment with the contact it belongs to. */
export async function findAttachment(db: Executor, id: number) {
  return db
    .selectFrom('mail_attachments')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_attachments.message_id')
    .select([
      'mail_attachments.id',
      'mail_attachments.filename_enc',
      'mail_attachments.content_type',
      'mail_attachments.size_bytes',
      'mail_attachments.sha256',
      'mail_attachments.withheld',
      'mail_attachments.encrypted',
      'mail_messages.contact_id',
    ])
    .where('mail_attachments.id', '=', id)
    .executeTakeFirst();
}

/** Where an incoming message's whole source is kept (when it was not shown whole), with its contact. */
export async function findMessageSource(db: Executor, id: number) {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'contact_id', 'source_file', 'size_bytes'])
    .where('id', '=', id)
    .where('direction', '=', 'in')
    .executeTakeFirst();
}

/** Where a merged contact went, and which contacts were merged into this one. */
export async function mergesOf(db: Executor, contactId: number) {
  const [into, from] = await Promise.all([
    db
      .selectFrom('contact_merges')
      .innerJoin('contacts', 'contacts.id', 'contact_merges.target_id')
      .select(['contacts.id', 'contacts.reference'])
      .where('contact_merges.source_id', '=', contactId)
      .executeTakeFirst(),
    db
      .selectFrom('contact_merges')
      .innerJoin('contacts', 'contacts.id', 'contact_merges.source_id')
      .select(['contacts.id', 'contacts.reference'])
      .where('contact_merges.target_id', '=', contactId)
      .orderBy('contacts.id')
      .execute(),
  ]);
  return { into: into ?? null, from };
}

/** Whether a contact of another channel has mail or was merged with another contact (so shows the email panel). */
export async function hasMailOrMerge(db: Executor, contactId: number): Promise<boolean> {
  const [msg, merged] = await Promise.all([
    db.selectFrom('mail_messages').select('id').where('contact_id', '=', contactId).limit(1).executeTakeFirst(),
    db
      .selectFrom('contact_merges')
      .select('source_id')
      .where((eb) => eb.or([eb('source_id', '=', contactId), eb('target_id', '=', contactId)]))
      .limit(1)
      .executeTakeFirst(),
  ]);
  return !!msg || !!merged;
}

/** Everything a reply needs to know of its contact (all columns, so a `version` column is read when there is one). */
export async function contactForReply(db: Executor, contactId: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
}

/** A contact's messages, oldest first, without their bodies: what a reply threads to and checks staleness by. */
export async function threadHeads(db: Executor, contactId: number) {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'message_id', 'direction', 'subject', 'from_enc', 'from_name_enc', 'date_header', 'received_at'])
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();
}

/** The text of one message (for quoting it). */
export async function messageText(db: Executor, messageRowId: number): Promise<string> {
  const r = await db.selectFrom('mail_messages').select('text_body').where('id', '=', messageRowId).executeTakeFirst();
  return r?.text_body ?? '';
}

/** The user's signature in one language, or null. */
export async function signatureOf(db: Executor, userId: number | null, lang: 'nl' | 'en'): Promise<string | null> {
  if (userId === null) return null;
  const r = await db
    .selectFrom('users')
    .select(lang === 'nl' ? 'signature_nl as signature' : 'signature_en as signature')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.signature ?? null;
}

/** The user's signatures in both languages (nulls for no user). */
export async function signaturesOf(db: Executor, userId: number | null) {
  if (userId === null) return { nl: null, en: null };
  const r = await db
    .selectFrom('users')
    .select(['signature_nl', 'signature_en'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return { nl: r?.signature_nl ?? null, en: r?.signature_en ?? null };
}

/** Notes why no acknowledgement was sent for a message. */
export async function setAutoReason(db: Executor, messageId: number, reason: string): Promise<void> {
  await db.updateTable('mail_messages').set({ auto_reason: reason }).where('id', '=', messageId).execute();
}
