import type { Translate } from '../../src/i18n/i18n.js';

/** "Also on this contact now: Rik, Sam" (empty when nobody else is there), in the reader's language. */
export function PresenceText(props: { t: Translate; names: string[] }) {
  return <>{props.names.length ? props.t('contact.presence', { names: props.names.join(', ') }) : ''}</>;
}
