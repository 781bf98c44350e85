import type { Translate } from '../../src/i18n/i18n.js';

/**
 * The inbox's live notice: "3 new — show" or "The list has changed — show". A live update never redraws the list
 * (that would move the page and the focus); the agent chooses when to see the new one (public/inbox.js sends the
 * button to the inbox with the filters that are open).
 */
export function InboxNews(props: { t: Translate; n?: number }) {
  const { t, n } = props;
  return (
    <button type="button" class="link" data-inbox-show="">
      {n === undefined ? t('inbox.changed') : t('inbox.new', { n: n >= 100 ? '99+' : n })}
    </button>
  );
}
