/**
 * Threading rules, pure: how Baken's own Message-IDs are made and recognised, which Message-IDs and
 * which reference a message names, and which contact it joins.
 *
 * The security rule: Baken's own Message-IDs carry a keyed signature, so a reply naming one
 * of them proves its writer received our mail, and it joins that thread. Anything a stranger can see or
 * guess — someone else's Message-ID, the contact's reference in the subject — joins a thread only when the
 * sender already takes part in that conversation; otherwise the message starts a new contact.
 */

export type Sign = (payload: string) => string;

const OWN_ID = /^hd\.(\d{1,12})\.([A-Za-z0-9_-]{8,32})\.([A-Za-z0-9_-]{16})@[^\s@<>]+$/;
const MAX_REFS = 50;

/** A Message-ID for an outgoing mail of a contact: `hd.<contact id>.<nonce>.<signature>@<domain>` (without <>). */
export function ownMessageId(contactId: number, nonce: string, sign: Sign, domain: string): string {
  return `hd.${contactId}.${nonce}.${sign(`${contactId}.${nonce}`).slice(0, 16)}@${domain}`;
}

/** The contact id of one of Baken's own Message-IDs, or null when the id is not ours or its signature is wrong. */
export function readOwnMessageId(id: string, sign: Sign): number | null {
  const m = OWN_ID.exec(id);
  if (!m) return null;
  const expected = sign(`${m[1]}.${m[2]}`).slice(0, 16);
  if (!constantTimeEqual(expected, m[3]!)) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The Message-ID without angle brackets and spaces, or null when nothing usable is left (at most 300 characters). */
export function normaliseMessageId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const inner = /<([^<>]*)>/.exec(value)?.[1] ?? value;
  const id = inner.replace(/\s+/g, '').slice(0, 300);
  return id && /^[\x21-\x7e]+$/.test(id) ? id : null;
}

/** Every Message-ID a message names: In-Reply-To first, then References from newest to oldest; unique, at most 50. */
export function referencedIds(inReplyTo: unknown, references: unknown): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    for (const part of splitIds(v)) {
      const id = normaliseMessageId(part);
      if (id && !out.includes(id) && out.length < MAX_REFS) out.push(id);
    }
  };
  add(inReplyTo);
  const refs = Array.isArray(references) ? references.flatMap(splitIds) : splitIds(references);
  add(refs.reverse());
  return out;
}

function splitIds(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(splitIds);
  if (typeof v !== 'string') return [];
  const bracketed = v.match(/<[^<>]*>/g);
  return bracketed ?? v.split(/[\s,]+/).filter(Boolean);
}

/** The contact reference named in a subject, as `[#HD-2026-000123]` or `[HD-2026-000123]`; null when none. */
export function subjectReference(subject: string | null | undefined): string | null {
  const m = /\[#?\s*(HD-\d{4}-\d{6,12})\s*\]/i.exec(subject ?? '');
  return m ? m[1]!.toUpperCase() : null;
}

/** Adds the contact's reference to a subject unless it is already there; "Re: " for replies. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.trim() || reference;
  const withRe = /^(re|antw|aw|sv)\s*:/i.test(base) ? base : `Re: ${base}`;
  return subjectReference(withRe) === reference ? withRe : `${withRe} [#${reference}]`;
}

/** The References header of a reply: the thread's Message-IDs in order, the first kept and the newest 19. */
export function replyReferences(threadIds: string[]): string[] {
  const unique = [...new Set(threadIds)];
  return unique.length <= 20 ? unique : [unique[0]!, ...unique.slice(-19)];
}

/** What the service found for the ids and the reference a message names. */
export interface ThreadCandidates {
  /** Contacts named by our own, correctly signed Message-IDs, in the order they were named. */
  signed: number[];
  /** Contacts holding a message with one of the named (foreign) Message-IDs, in the order named. */
  byMessageId: { contactId: number; senderTakesPart: boolean }[];
  /** The contact whose reference is in the subject, if it exists. */
  bySubject: { contactId: number; reference: string; senderTakesPart: boolean } | null;
}

export type ThreadDecision =
  | { kind: 'join'; contactId: number; via: 'signed' | 'reference' | 'subject' }
  | { kind: 'new'; refused: string | null; senderRefused?: boolean };

/**
 * Picks the thread: a signed id of ours; else a named Message-ID or the subject's reference, only where the sender
 * takes part; else a new contact. A sender refused by its domain's DMARC policy (`senderRefused`) joins nothing by
 * reference: its From address is not its own, so neither "takes part" nor a copied Message-ID of ours says anything.
 */
export function decideThread(c: ThreadCandidates, opts: { senderRefused?: boolean } = {}): ThreadDecision {
  if (opts.senderRefused) {
    const named = c.signed.length > 0 || c.byMessageId.length > 0 || c.bySubject !== null;
    return { kind: 'new', refused: null, senderRefused: named };
  }
  const signed = c.signed[0];
  if (signed !== undefined) return { kind: 'join', contactId: signed, via: 'signed' };
  const byId = c.byMessageId.find((m) => m.senderTakesPart);
  if (byId) return { kind: 'join', contactId: byId.contactId, via: 'reference' };
  if (c.bySubject?.senderTakesPart) return { kind: 'join', contactId: c.bySubject.contactId, via: 'subject' };
  return { kind: 'new', refused: c.bySubject ? c.bySubject.reference : null };
}
