import type { Translate } from '../../src/i18n/i18n.js';
import type { Availability } from '../../src/calls/softphone.table.js';
import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';

const STATUSES: Availability[] = ['available', 'busy', 'away'];

/** The agent's availability in the header: available, busy or away, set with one small form (works without JS). */
export function AvailabilityForm(props: { t: Translate; csrfToken: string; status: Availability; saved?: boolean }) {
  const { t } = props;
  return (
    <form
      method="post"
      action="/voice/availability"
      class={`availability inline is-${props.status}`}
      hx-post="/voice/availability"
      hx-target="this"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <label>
        {t('softphone.availability.label')}{' '}
        <select name="status">
          {STATUSES.map((s) => (
            <option value={s} selected={s === props.status}>
              {t(`softphone.availability.${s}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('softphone.availability.save')}</button>
      {props.saved && (
        <span class="muted" role="status">
          {t('softphone.availability.saved', { status: t(`softphone.availability.${props.status}`) })}
        </span>
      )}
    </form>
  );
}

export interface SoftphoneProps {
  ctx: PageContext;
  configured: boolean;
  availability: Availability;
  colleagues: { id: number; name: string; available: boolean }[];
}

/**
 * The phone page: kept open while the agent takes calls (a page change would end the call), it registers the Voice
 * SDK's Device (public/softphone-device.js) and rings here with accept, decline, mute, hold and hang up; the caller's
 * contact opens in another tab. All controls are rendered here; public/softphone.js only shows and hides them.
 */
export function SoftphonePage(props: SoftphoneProps) {
  const { t, csrfToken } = props.ctx;
  const texts = {
    offline: t('softphone.state.offline'),
    ready: t('softphone.state.ready'),
    ringing: t('softphone.state.ringing'),
    inCall: t('softphone.state.inCall'),
    ended: t('softphone.state.ended'),
    error: t('softphone.state.error'),
    mute: t('softphone.mute'),
    unmute: t('softphone.unmute'),
    hold: t('softphone.hold'),
    resume: t('softphone.resume'),
    failed: t('softphone.transfer.failed'),
  };
  return (
    <section class="softphone-page">
      <h1>{t('softphone.title')}</h1>
      <AvailabilityForm t={t} csrfToken={csrfToken} status={props.availability} />
      <p>{t('softphone.intro')}</p>
      {!props.configured ? (
        <Flash kind="info">{t('softphone.notConfigured')}</Flash>
      ) : (
        <div id="softphone" class="softphone" data-state="offline" data-texts={JSON.stringify(texts)}>
          <p class="softphone-state" role="status" aria-live="assertive">
            {texts.offline}
          </p>
          <p class="softphone-from" hidden></p>
          <div class="softphone-ringing" hidden>
            <button type="button" class="primary" data-action="accept">
              {t('softphone.accept')}
            </button>{' '}
            <button type="button" data-action="decline">
              {t('softphone.decline')}
            </button>
          </div>
          <div class="softphone-call" hidden>
            <button type="button" data-action="mute" aria-pressed="false">
              {t('softphone.mute')}
            </button>{' '}
            <button type="button" data-action="hold" aria-pressed="false">
              {t('softphone.hold')}
            </button>{' '}
            <button type="button" class="danger" data-action="hangup">
              {t('softphone.hangup')}
            </button>
            <fieldset class="softphone-transfer">
              <legend>{t('softphone.transfer.title')}</legend>
              <label>
                {t('softphone.transfer.colleague')}{' '}
                <select name="colleague">
                  {props.colleagues.map((u) => (
                    <option value={String(u.id)}>
                      {u.name}
                      {u.available ? ` · ${t('softphone.availability.available')}` : ''}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="button" data-action="consult">
                {t('softphone.transfer.consult')}
              </button>{' '}
              <button type="button" data-action="handover">
                {t('softphone.transfer.handover')}
              </button>
              <br />
              <label>
                {t('softphone.transfer.interpreter')}{' '}
                <input name="interpreter" type="tel" inputmode="tel" autocomplete="off" maxlength={20} />
              </label>{' '}
              <button type="button" data-action="interpreter">
                {t('softphone.transfer.addInterpreter')}
              </button>
            </fieldset>
          </div>
          <p class="softphone-error" role="alert" hidden></p>
          <script src="/static/twilio.min.js" defer></script>
          <script src="/static/softphone-device.js" defer></script>
          <script src="/static/softphone.js" defer></script>
        </div>
      )}
    </section>
  );
}
