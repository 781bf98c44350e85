import type { Deps } from '../../deps.js';
import type { Trx } from '../../db/database.js';
import { detectMailLanguage } from './mail-language.js';
import { changeContactIn, createContactIn } from '../../contacts/contacts.service.js';
import { contactBrief, currentContactId } from '../../contacts/contacts.queries.js';
import { addEventIn, addTextIn } from '../../contacts/contact-text.service.js';
import { isUniqueViolation } from '../../db/errors.js';
import { writeAudit } from '../../audit/audit.queries.js';
import { maskEmail } from '../../crypto/field-crypto.js';
import { acknowledgementMail, ACK_PROMISE_WORKING_HOURS } from '../outbound/acknowledgement.js';
import { AttachmentStore } from './attachment-store.js';
import {
  addParticipant,
  contactsOfMessageIds,
  findMessageByKey,
  insertAttachment,
  insertMessage,
  lastAcknowledgement,
  messagesWithId,
  recordAcknowledgement,
  setAutoReason,
  takesPart,
} from '../email.queries.js';
import { acknowledgedRecently, noAcknowledgementReason } from './loop-guard.js';
import type { IncomingMail } from './mail-parse.js';
import { parseMailSafely, sharedParsePool } from './parse-pool.js';
import { kickOutbox, queueOutgoingIn, senderAddress } from '../outbound/outbox.service.js';
import { markOf, type SenderAuth, worseMark } from './sender-auth.js';
import {
  decideThread,
  readOwnMessageId,
  subjectReference,
  type ThreadCandidates,
  type ThreadDecision,
} from './threading.js';

/** Searchable text taken from one message, in characters. */
const MAX_SEARCH_CHARS = 100_000;

export interface IngestMeta {
  source: 'smtp' | 'imap';
  /** SMTP envelope sender; '' for a bounce (MAIL FROM:<>). Unknown for IMAP. */
  envelopeFrom?: string;
  /**
   * Who really sent it, as the listener or poller checked before ingesting (src/email/inbound/sender-check.ts); null or
   * absent when no check was made (then nothing is marked and nothing refused).
   */
  auth?: SenderAuth | null;
}

export interface IngestResult {
  status: 'stored' | 'duplicate';
  contactId: number;
  messageRowId: number;
  newContact: boolean;
  acknowledged: boolean;
}

/**
 * The single ingestion path of the email channel (SMTP listener and IMAP poller both call it): raw bytes →
 * parse → attachments on disk → ONE transaction that stores the message, its contact (found by threading or
 * created), its timeline event, searchable text, participants and, when loop-safe, the acknowledgement in the
 * outbox. It returns only after the commit, so the caller may then answer 250 / flag the IMAP message.
 * A repeat of a stored message (same Message-ID and fingerprint) is recognised and not stored again.
 */
export async function ingestRaw(
  deps: Deps,
  raw: Buffer,
  meta: Omit<IngestMeta, 'auth'> & { auth?: SenderAuth | Promise<SenderAuth> | null },
): Promise<IngestResult> {
  // Parsed and sanitised in a worker thread with time and memory limits; beyond them, read from its headers.
  const mail = await parseMailSafely(raw, sharedParsePool(), (reason) =>
    deps.log.warn('incoming mail beyond the parse limits, stored from its headers with its source', {
      reason,
      source: meta.source,
    }),
  );
  try {
    const r = await ingestParsed(deps, mail, { ...meta, auth: await meta.auth }, raw);
    deps.metrics.mailsIn.inc({ channel: meta.source, outcome: r.status });
    return r;
  } catch (e) {
    deps.metrics.mailsIn.inc({ channel: meta.source, outcome: 'failed' });
    throw e;
  }
}

/**
 * The part of ingestRaw after parsing (exported for tests and the IMAP poller's placeholder messages).
 * With `raw`, a message that is not shown whole (mail.limit) keeps its whole source as an encrypted file.
 */
