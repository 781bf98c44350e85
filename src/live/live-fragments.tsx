import type { Deps } from '../deps.js';
import type { Translate } from '../i18n/i18n.js';
import type { LiveEvent } from '../shared/event-bus.js';
import { formatStamp } from '../shared/time-format.js';
import { auditCallerShown, callSidOfContact, loadScreenPop, type ScreenPopData } from '../calls/screen-pop.service.js';
import { popId, ScreenPop } from '../../views/calls/screen-pop.js';
import { softphoneConfigured } from '../calls/softphone.service.js';
import { InboxNews } from '../../views/contacts/inbox-news.js';
import { PresenceText } from '../../views/contacts/presence.js';
import { LivePartial } from '../../views/live/live-partial.js';

/** Who reads a live stream: each open page gets its fragments in its own user's language. */
export interface Reader {
  userId: number;
  t: Translate;
  csrfToken: string;
  ip: string | null;
}

/**
 * What one live event needs from the database for its fragments, read once per event on this instance however
 * many pages are open (the stream of every reader asks; the first one reads).
 */
const loaded = new WeakMap<LiveEvent, Promise<ScreenPopData | null>>();
function popOf(deps: Deps, e: LiveEvent): Promise<ScreenPopData | null> {
  let p = loaded.get(e);
  if (!p) {
    p = (async () => {
      const d = e.data;
      const callSid =
        typeof d.callSid === 'string'
          ? d.callSid
          : typeof d.contactId === 'number'
            ? await callSidOfContact(deps, d.contactId)
            : null;
      return callSid ? loadScreenPop(deps, callSid) : null;
    })();
    loaded.set(e, p);
  }
  return p;
}

const html = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());
const idOf = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/**
 * The HTML a live event draws on a reader's open pages, or null when it draws nothing: htmx's SSE support swaps
 * it (an unnamed message; views/live/live-partial.tsx says where each piece goes). Everything goes through JSX,
 * so a name is text, never markup.
 */
export async function liveFragment(deps: Deps, e: LiveEvent, reader: Reader): Promise<string | null> {
  const { t } = reader;
  switch (e.type) {
    case 'call.incoming':
    case 'call.ended':
    case 'contact.taken': {
      const pop = await popOf(deps, e);
      if (!pop) return null;
      // The caller's name from an earlier contact is personal data shown to this reader: audited before it goes,
      // and sent only with the pop itself (an update keeps the line the page has: hx-preserve).
      if (e.type === 'call.incoming') await auditCallerShown(deps, pop, reader.userId, reader.ip);
      const id = popId(pop.callSid);
      const zone = deps.config.office.timeZone;
      const view = (
        <ScreenPop
          t={t}
          pop={pop}
          csrfToken={reader.csrfToken}
          stamp={(iso) => formatStamp(iso, zone)}
          withCaller={e.type === 'call.incoming'}
          softphone={softphoneConfigured(deps)}
        />
      );
      // A new call goes on top of the pops; a pop already there (the caller chose from the menu, the call ended,
      // someone took it) is brought up to date where it stands, without losing the focus that may be in it.
      return html(
        <>
          {e.type === 'call.incoming' && (
            <LivePartial target={`#screen-pop:not(:has(#${id}))`} swap="afterbegin">
              {view}
            </LivePartial>
          )}
          <LivePartial target={`#screen-pop #${id}`} swap="outerMorph">
            {view}
          </LivePartial>
        </>,
      );
    }
    case 'presence': {
      const contactId = idOf(e.data.contactId);
      if (!contactId || !Array.isArray(e.data.present)) return null;
      const names = (e.data.present as { id?: unknown; name?: unknown }[])
        .filter((p) => p && p.id !== reader.userId && typeof p.name === 'string')
        .map((p) => p.name as string);
      return html(
        <LivePartial target={`article.contact[data-contact-id="${contactId}"] #presence`} swap="innerHTML">
          <PresenceText t={t} names={names} />
        </LivePartial>,
      );
    }
    case 'contact.updated': {
      // An inbox that lists the changed contact says so, unless it already offers a fresh list.
      const id = idOf(e.data.id);
      if (!id) return null;
      return html(
        <LivePartial
          target={`main:has(#inbox-results tr[data-id="${id}"]) #inbox-news:not(:has(button))`}
          swap="innerHTML"
        >
          <InboxNews t={t} />
        </LivePartial>,
      );
    }
    default:
      return null;
  }
}
