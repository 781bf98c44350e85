import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactRow } from '../contacts/contacts.queries.js';
import { formatStamp } from '../http/render.js';
import type { EmailPanelProps, MessageView } from '../../views/email/thread.js';
import { answerLanguage, answersFor } from './answer-library.plugin.js';
import {
  hasMailOrMerge,
  listAttachments,
  listThread,
  mergesOf,
  signaturesOf,
  TEXT_SHOWN_CHARS,
  type ThreadRow,
} from './email.queries.js';
import { defaultReplyLanguage, recipientIsProfessional } from './outbound/reply-rules.js';
import { mailDocument } from './inbound/sanitize.js';
import { SENDER_AUTH_REASONS, SENDER_VERDICTS } from './inbound/sender-auth.js';

/** A message's stored sender check for the view; null when it was not checked (outgoing, or stored before). */
function senderCheckOf(r: ThreadRow): MessageView['auth'] {
  const verdict = SENDER_VERDICTS.find((v) => v === r.auth_verdict);
  if (r.direction !== 'in' || !verdict) return null;
  let d: Record<string, unknown> = {};
  try {
    d = JSON.parse(r.auth_details ?? '{}') as Record<string, unknown>;
  } catch {}
  const text = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 40) : 'not-checked');
  return {
    verdict,
    domain: r.auth_domain,
    reason: SENDER_AUTH_REASONS.find((x) => x === d.reason) ?? null,
    spf: text(d.spf),
    dkim: text(d.dkim),
    dmarc: text(d.dmarc),
    arc: text(d.arc),
    policy: typeof d.policy === 'string' ? d.policy.slice(0, 20) : null,
    imap: r.source === 'imap',
  };
}

