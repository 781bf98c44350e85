import type { MessageKey, Translate } from '../../src/i18n/i18n.js';

/** The timeline text of a review event (kind `review.decided`) in the reader's language. */
export function reviewEventLabel(t: Translate, kind: string, data: Record<string, unknown>): string | null {
  if (kind !== 'review.decided') return null;
  const decision = typeof data.decision === 'string' ? data.decision : '';
  if (decision === 'callback' && typeof data.ref === 'string') return t('event.review.callback', { ref: data.ref });
  if (decision === 'dismiss' && typeof data.reason === 'string')
    return t('event.review.dismissed', { reason: t(`review.reason.${data.reason}` as MessageKey) });
  return t('event.review.decided', { decision: t(`review.decision.${decision}` as MessageKey) });
}
