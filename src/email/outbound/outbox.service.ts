import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { Trx } from '../../db/database.js';
import { changeContactIn, type Actor } from '../../contacts/contacts.service.js';
import { currentContactId } from '../../contacts/contacts.queries.js';
import { addEventIn, addTextIn } from '../../contacts/contact-text.service.js';
import { writeAudit } from '../../audit/audit.queries.js';
import { maskEmail, normaliseEmail } from '../../crypto/field-crypto.js';
import { AppError } from '../../shared/app-error.js';
import { createTranslate } from '../../i18n/i18n.js';
import { formatStamp } from '../../shared/time-format.js';
import {
  addParticipant,
  contactForReply,
  insertMessage,
  messageText,
  signatureOf,
  threadHeads,
} from '../email.queries.js';
import { cancelOutbox, findOutbox, insertOutbox, requeueOutbox } from './outbox.queries.js';
import type { AnswerMacro } from '../answer-library.plugin.js';
import { composeReply, type QuotedMessage } from './reply-text.js';
import { defaultReplyLanguage, recipientIsProfessional, type ReplyLanguage } from './reply-rules.js';
import { ownMessageId, replyReferences, replySubject } from '../inbound/threading.js';

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
function messageIdDomain(deps: Deps): string {
  return senderAddress(deps)?.split('@')[1] ?? 'baken.invalid';
}