export async function ingestParsed(
  deps: Deps,
  mail: IncomingMail,
  meta: IngestMeta,
  raw?: Buffer,
): Promise<IngestResult> {
  const keepSource = !!(raw && mail.limit);
  if (mail.attachments.length || keepSource) {
    // A repeat delivery need not write its files again (the transaction checks once more).
    const known = await findMessageByKey(deps.db, mail.messageId, mail.fingerprint);
    if (known)
      return {
        status: 'duplicate',
        contactId: known.contact_id,
        messageRowId: known.id,
        newContact: false,
        acknowledged: false,
      };
  }

  const limit = deps.config.mail.maxAttachmentBytes;
  const store = AttachmentStore.forDataDir(deps.config.dataDir, deps.crypto);
  // Files first: a crash before the commit leaves an unreferenced file, never a row without its file.
  const parts: StoredPart[] = [];
  for (const a of mail.attachments)
    parts.push(
      a.size > limit && !mail.malformed
        ? { ...a, sha256: null, withheld: 'too-large' }
        : { ...a, sha256: await store.put(a.content), withheld: null },
    );
  const sourceFile = keepSource && raw ? await store.put(raw) : null;

  let result: IngestResult;
  try {
    result = await deps.db.transaction().execute((trx) => storeIn(deps, trx, mail, parts, meta, sourceFile));
  } catch (e) {
    // Two deliveries of the same message racing past the check above: the unique key keeps one.
    if (isUniqueViolation(e)) {
      const again = await findMessageByKey(deps.db, mail.messageId, mail.fingerprint);
      if (again)
        return {
          status: 'duplicate',
          contactId: again.contact_id,
          messageRowId: again.id,
          newContact: false,
          acknowledged: false,
        };
    }
    throw e;
  }
  deps.events.publish({
    type: result.newContact ? 'contact.created' : 'contact.updated',
    data: { id: result.contactId },
  });
  if (result.acknowledged) kickOutbox(deps);
  return result;
}

type StoredPart = IncomingMail['attachments'][number] & { sha256: string | null; withheld: string | null };

async function findThread(
  deps: Deps,
  trx: Trx,
  mail: IncomingMail,
  senderHash: string | null,
  senderRefused: boolean,
): Promise<ThreadDecision> {
  const sign = (p: string) => deps.crypto.sign('message-id', p);
  const c: ThreadCandidates = { signed: [], byMessageId: [], bySubject: null };
  const foreign: string[] = [];
  for (const id of mail.referenced) {
    const own = readOwnMessageId(id, sign);
    if (own === null) {
      foreign.push(id);
      continue;
    }
    const current = await currentContactId(trx, own);
    if (!c.signed.includes(current) && (await contactBrief(trx, { id: current }))) c.signed.push(current);
  }
  if (c.signed.length === 0 && foreign.length) {
    const rows = await contactsOfMessageIds(trx, foreign);
    const seen = new Set<number>();
    for (const id of foreign) {
      for (const r of rows.filter((x) => x.message_id === id)) {
        const current = await currentContactId(trx, r.contact_id);
        if (seen.has(current)) continue;
        seen.add(current);
        c.byMessageId.push({ contactId: current, senderTakesPart: await takesPart(trx, current, senderHash) });
      }
    }
  }
  const reference = subjectReference(mail.subject);
  if (reference) {
    const byRef = await contactBrief(trx, { reference });
    if (byRef) {
      const current = await currentContactId(trx, byRef.id);
      c.bySubject = { contactId: current, reference, senderTakesPart: await takesPart(trx, current, senderHash) };
    }
  }
  return decideThread(c, { senderRefused });
}

