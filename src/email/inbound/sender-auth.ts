/**
 * Who really sent a mail, pure: from the facts the SPF, DKIM, DMARC and ARC checks found (src/email/inbound/sender-check.ts
 * gathers them with mailauth) to one verdict an agent can read — "verified: politie.nl", "could not be verified" or
 * "failed" — with a stable reason, and whether the mail is refused the desk's trust: a mail that fails DMARC for a
 * domain whose owner asks to reject or quarantine such mail gets no acknowledgement and joins no existing thread
 * by reference (a forged From: politie.nl must not land in a real conversation with the police).
 */

export const SENDER_VERDICTS = ['verified', 'unverified', 'failed'] as const;
export type SenderVerdict = (typeof SENDER_VERDICTS)[number];

/** Why the verdict is what it is (a stable code; the interface has a text for each). */
export const SENDER_AUTH_REASONS = [
  // verified
  'dmarc-pass',
  'dkim-aligned',
  'spf-aligned',
  // failed
  'dmarc-fail',
  'dkim-fail',
  'spf-fail',
  'several-from',
  // could not be verified
  'arc-forwarded',
  'no-from',
  'several-authors',
  'no-policy',
  'dns-error',
  'timeout',
  'dns-off',
  'not-checked',
  'error',
] as const;
export type SenderAuthReason = (typeof SENDER_AUTH_REASONS)[number];

/** The mark a contact carries in the inbox: the least trusted verdict of its party's mail. */
export const CONTACT_SENDER_MARKS = ['verified', 'unverified', 'failed', 'refused'] as const;
export type ContactSenderMark = (typeof CONTACT_SENDER_MARKS)[number];

/** What the checks found, reduced to what the rules need (no addresses are kept beyond the domain). */
export interface AuthFacts {
  /** How many From header lines the message has (RFC 5322: exactly one). */
  fromHeaders: number;
  /** The domains of the addresses in those From lines, lower case, in order. */
  fromDomains: string[];
  /** SPF of the envelope sender; null when it could not be checked (IMAP: no connecting address). */
  spf: { result: string; domain: string } | null;
  /** One entry per DKIM signature: its d= domain, result, and whether it aligns with the From domain. */
  dkim: { domain: string; result: string; aligned: boolean; comment?: string }[];
  /** The ARC chain, when the message has one: its result, the newest sealer's domain, and the DMARC result it recorded. */
  arc: { result: string; sealer: string | null; dmarc: string | null } | null;
  /** DMARC of the From domain; policy is the one that applies (p, or sp for a subdomain); null when not evaluated. */
  dmarc: { result: string; policy: string | null } | null;
}

export interface SenderAuth {
  verdict: SenderVerdict;
  /** The From domain the verdict is about; null when there is no single one. */
  domain: string | null;
  reason: SenderAuthReason;
  /** Failed DMARC under a reject/quarantine policy, or a forged From by repetition: no acknowledgement, no threading by reference. */
  refuse: boolean;
  /** Each method's result as mailauth says it (`pass`, `fail`, `none`, `temperror` …), or `not-checked`. */
  spf: string;
  dkim: string;
  dmarc: string;
  arc: string;
  /** The DMARC policy that applies to the From domain, when it publishes one. */
  policy: string | null;
}

/**
 * ARC sealers whose record of an earlier DMARC pass is believed when the message fails DMARC on arrival (a mailing
 * list or a forwarder changed it on the way). The large mailbox providers and the ARC community sealers.
 */
const TRUSTED_ARC_SEALERS = [
  'google.com',
  'microsoft.com',
  'outlook.com',
  'gmail.com',
  'googlegroups.com',
  'messagingengine.com',
  'fastmail.com',
  'pobox.com',
] as const;

const dmarcPolicies = new Set(['reject', 'quarantine']);

/**
 * True when `sub` is `domain` or one of its subdomains. Only this direction: without a public-suffix list a parent
 * could be `nl` or `co.uk`, and a subdomain of the From domain can only be published by the From domain's owner.
 */
export function alignedDomain(sub: string, domain: string): boolean {
  const a = sub.toLowerCase().replace(/\.$/, '');
  const b = domain.toLowerCase().replace(/\.$/, '');
  return b.length > 0 && (a === b || a.endsWith(`.${b}`));
}

