/** Where a registration's latest referral stands (`none`: never referred). */
export type ReferralState = 'none' | 'pending' | 'accepted' | 'returned';
export type ReferralEvent = 'refer' | 'accept' | 'return';

export interface ReferralFacts {
  state: ReferralState;
  /** consent to share for care: true, false, or null when it was not asked */
  consentCare: boolean | null;
  /** the registration's care region: none chosen, one without a coordinator (the centre coordinates), one with */
  region: 'none' | 'without_coordinator' | 'with_coordinator';
  /** the case was closed */
  closed: boolean;
  /** a return's reason as typed (trimmed) */
  reason?: string;
}

export const RETURN_REASON_MAX = 1000;

export type ReferralRefusal =
  | 'no_consent'
  | 'no_region'
  | 'closed'
  | 'already_pending'
  | 'already_accepted'
  | 'not_pending'
  | 'reason_required'
  | 'reason_too_long';

export type ReferralDecision =
  | { ok: true; next: 'pending' | 'accepted' | 'returned' | 'centre' }
  | { ok: false; status: 409 | 422; refusal: ReferralRefusal };

const no = (status: 409 | 422, refusal: ReferralRefusal): ReferralDecision => ({ ok: false, status, refusal });

/**
 * The referral's state machine. Refer: only with the person's consent to share (422; domain.md §5.2: onward sharing
 * for care always needs it), to a chosen region (422), not while one waits or after one was accepted or the case
 * closed (409); a region without a coordinator keeps the case at the centre (`centre`). Accept and return: only
 * a waiting referral (409 otherwise, so the second of two coordinators answering at once gets 409); a return
 * needs a reason (422).
 */
export function decideReferral(event: ReferralEvent, f: ReferralFacts): ReferralDecision {
  if (event === 'refer') {
    if (f.consentCare !== true) return no(422, 'no_consent');
    if (f.closed) return no(409, 'closed');
    if (f.state === 'pending') return no(409, 'already_pending');
    if (f.state === 'accepted') return no(409, 'already_accepted');
    if (f.region === 'none') return no(422, 'no_region');
    return { ok: true, next: f.region === 'with_coordinator' ? 'pending' : 'centre' };
  }
  if (f.state !== 'pending') return no(409, 'not_pending');
  if (event === 'accept') return { ok: true, next: 'accepted' };
  const reason = f.reason ?? '';
  if (!reason) return no(422, 'reason_required');
  if (reason.length > RETURN_REASON_MAX) return no(422, 'reason_too_long');
  return { ok: true, next: 'returned' };
}