async function storeIn(
  deps: Deps,
  trx: Trx,
  mail: IncomingMail,
  parts: StoredPart[],
  meta: IngestMeta,
  sourceFile: string | null,
): Promise<IngestResult> {
  const nowDate = deps.clock();
  const now = nowDate.toISOString();
  const sameId = await messagesWithId(trx, mail.messageId);
  const dup = sameId.find((m) => m.fingerprint === mail.fingerprint);
  if (dup)
    return {
      status: 'duplicate',
      contactId: dup.contact_id,
      messageRowId: dup.id,
      newContact: false,
      acknowledged: false,
    };
  const idConflict = sameId.length > 0;

  const senderHash = mail.from ? deps.crypto.hash('email', mail.from) : null;
  const auth = meta.auth ?? null;
  const refused = !!auth?.refuse;
  const decision = await findThread(deps, trx, mail, senderHash, refused);
  const own = senderAddress(deps);
  const guard = noAcknowledgementReason({
    headers: mail.guardHeaders,
    from: mail.from,
    envelopeFrom: meta.envelopeFrom,
    ownAddresses: [...deps.config.mail.helpdeskAddresses, ...(own ? [own] : [])],
    ownMessage: readOwnMessageId(mail.messageId, (p) => deps.crypto.sign('message-id', p)) !== null,
    senderRefused: refused,
  });

  let contactId: number;
  let reference: string;
  let spam = false;
  let office: { open: boolean; promiseAt: Date | null } | null = null;
  const newContact = decision.kind === 'new';
  if (decision.kind === 'join') {
    const c = (await contactBrief(trx, { id: decision.contactId }))!;
    contactId = c.id;
    reference = c.reference ?? '';
    spam = !!c.spam_at;
    // New mail on a resolved or waiting thread opens it again; either way the contact was touched.
    const reopen = !spam && (c.status === 'resolved' || c.status === 'waiting');
    await changeContactIn(
      deps,
      trx,
      contactId,
      {
        ...(reopen ? { status: 'open' as const } : {}),
        ...(auth ? { senderAuth: worseMark(c.sender_auth, markOf(auth)) } : {}),
      },
      { id: null },
      {
        touch: true,
        auditDetails: { via: 'mail' },
      },
    );
  } else {
    office = { open: deps.officeHours.isOpen(nowDate), promiseAt: promiseOf(deps, nowDate) };
    const created = await createContactIn(
      deps,
      trx,
      {
        channel: 'email',
        direction: 'in',
        startedAt: now,
        party: { email: mail.from, name: mail.fromName },
        subject: mail.subject,
        // Detected at intake, so the reply box offers answers in it at once; the agent can correct it.
        language: detectMailLanguage(mail.subject, mail.text),
        queue: office.open ? 'general' : 'after-hours',
        dueAt: office.promiseAt?.toISOString() ?? null,
        eventData: { source: meta.source, ...(auth ? { senderAuth: markOf(auth) } : {}) },
        searchText: mail.text.slice(0, MAX_SEARCH_CHARS),
        senderAuth: auth ? markOf(auth) : null,
      },
      { id: null },
    );
    contactId = created.id;
    reference = created.reference;
  }

  const messageRowId = await insertMessage(trx, {
    contact_id: contactId,
    direction: 'in',
    kind: 'mail',
    source: meta.source,
    message_id: mail.messageId,
    fingerprint: mail.fingerprint,
    id_conflict: idConflict ? 1 : 0,
    thread_via: decision.kind === 'join' ? decision.via : 'new',
    thread_note:
      decision.kind === 'new' && decision.senderRefused
        ? 'sender-refused'
        : decision.kind === 'new' && decision.refused
          ? `subject-reference-refused:${decision.refused}`
          : null,
    in_reply_to: mail.inReplyTo,
    refs: JSON.stringify(mail.references.slice(-50)),
    from_enc: deps.crypto.encrypt(mail.from),
    from_name_enc: deps.crypto.encrypt(mail.fromName),
    from_hash: senderHash,
    from_mask: mail.from ? maskEmail(mail.from) : null,
    to_enc: mail.to.length ? deps.crypto.encrypt(JSON.stringify(mail.to)) : null,
    cc_enc: mail.cc.length ? deps.crypto.encrypt(JSON.stringify(mail.cc)) : null,
    subject: mail.subject,
    date_header: mail.date,
    received_at: now,
    text_body: mail.text,
    html_safe: mail.htmlSafe,
    auto_reason: guard,
    malformed: mail.malformed ? 1 : 0,
    size_bytes: mail.size,
    created_by: null,
    display_limit: mail.limit,
    source_file: sourceFile,
    auth_verdict: auth?.verdict ?? null,
    auth_domain: auth?.domain ?? null,
    auth_details: auth ? authDetails(auth) : null,
  });
  for (const p of parts) {
    await insertAttachment(trx, {
      message_id: messageRowId,
      filename_enc: deps.crypto.encrypt(p.filename),
      content_type: p.contentType,
      size_bytes: p.size,
      sha256: p.sha256,
      withheld: p.withheld,
      encrypted: p.sha256 ? 1 : 0,
    });
  }
  // A forged From address is not its owner taking part: it must not open that owner's threads later.
  if (senderHash && !refused) await addParticipant(trx, contactId, senderHash);
  // Its words: searchable (a new contact got them from createContactIn), and routed unless spam (the hooks).
  const search = newContact ? null : `${mail.subject}\n${mail.text.slice(0, MAX_SEARCH_CHARS)}`;
  const words = { contactId, subject: mail.subject, body: mail.text, source: 'email' as const, actor: { id: null } };
  await addTextIn(deps, trx, { ...words, spam }, search);
  await addEventIn(deps, trx, {
    contactId,
    at: now,
    actorId: null,
    kind: 'email.received',
    data: {
      message: messageRowId,
      via: decision.kind === 'join' ? decision.via : 'new',
      body: mail.subject,
      attachments: parts.length,
      idConflict: idConflict || undefined,
      malformed: mail.malformed || undefined,
    },
  });
  if (!newContact) {
    // A new contact got its audit entry from createContactIn.
    await writeAudit(trx, {
      at: now,
      actorId: null,
      action: 'email.receive',
      subjectType: 'contact',
      subjectId: contactId,
      details: {
        message: messageRowId,
        source: meta.source,
        via: decision.kind === 'join' ? decision.via : 'new',
        ...(auth ? { senderAuth: markOf(auth) } : {}),
      },
    });
  }

  let acknowledged = false;
  if (office && !guard && !spam && mail.from && senderHash) {
    if (acknowledgedRecently(await lastAcknowledgement(trx, senderHash), nowDate)) {
      await setAutoReason(trx, messageRowId, 'acknowledged-recently');
    } else {
      await queueAcknowledgement(deps, trx, {
        contactId,
        reference,
        to: mail.from,
        inReply: mail,
        now: nowDate,
        ...office,
      });
      await recordAcknowledgement(trx, senderHash, now);
      acknowledged = true;
    }
  }
  return { status: 'stored', contactId, messageRowId, newContact, acknowledged };
}

