import type { Translate } from '../../src/i18n/i18n.js';

/** The timeline text of an email event (kind `email.*`) in the reader's language. */
export function emailEventLabel(t: Translate, kind: string, data: Record<string, unknown>): string {
  const ref = typeof data.ref === 'string' ? data.ref : '';
  switch (kind) {
    case 'email.received':
      return t('event.email.received');
    case 'email.reply':
      return t('event.email.reply');
    case 'email.ack':
      return t('event.email.ack');
    case 'email.failed':
      return t('event.email.failed');
    case 'email.cancelled':
      return t('event.email.cancelled');
    case 'email.spam':
      return t('event.email.spam');
    case 'email.not-spam':
      return t('event.email.notSpam');
    case 'email.merged-into':
      return t('event.email.mergedInto', { ref });
    case 'email.merged-from':
      return t('event.email.mergedFrom', { ref });
    default:
      return typeof data.label === 'string' ? data.label : kind;
  }
}
