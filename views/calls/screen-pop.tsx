import type { Translate } from '../../src/i18n/i18n.js';
import type { ScreenPopData } from '../../src/calls/screen-pop.service.js';
import { earlierContactLabel } from './earlier-label.js';

/** Seconds an ended call's pop stays before it closes itself (public/pop.js; never while it has the focus). */
const POP_CLOSE_AFTER_S = 60;

/** The element id of a call's pop: a live update of the same call finds it (a CallSid is letters and digits). */
export const popId = (callSid: string) => `pop-${callSid.replace(/[^A-Za-z0-9_-]/g, '')}`;

/** Who called from this number last time, as the pop says it. */
function callerLine(t: Translate, caller: NonNullable<ScreenPopData['caller']>): string {
  if (caller.name && caller.organisation)
    return t('calls.pop.callerOrg', { name: caller.name, organisation: caller.organisation });
  if (caller.name) return t('calls.pop.caller', { name: caller.name });
  return t('calls.pop.callerOrgOnly', { organisation: caller.organisation ?? '' });
}

/**
 * A screen pop for a call, drawn on the server in the reader's language and swapped into #screen-pop by htmx's
 * SSE support (src/live/live-fragments.tsx). It never takes the focus: public/pop.js gives it its keys (t takes
 * the call, o opens the contact, Esc closes the pop). An ended call says so, offers no "take", and closes itself.
 */
export function ScreenPop(props: {
  t: Translate;
  pop: ScreenPopData;
  csrfToken: string;
  stamp: (iso: string) => string;
  /** False for an update of a pop already there: the caller's line is not sent again, the page keeps its own. */
  withCaller?: boolean;
  /** The desk has the browser softphone: the pop is its remote (public/softphone-remote.js). */
  softphone?: boolean;
}) {
  const { t, pop } = props;
  const id = popId(pop.callSid);
  const href = `/contacts/${pop.contactId}`;
  const title = pop.ended ? t('calls.pop.ended') : pop.officeOpen ? t('calls.pop.title') : t('calls.pop.titleClosed');
  const classes = ['pop', pop.ended ? 'ended' : '', pop.takenBy ? 'is-taken' : ''].filter(Boolean).join(' ');
  return (
    <section
      class={classes}
      id={id}
      role="alert"
      data-call={pop.callSid}
      data-contact={String(pop.contactId)}
      data-close-after={pop.ended ? String(POP_CLOSE_AFTER_S) : undefined}
    >
      <h2>
        {title} <strong class="number">{pop.from ?? t('calls.withheld')}</strong>
      </h2>
      {pop.caller && (
        <p class="caller" id={`${id}-caller`} hx-preserve="">
          {props.withCaller === false ? '' : callerLine(t, pop.caller)}
        </p>
      )}
      {pop.menuChoice && <p class="menu">{`${pop.menuChoice} · ${t(`calls.menu.${pop.menuChoice}`)}`}</p>}
      {pop.ended && <p class="pop-ended">{t('calls.pop.endedNote')}</p>}
      {pop.earlier.length > 0 && (
        <>
          <p>{t('calls.pop.earlier')}</p>
          <ul class="earlier">
            {pop.earlier.map((e) => (
              <li>
                <a href={`/contacts/${e.id}`}>{`${e.reference ?? ''} ${earlierContactLabel(t, e)}`}</a>{' '}
                {props.stamp(e.startedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="taken">{pop.takenBy ? t('calls.pop.takenBy', { name: pop.takenBy }) : ''}</p>
      {!pop.ended && (
        <form method="post" action={`${href}/take`} class="inline take">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button type="submit" class="primary">
            {t('calls.pop.take')}
          </button>
        </form>
      )}{' '}
      {props.softphone && !pop.ended && <PopPhone t={t} />}
      <a class="button" href={href}>
        {t('calls.pop.open')}
      </a>
      <button type="button" class="link pop-close" aria-label={t('calls.pop.close')}>
        ×
      </button>
    </section>
  );
}

/**
 * The softphone's remote in a pop: accept and decline while the call rings on this agent's phone page (/voice, in
 * another tab), mute, hold and hang up once accepted, and the call's state as that tab reports it; or, without a
 * phone tab, a link to open it. All hidden until public/softphone-remote.js hears from the phone tab (or not).
 */
function PopPhone(props: { t: Translate }) {
  const { t } = props;
  const texts = {
    ringing: t('softphone.remote.ringing'),
    inCall: t('softphone.remote.inCall'),
    muted: t('softphone.remote.muted'),
    held: t('softphone.remote.held'),
    ended: t('softphone.remote.ended'),
    mute: t('softphone.mute'),
    unmute: t('softphone.unmute'),
    hold: t('softphone.hold'),
    resume: t('softphone.resume'),
  };
  return (
    <div class="pop-phone" data-texts={JSON.stringify(texts)}>
      <p class="pop-phone-state" hidden></p>
      <p class="pop-phone-none" hidden>
        {t('softphone.remote.none')}{' '}
        <a href="/voice" target="baken-phone">
          {t('softphone.remote.open')}
        </a>
      </p>
      <span class="pop-phone-ringing" hidden>
        <button type="button" class="primary" data-phone="accept">
          {t('softphone.accept')}
        </button>{' '}
        <button type="button" data-phone="decline">
          {t('softphone.decline')}
        </button>
      </span>
      <span class="pop-phone-call" hidden>
        <button type="button" data-phone="mute" aria-pressed="false">
          {t('softphone.mute')}
        </button>{' '}
        <button type="button" data-phone="hold" aria-pressed="false">
          {t('softphone.hold')}
        </button>{' '}
        <button type="button" class="danger" data-phone="hangup">
          {t('softphone.hangup')}
        </button>
      </span>
    </div>
  );
}