/** The per-method results and reason kept beside a message's verdict (no address: domains and codes only). */
function authDetails(a: SenderAuth): string {
  return JSON.stringify({
    reason: a.reason,
    refuse: a.refuse || undefined,
    spf: a.spf,
    dkim: a.dkim,
    dmarc: a.dmarc,
    arc: a.arc,
    policy: a.policy ?? undefined,
  });
}

/** When the desk promises an answer to mail arriving at `at`: 16 working hours on; null when the calendar has no opening ahead. */
function promiseOf(deps: Deps, at: Date): Date | null {
  try {
    return deps.officeHours.addWorkingHours(at, ACK_PROMISE_WORKING_HOURS);
  } catch {
    return null;
  }
}

async function queueAcknowledgement(
  deps: Deps,
  trx: Trx,
  a: {
    contactId: number;
    reference: string;
    to: string;
    inReply: IncomingMail;
    now: Date;
    open: boolean;
    promiseAt: Date | null;
  },
) {
  const promiseAt = a.promiseAt;
  const mail = acknowledgementMail({
    reference: a.reference,
    promiseAt,
    zone: deps.config.office.timeZone,
    hours: deps.config.office.hours,
    openNow: a.open,
  });
  const queued = await queueOutgoingIn(deps, trx, {
    contactId: a.contactId,
    kind: 'ack',
    to: [a.to],
    subject: mail.subject,
    text: mail.text,
    inReplyTo: a.inReply.hadMessageId ? a.inReply.messageId : null,
    references: a.inReply.hadMessageId ? [...a.inReply.references, a.inReply.messageId].slice(-20) : [],
    actorId: null,
  });
  await addEventIn(deps, trx, {
    contactId: a.contactId,
    at: a.now.toISOString(),
    actorId: null,
    kind: 'email.ack',
    data: { message: queued.rowId, promiseAt: promiseAt?.toISOString() ?? null },
  });
}
