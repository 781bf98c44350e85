import type { Executor } from '../../db/database.js';

/** Puts an outgoing message in the outbox, due now. */
export async function insertOutbox(
  db: Executor,
  e: { messageRowId: number; contactId: number; kind: 'ack' | 'reply'; at: string },
): Promise<number> {
  const r = await db
    .insertInto('mail_outbox')
    .values({
      mail_message_id: e.messageRowId,
      contact_id: e.contactId,
      kind: e.kind,
      status: 'queued',
      attempts: 0,
      next_attempt_at: e.at,
      created_at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Outgoing mail that is not sent yet (waiting or failed), newest first, for the outbox page. */
export async function listUnsent(db: Executor, limit = 200) {
  return db
    .selectFrom('mail_outbox')
    .innerJoin('contacts', 'contacts.id', 'mail_outbox.contact_id')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_outbox.mail_message_id')
    .select([
      'mail_outbox.id',
      'mail_outbox.kind',
      'mail_outbox.status',
      'mail_outbox.attempts',
      'mail_outbox.next_attempt_at',
      'mail_outbox.last_error',
      'mail_outbox.created_at',
      'contacts.id as contact_id',
      'contacts.reference',
      'mail_messages.subject',
    ])
    .where('mail_outbox.status', '<>', 'sent')
    .where('mail_outbox.cancelled_at', 'is', null)
    .orderBy('mail_outbox.id', 'desc')
    .limit(limit)
    .execute();
}

/** One outgoing mail's state. */
export async function findOutbox(db: Executor, outboxId: number) {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'status', 'contact_id', 'mail_message_id', 'cancelled_at'])
    .where('id', '=', outboxId)
    .executeTakeFirst();
}

/**
 * Marks a mail cancelled if, and only if, no worker has claimed it: the same row-level condition the worker
 * claims by (`status = 'queued'`), so a cancel and a send can never both win. A failed mail may be cancelled too.
 */
export async function cancelOutbox(db: Executor, outboxId: number, at: string, by: number | null): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ status: 'failed', cancelled_at: at, cancelled_by: by, last_error: null })
    .where('id', '=', outboxId)
    .where('status', 'in', ['queued', 'failed'])
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One outgoing mail with the message it sends. */
export async function outboxToSend(db: Executor, id: number) {
  return db
    .selectFrom('mail_outbox')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_outbox.mail_message_id')
    .select([
      'mail_outbox.id',
      'mail_outbox.kind',
      'mail_outbox.attempts',
      'mail_outbox.contact_id',
      'mail_messages.message_id',
      'mail_messages.to_enc',
      'mail_messages.subject',
      'mail_messages.text_body',
      'mail_messages.in_reply_to',
      'mail_messages.refs',
    ])
    .where('mail_outbox.id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Claims an uncancelled mail for sending by one instance until `until`: a queued mail that is due, or one left
 * "sending" by an instance whose claim ran out (it died mid-send). False when another instance, run or cancel
 * came first — the conditional UPDATE lets exactly one claim win.
 */
export async function claimOutbox(
  db: Executor,
  id: number,
  c: { attempts: number; holder: string; now: string; until: string },
): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ status: 'sending', attempts: c.attempts, claimed_by: c.holder, claim_expires_at: c.until })
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', c.now)]),
        eb.and([
          eb('status', '=', 'sending'),
          eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', c.now)]),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends this instance's claim on a mail it is still sending; false when the claim is no longer its own. */
export async function renewOutboxClaim(db: Executor, id: number, holder: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ claim_expires_at: until })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks an outgoing mail as sent. */
export async function markOutboxSent(db: Executor, id: number, at: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: at, last_error: null, claimed_by: null, claim_expires_at: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: queued again for later, or failed for good. */
export async function markOutboxFailed(
  db: Executor,
  id: number,
  f: { status: 'failed' | 'queued'; lastError: string; nextAttemptAt: string },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      status: f.status,
      last_error: f.lastError,
      next_attempt_at: f.nextAttemptAt,
      claimed_by: null,
      claim_expires_at: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Queues a failed mail again, from its first attempt. */
export async function requeueOutbox(db: Executor, id: number, at: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: at })
    .where('id', '=', id)
    .execute();
}

/** The ids of mail to send by an instant, oldest first: queued and due, or left sending by a claim that ran out. */
export async function dueOutbox(db: Executor, at: string, limit: number) {
  return db
    .selectFrom('mail_outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
        eb.and([
          eb('status', '=', 'sending'),
          eb('cancelled_at', 'is', null),
          eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', at)]),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Mails in the outbox that are not sent, per status (for /metrics: queued and sending are its depth). */
export async function outboxCounts(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '<>', 'sent')
    .groupBy('status')
    .execute();
  return { queued: 0, sending: 0, failed: 0, ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) };
}
