/**
 * Loop safety, pure: whether an incoming message may get an automatic acknowledgement. Machines answering
 * machines is how mail loops start, so anything that looks automated, bulk, a mailing list, a bounce or
 * our own mail coming back gets none. (Zammad keeps one small rule per check; these are the same rules.)
 */

export interface LoopGuardInput {
  /** Header names in lower case; values as text. */
  headers: Record<string, string | undefined>;
  /** The From address, normalised (lower case), or null when there is none. */
  from: string | null;
  /** The SMTP envelope sender: '' for a bounce (`MAIL FROM:<>`), undefined when unknown (IMAP). */
  envelopeFrom?: string;
  /** The desk's own addresses (HELPDESK_ADDRESSES and MAIL_FROM). */
  ownAddresses: string[];
  /** True when the message's own Message-ID is one of Baken's (our mail came back). */
  ownMessage?: boolean;
  /** True when the sender failed DMARC for a domain whose policy is reject or quarantine (src/email/inbound/sender-auth.ts). */
  senderRefused?: boolean;
}

/** No reason means an acknowledgement may be sent; otherwise a short stable code saying why not. */
export function noAcknowledgementReason(m: LoopGuardInput): string | null {
  const h = (name: string) => (m.headers[name] ?? '').trim().toLowerCase();
  if (m.ownMessage) return 'own-message';
  if (!m.from) return 'no-sender';
  // An acknowledgement to a forged address would go to the real owner of that address (backscatter).
  if (m.senderRefused) return 'forged-sender';
  if (m.envelopeFrom === '') return 'bounce';
  const auto = h('auto-submitted');
  if (auto && auto !== 'no' && !auto.startsWith('no;') && !auto.startsWith('no ')) return 'auto-submitted';
  if (/^(bulk|list|junk|auto_reply|auto-reply)$/.test(h('precedence'))) return 'precedence';
  if (h('list-id') || h('list-unsubscribe') || h('list-post')) return 'mailing-list';
  if (h('x-autoreply') || h('x-autorespond') || h('x-auto-response-suppress').match(/\b(all|autoreply|oof)\b/))
    return 'auto-reply';
  if (h('content-type').startsWith('multipart/report')) return 'report';
  const local = m.from.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|mail-?daemon)([+._-].*)?$/.test(local))
    return 'robot-sender';
  if (m.ownAddresses.some((a) => a.toLowerCase() === m.from)) return 'own-address';
  return null;
}

/** True when an acknowledgement went to this sender less than 24 hours before `now`. */
export function acknowledgedRecently(lastAt: string | null | undefined, now: Date): boolean {
  if (!lastAt) return false;
  return now.getTime() - new Date(lastAt).getTime() < 24 * 3600_000;
}
