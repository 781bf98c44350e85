import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { changeContactIn, type Actor } from '../contacts/contacts.service.js';
import { appendSearchText } from '../contacts/contacts.queries.js';
import { writeAudit } from '../audit/audit.queries.js';
import { maskEmail, normaliseEmail } from '../crypto/field-crypto.js';
import { AppError } from '../shared/app-error.js';
import { addParticipant, contactBrief, currentContactId, insertMessage, insertOutbox } from './email.queries.js';
import { ownMessageId, replyReferences, replySubject } from './threading.js';

/** Longest reply an agent may send, in characters. */
export const MAX_REPLY_CHARS = 20_000;

const kicks = new WeakMap<Deps, () => void>();
/** Lets the outbox worker of these deps be woken when mail is queued (the worker registers itself). */
export function onOutboxQueued(deps: Deps, kick: (() => void) | null): void {
  if (kick) kicks.set(deps, kick);
  else kicks.delete(deps);
}
/** Wakes the outbox worker, if one runs; otherwise the mail waits for the next start. */
export function kickOutbox(deps: Deps): void {
  kicks.get(deps)?.();
}

/** The bare address in MAIL_FROM ("Help desk <hulp@example.nl>" → hulp@example.nl). */
export function senderAddress(deps: Deps): string | null {
  const from = deps.config.mail.from ?? '';
  return normaliseEmail(/<([^<>]+)>/.exec(from)?.[1] ?? from);
}

/** The domain Baken's Message-IDs use: MAIL_FROM's, or a reserved one when there is none. */
export function messageIdDomain(deps: Deps): string {
  return senderAddress(deps)?.split('@')[1] ?? 'baken.invalid';
}

/** A new signed Message-ID for outgoing mail of this contact. */
export function newMessageId(deps: Deps, contactId: number): string {
  return ownMessageId(
    contactId,
    randomBytes(9).toString('base64url'),
    (p) => deps.crypto.sign('message-id', p),
    messageIdDomain(deps),
  );
}

export interface Outgoing {
  contactId: number;
  kind: 'ack' | 'reply';
  to: string[];
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  actorId: number | null;
}

/**
 * Stores an outgoing mail inside an open transaction: the message (so the thread shows it and replies to it
 * thread) and its outbox row (so the worker sends it). Nothing is sent here: a crash after the commit
 * leaves the mail in the outbox, a crash before it leaves nothing half done.
 */
export async function queueOutgoingIn(
  deps: Deps,
  trx: Trx,
  m: Outgoing,
): Promise<{ rowId: number; outboxId: number; messageId: string }> {
  const now = deps.clock().toISOString();
  const messageId = newMessageId(deps, m.contactId);
  const from = senderAddress(deps);
  const rowId = await insertMessage(trx, {
    contact_id: m.contactId,
    direction: 'out',
    kind: m.kind,
    source: m.kind === 'ack' ? 'system' : 'agent',
    message_id: messageId,
    fingerprint: createHash('sha256').update(`${messageId}\u0000${m.text}`).digest('hex'),
    thread_via: 'reply',
    thread_note: null,
    in_reply_to: m.inReplyTo,
    refs: JSON.stringify(m.references),
    from_enc: deps.crypto.encrypt(deps.config.mail.from ?? null),
    from_name_enc: null,
    from_hash: from ? deps.crypto.hash('email', from) : null,
    from_mask: from ? maskEmail(from) : null,
    to_enc: deps.crypto.encrypt(JSON.stringify(m.to)),
    cc_enc: null,
    subject: m.subject,
    date_header: now,
    received_at: now,
    text_body: m.text,
    html_safe: null,
    auto_reason: null,
    size_bytes: Buffer.byteLength(m.text),
    created_by: m.actorId,
  });
  const outboxId = await insertOutbox(trx, { messageRowId: rowId, contactId: m.contactId, kind: m.kind, at: now });
  for (const to of m.to) await addParticipant(trx, m.contactId, deps.crypto.hash('email', to));
  return { rowId, outboxId, messageId };
}

/**
 * An agent's reply from the contact page: refused when the party asked not to be emailed or has no address;
 * otherwise stored with In-Reply-To/References to the thread, put in the outbox, shown in the timeline and
 * searchable, and audited — one transaction.
 */
export async function sendReply(
  deps: Deps,
  contactId: number,
  body: string,
  actor: Actor,
): Promise<{ outboxId: number }> {
  const text = body.replace(/\r\n/g, '\n').trim();
  if (!text) throw new AppError(422, 'reply_empty', 'Write a reply first');
  if (text.length > MAX_REPLY_CHARS) throw new AppError(422, 'reply_too_long', 'The reply is too long');
  const now = deps.clock().toISOString();
  const out = await deps.db.transaction().execute(async (trx) => {
    const c = await contactBrief(trx, { id: contactId });
    if (!c) throw new AppError(404, 'contact_not_found', 'Not found');
    if ((await currentContactId(trx, contactId)) !== contactId)
      throw new AppError(409, 'contact_merged', 'This contact was merged into another; reply there');
    if (c.may_email === 0) throw new AppError(422, 'may_not_email', 'The party asked not to be emailed');
    const to = deps.crypto.decrypt(c.party_email_enc);
    if (!to) throw new AppError(422, 'no_address', 'This contact has no email address');
    const thread = await trx
      .selectFrom('mail_messages')
      .select(['message_id', 'direction', 'subject'])
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute();
    const lastIn = [...thread].reverse().find((m) => m.direction === 'in');
    const subject = replySubject(c.subject || lastIn?.subject || '', c.reference ?? '');
    const queued = await queueOutgoingIn(deps, trx, {
      contactId,
      kind: 'reply',
      to: [to],
      subject,
      text,
      inReplyTo: lastIn?.message_id ?? thread.at(-1)?.message_id ?? null,
      references: replyReferences(thread.map((m) => m.message_id)),
      actorId: actor.id,
    });
    await appendSearchText(trx, contactId, text);
    await changeContactIn(deps, trx, contactId, c.status === 'new' ? { status: 'open' } : {}, actor, {
      touch: true,
      events: [
        {
          kind: 'email.reply',
          data: { message: queued.rowId, body: text.length > 2000 ? `${text.slice(0, 2000)}…` : text },
        },
      ],
      auditDetails: { via: 'reply' },
    });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'email.reply',
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
      details: { outbox: queued.outboxId },
    });
    return queued;
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
  kickOutbox(deps);
  return { outboxId: out.outboxId };
}

/** Puts a failed outgoing mail back in the queue, due now, with a fresh count of attempts (audited). */
export async function retryOutgoing(deps: Deps, outboxId: number, actor: Actor): Promise<number> {
  const now = deps.clock().toISOString();
  const contactId = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('mail_outbox')
      .select(['id', 'status', 'contact_id'])
      .where('id', '=', outboxId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'outbox_not_found', 'Not found');
    if (row.status !== 'failed')
      throw new AppError(409, 'outbox_not_failed', 'Only mail that failed can be sent again');
    await trx
      .updateTable('mail_outbox')
      .set({ status: 'queued', attempts: 0, next_attempt_at: now })
      .where('id', '=', outboxId)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'email.retry',
      subjectType: 'contact',
      subjectId: row.contact_id,
      ip: actor.ip,
      details: { outbox: outboxId },
    });
    return row.contact_id;
  });
  kickOutbox(deps);
  return contactId;
}