/** "12 kB" / "3.4 MB". */
function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(bytes / 1024))} kB`;
}

const LIMITS = ['html-too-large', 'html-too-deep', 'text-truncated', 'parse-limit'] as const;

/** Why a message is not shown whole: as stored, or a text longer than a page shows (rows from before the limit). */
function displayLimit(r: ThreadRow): MessageView['limit'] {
  const stored = LIMITS.find((l) => l === r.display_limit);
  if (stored) return stored;
  return r.text_length > TEXT_SHOWN_CHARS ? 'text-truncated' : null;
}

type PanelContact = Pick<
  ContactRow,
  | 'id'
  | 'reference'
  | 'channel'
  | 'may_email'
  | 'via_professional_only'
  | 'party_type'
  | 'party_email_enc'
  | 'spam_at'
  | 'topic'
  | 'language'
  | 'sender_auth'
>;

/** Everything the email panel shows for a contact, decrypted for the agent (the contact view itself is audited by the caller). */
export async function emailPanelProps(
  deps: Deps,
  contact: PanelContact,
  ctx: PageContext,
  extra: Partial<EmailPanelProps> = {},
): Promise<EmailPanelProps> {
  const zone = deps.config.office.timeZone;
  const stamp = (iso: string | null) => formatStamp(iso, zone);
  const [rows, merges, answers, signatures] = await Promise.all([
    listThread(deps.db, contact.id),
    mergesOf(deps.db, contact.id),
    answersFor(deps, contact, ctx.locale, extra.reply?.lang),
    signaturesOf(deps.db, ctx.user?.id ?? null),
  ]);
  const attachments = await listAttachments(
    deps.db,
    rows.map((r) => r.id),
  );
  const list = (enc: string | null) => {
    try {
      return (JSON.parse(deps.crypto.decrypt(enc) ?? '[]') as string[]).join(', ');
    } catch {
      return '';
    }
  };
  const person = (r: ThreadRow) => {
    const address = deps.crypto.decrypt(r.from_enc) ?? '';
    const name = deps.crypto.decrypt(r.from_name_enc);
    return name ? `${name} <${address}>` : address;
  };
  const messages: MessageView[] = rows.map((r) => {
    const refused = r.thread_note?.startsWith('subject-reference-refused:')
      ? r.thread_note.slice('subject-reference-refused:'.length)
      : null;
    return {
      id: r.id,
      direction: r.direction,
      kind: r.kind,
      from: person(r),
      to: list(r.to_enc),
      at: stamp(r.received_at),
      subject: r.subject,
      text: r.text_body,
      htmlDocument: r.html_safe ? mailDocument(r.html_safe) : null,
      attachments: attachments
        .filter((a) => a.message_id === r.id)
        .map((a) => ({
          id: a.id,
          filename: deps.crypto.decrypt(a.filename_enc) ?? 'attachment',
          size: formatSize(a.size_bytes),
          withheld: a.withheld,
        })),
      via: r.thread_via,
      note: refused
        ? { kind: 'refused', reference: refused }
        : r.thread_note === 'sender-refused'
          ? { kind: 'sender-refused' }
          : null,
      auth: senderCheckOf(r),
      idConflict: !!r.id_conflict,
      malformed: !!r.malformed,
      limit: displayLimit(r),
      sourceUrl: r.source_file ? `/email/messages/${r.id}/source` : null,
      autoReason: r.direction === 'in' ? r.auto_reason : null,
      author: r.author_name,
      outbox:
        r.outbox_id === null || r.outbox_status === null
          ? null
          : {
              id: r.outbox_id,
              status: r.outbox_cancelled_at ? 'cancelled' : r.outbox_status,
              attempts: r.outbox_attempts ?? 0,
              error: r.outbox_error,
              nextAt: stamp(r.outbox_next_at),
              sentAt: stamp(r.outbox_sent_at),
            },
    };
  });
  const lastIn = [...rows].reverse().find((r) => r.direction === 'in');
  const version = (contact as { version?: unknown }).version;
  return {
    ctx,
    contactId: contact.id,
    reference: contact.reference ?? '',
    messages,
    replyTo: deps.crypto.decrypt(contact.party_email_enc),
    mayEmail: contact.may_email,
    viaProfessionalOnly: contact.via_professional_only,
    recipientIsProfessional: recipientIsProfessional(contact.party_type),
    replyExtras: {
      lang: defaultReplyLanguage(contact.language, deps.config.defaultLocale),
      signatures,
      quoted: lastIn ? { date: stamp(lastIn.date_header ?? lastIn.received_at), sender: person(lastIn) } : null,
      lastMessageId: rows.at(-1)?.id ?? null,
      version: typeof version === 'number' ? version : null,
    },
    smtpConfigured: !!deps.config.mail.smtpUrl,
    waiting: rows.filter((r) => r.outbox_status && r.outbox_status !== 'sent' && !r.outbox_cancelled_at).length,
    spam: !!contact.spam_at,
    senderMark: contact.sender_auth ?? null,
    mergedInto: merges.into,
    mergedFrom: merges.from,
    answers,
    answersNotice: answersNoticeOf(contact.language, ctx, extra.reply?.lang),
    ...extra,
  };
}

/**
 * Beside the answers of a mail in neither Dutch nor English: which language it is in, and that the answers are
 * offered in the agent's own language.
 */
export function answersNoticeOf(contactLanguage: string | null, ctx: PageContext, replyLanguage?: 'nl' | 'en') {
  const { language, foreign } = answerLanguage(contactLanguage, ctx.locale, replyLanguage);
  if (!foreign || !contactLanguage) return undefined;
  const answers = ctx.t(`lang.${language}`);
  if (contactLanguage === 'other') return ctx.t('email.answers.foreignOther', { answers });
  return ctx.t('email.answers.foreign', { lang: ctx.t(`lang.${contactLanguage}` as 'lang.other'), answers });
}

/**
 * What the email channel shows on a contact's page (messages, attachments, reply box); null when the contact has
 * nothing to do with email.
 */
export async function emailPanelFor(
  deps: Deps,
  contact: ContactRow,
  ctx: PageContext,
): Promise<EmailPanelProps | null> {
  if (contact.channel !== 'email' && !(await hasMailOrMerge(deps.db, contact.id))) return null;
  return emailPanelProps(deps, contact, ctx);
}