/** A check that gave no verdict at all (timeout, DNS off, not run): could not be verified, nothing refused. */
export function notVerified(reason: SenderAuthReason, domain: string | null = null): SenderAuth {
  return {
    verdict: 'unverified',
    domain,
    reason,
    refuse: false,
    spf: 'not-checked',
    dkim: 'not-checked',
    dmarc: 'not-checked',
    arc: 'not-checked',
    policy: null,
  };
}

/** The DKIM result shown for a message: pass when any aligned signature passed, else the first signature's result. */
function dkimSummary(dkim: AuthFacts['dkim']): string {
  if (dkim.length === 0) return 'none';
  return (dkim.find((d) => d.result === 'pass' && d.aligned) ?? dkim.find((d) => d.result === 'pass') ?? dkim[0]!)
    .result;
}

/** A signature that was checked against its key and did not hold: a bad signature or a changed body. */
const brokenSignature = (d: AuthFacts['dkim'][number]) =>
  d.result === 'fail' || (d.result === 'neutral' && /body hash/i.test(d.comment ?? ''));

/** The verdict for what the checks found (see the module comment). */
export function senderVerdict(f: AuthFacts): SenderAuth {
  const base = {
    spf: f.spf?.result ?? 'not-checked',
    dkim: dkimSummary(f.dkim),
    dmarc: f.dmarc?.result ?? 'none',
    arc: f.arc?.result ?? 'none',
    policy: f.dmarc?.policy ?? null,
  };
  const out = (verdict: SenderVerdict, reason: SenderAuthReason, domain: string | null, refuse = false) => ({
    verdict,
    reason,
    domain,
    refuse,
    ...base,
  });
  // Several From lines: which one is "the sender" depends on the reader — the classic way around DMARC.
  if (f.fromHeaders > 1) return out('failed', 'several-from', null, true);
  if (f.fromDomains.length === 0) return out('unverified', 'no-from', null);
  if (new Set(f.fromDomains).size > 1) return out('unverified', 'several-authors', null);
  const domain = f.fromDomains[0]!;

  if (f.dmarc?.result === 'pass') return out('verified', 'dmarc-pass', domain);
  if (f.dmarc?.result === 'fail') {
    const arc = f.arc;
    const vouched =
      arc?.result === 'pass' &&
      arc.dmarc === 'pass' &&
      !!arc.sealer &&
      TRUSTED_ARC_SEALERS.some((s) => alignedDomain(arc.sealer!, s));
    if (vouched) return out('unverified', 'arc-forwarded', domain);
    return out('failed', 'dmarc-fail', domain, dmarcPolicies.has((f.dmarc.policy ?? '').toLowerCase()));
  }
  // No DMARC record (or it could not be read): an aligned signature or SPF pass still proves the domain.
  if (f.dkim.some((d) => d.result === 'pass' && d.aligned)) return out('verified', 'dkim-aligned', domain);
  if (f.spf?.result === 'pass' && alignedDomain(f.spf.domain, domain)) return out('verified', 'spf-aligned', domain);
  if (f.dkim.some((d) => d.aligned && brokenSignature(d))) return out('failed', 'dkim-fail', domain);
  if (f.spf?.result === 'fail' && alignedDomain(f.spf.domain, domain)) return out('failed', 'spf-fail', domain);
  const dnsTrouble = [f.dmarc?.result, f.spf?.result, ...f.dkim.map((d) => d.result)].some(
    (r) => r === 'temperror' || r === 'permerror',
  );
  return out('unverified', dnsTrouble ? 'dns-error' : 'no-policy', domain);
}

const MARK_RANK: Record<ContactSenderMark, number> = { verified: 0, unverified: 1, failed: 2, refused: 3 };

/** The contact mark of one message's verdict. */
export function markOf(auth: SenderAuth): ContactSenderMark {
  return auth.refuse ? 'refused' : auth.verdict;
}

/** A contact's mark after one more message of its party: the less trusted of the two (a contact never looks safer than its worst mail). */
export function worseMark(current: string | null | undefined, next: ContactSenderMark): ContactSenderMark {
  const known = CONTACT_SENDER_MARKS.find((m) => m === current);
  if (!known) return next;
  return MARK_RANK[next] > MARK_RANK[known] ? next : known;
}