/** A new signed Message-ID for outgoing mail of this contact. */
function newMessageId(deps: Deps, contactId: number): string {
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

export interface ReplyInput {
  body: string;
  /** The reply's language (signature and attribution line); the contact's by default. */
  lang?: ReplyLanguage;
  /** The newest message of the thread the agent saw (null: none); undefined when the form did not carry it. */
  seenMessageId?: number | null;
  /** The contact version the form was drawn from, when contacts carry one. */
  version?: number | null;
  /** "Send and resolve" / "send and wait": the contact's status after the reply. */
  status?: 'resolved' | 'waiting';
  /** An answer inserted with "Insert and apply": its topic, queue and status are set with the reply. */
  macro?: AnswerMacro & { answerId: number };
}

/** The attribution line above the quoted message, in the reply's language. */
function quoteHeader(deps: Deps, lang: ReplyLanguage, at: string | null, sender: string): string {
  return createTranslate(lang)('email.quote.header', { date: formatStamp(at, deps.config.office.timeZone), sender });
}

/**
 * An agent's reply from the contact page: refused on a spam or merged contact, when the party asked not to be
 * emailed, when the contact may be reached only through the professional and the party is not one, or when it
 * has no address; refused as stale (409) when the thread or the contact changed since the agent's page was drawn.
 * Otherwise the agent's text with their signature and the quoted message is stored with In-Reply-To/References,
 * put in the outbox, shown in the timeline, searchable and audited — one transaction — and the contact's status
 * then follows "send and resolve" / "send and wait".
 */
export async function sendReply(
  deps: Deps,
  contactId: number,
  input: ReplyInput,
  actor: Actor,
): Promise<{ outboxId: number }> {
  const text = input.body.replace(/\r\n/g, '\n').trim();
  if (!text) throw new AppError('reply_empty', 'Write a reply first');
  if (text.length > MAX_REPLY_CHARS) throw new AppError('reply_too_long', 'The reply is too long');
  const now = deps.clock().toISOString();
  const out = await deps.db.transaction().execute(async (trx) => {
    const c = await contactForReply(trx, contactId);
    if (!c) throw new AppError('contact_not_found', 'Not found');
    if ((await currentContactId(trx, contactId)) !== contactId)
      throw new AppError('contact_merged', 'This contact was merged into another; reply there');
    if (c.spam_at) throw new AppError('contact_spam', 'This contact is marked as spam');
    if (c.may_email === 0) throw new AppError('may_not_email', 'The party asked not to be emailed');
    if (c.via_professional_only === 1 && !recipientIsProfessional(c.party_type))
      throw new AppError('via_professional_only', 'This party may be reached only through the professional');
    const to = deps.crypto.decrypt(c.party_email_enc);
    if (!to) throw new AppError('no_address', 'This contact has no email address');
    const thread = await threadHeads(trx, contactId);
    const newest = thread.at(-1)?.id ?? null;
    if (input.seenMessageId !== undefined && input.seenMessageId !== newest)
      throw new AppError('reply_stale', 'The conversation changed since you opened it');
    const lastIn = [...thread].reverse().find((m) => m.direction === 'in');
    const lang = input.lang ?? defaultReplyLanguage(c.language, deps.config.defaultLocale);
    let quote: QuotedMessage | null = null;
    if (lastIn) {
      const address = deps.crypto.decrypt(lastIn.from_enc) ?? '';
      const name = deps.crypto.decrypt(lastIn.from_name_enc);
      quote = {
        header: quoteHeader(
          deps,
          lang,
          lastIn.date_header ?? lastIn.received_at,
          name ? `${name} <${address}>` : address,
        ),
        body: await messageText(trx, lastIn.id),
      };
    }
    const subject = replySubject(c.subject || lastIn?.subject || '', c.reference ?? '');
    const queued = await queueOutgoingIn(deps, trx, {
      contactId,
      kind: 'reply',
      to: [to],
      subject,
      text: composeReply({ text, signature: await signatureOf(trx, actor.id, lang), quote }),
      inReplyTo: lastIn?.message_id ?? thread.at(-1)?.message_id ?? null,
      references: replyReferences(thread.map((m) => m.message_id)),
      actorId: actor.id,
    });
    await addTextIn(deps, trx, { contactId, body: text, source: 'reply', actor: { id: actor.id } });
    // The reply's own status change ("send and resolve" / "send and wait", or a new contact opened by the
    // first reply) goes through the contacts service in the same transaction as the queued mail.
    const m = input.macro;
    const status = input.status ?? m?.status ?? (c.status === 'new' ? ('open' as const) : undefined);
    // The writer of a reply to an unassigned contact takes it (issue 23): the thread now waits on them. A contact
    // another agent holds stays theirs.
    const assign = c.assignee_id === null && actor.id !== null ? { assigneeId: actor.id } : {};
    const change = {
      ...(status ? { status } : {}),
      ...(m ? { queue: m.queue, addTopic: m.topic } : {}),
      ...assign,
    };
    await changeContactIn(deps, trx, contactId, change, actor, {
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
      details: {
        outbox: queued.outboxId,
        lang,
        ...(input.status ? { status: input.status } : {}),
        ...(m ? { macro: m.answerId } : {}),
      },
    });
    return queued;
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
  kickOutbox(deps);
  return { outboxId: out.outboxId };
}

export type CancelRefusal = 'outbox_already_sent' | 'outbox_sending' | 'outbox_cancelled';

/**
 * Cancels an outgoing mail that has not left: queued (or failed) mail is marked cancelled, which no worker
 * ever sends (the claim and the cancel are the same conditional update on the row, so only one wins);
 * timeline event and audit entry in the same transaction. Mail that is sent or being handed to the mail
 * server right now is refused with the reason.
 */
export async function cancelOutgoing(
  deps: Deps,
  outboxId: number,
  actor: Actor,
): Promise<{ contactId: number; refused: CancelRefusal | null }> {
  const now = deps.clock().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await findOutbox(trx, outboxId);
    if (!row) throw new AppError('outbox_not_found', 'Not found');
    const refusal = (r: NonNullable<typeof row>): CancelRefusal =>
      r.cancelled_at ? 'outbox_cancelled' : r.status === 'sent' ? 'outbox_already_sent' : 'outbox_sending';
    if (!(await cancelOutbox(trx, outboxId, now, actor.id))) {
      const again = (await findOutbox(trx, outboxId)) ?? row;
      return { contactId: row.contact_id, refused: refusal(again) };
    }
    await addEventIn(deps, trx, {
      contactId: row.contact_id,
      at: now,
      actorId: actor.id,
      kind: 'email.cancelled',
      data: { outbox: outboxId, message: row.mail_message_id },
    });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'email.cancel',
      subjectType: 'contact',
      subjectId: row.contact_id,
      ip: actor.ip,
      details: { outbox: outboxId },
    });
    return { contactId: row.contact_id, refused: null };
  });
  if (!result.refused) deps.events.publish({ type: 'contact.updated', data: { id: result.contactId } });
  return result;
}

/** Puts a failed outgoing mail back in the queue, due now, with a fresh count of attempts (audited). */
export async function retryOutgoing(deps: Deps, outboxId: number, actor: Actor): Promise<number> {
  const now = deps.clock().toISOString();
  const contactId = await deps.db.transaction().execute(async (trx) => {
    const row = await findOutbox(trx, outboxId);
    if (!row) throw new AppError('outbox_not_found', 'Not found');
    if (row.cancelled_at) throw new AppError('outbox_cancelled', 'This mail was cancelled');
    if (row.status !== 'failed') throw new AppError('outbox_not_failed', 'Only mail that failed can be sent again');
    await requeueOutbox(trx, outboxId, now);
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
