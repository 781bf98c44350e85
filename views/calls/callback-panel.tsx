import type { PageContext } from '../layout.js';
import { Csrf } from '../components/form.js';
import type { CallbackRefusal } from '../../src/calls/callback-rules.js';
import { CALLBACK_OUTCOMES_PLACED } from '../../src/calls/callback.table.js';
import { formatDuration } from '../../src/shared/time-format.js';
import type { EventLabeller } from '../contacts/timeline.js';

/** The timeline texts of `callback.*` events, in the reader's language. */
export const callbackEventLabel: EventLabeller = (t, kind, data) => {
  if (kind === 'callback.placed') return t('callback.event.placed');
  if (kind === 'callback.failed') return t('callback.event.failed', { error: String(data.error ?? '') });
  if (kind === 'callback.machine')
    return t(data.hungUp === true ? 'callback.event.machineHungUp' : 'callback.event.machineHangupFailed');
  const outcome = CALLBACK_OUTCOMES_PLACED.find((o) => o === data.outcome);
  if (kind === 'callback.attempt' && outcome)
    return t(`callback.event.${outcome}`, {
      duration: formatDuration(typeof data.duration === 'number' ? data.duration : null),
    });
  return null;
};

export interface CallbackPanelProps {
  ctx: PageContext;
  contactId: number;
  /** Why no call may be placed from this contact, or null. */
  refusal: CallbackRefusal | null;
  /** The party may not get a voicemail: said before dialling. */
  noVoicemail: boolean;
  /** Twilio and TWILIO_CALLER_ID are set up. */
  configured: boolean;
}

const refusalKey = {
  may_not_call_back: 'callback.forbidden',
  only_via_professional: 'callback.onlyProfessional',
  no_number: 'callback.noNumber',
} as const;

/** "Call back now" on a contact: the agent's phone rings first, then Baken dials the party with the desk's number. */
export function CallbackPanelView(props: CallbackPanelProps) {
  const { t } = props.ctx;
  return (
    <section class="callback-panel" aria-labelledby="callback-panel-h">
      <h2 id="callback-panel-h">{t('callback.place')}</h2>
      {props.refusal ? (
        <p class="no-callback" data-refusal={props.refusal}>
          {t(refusalKey[props.refusal])}
        </p>
      ) : !props.configured ? (
        <p class="hint">{t('callback.notConfigured')}</p>
      ) : (
        <form method="post" action={`/callbacks/${props.contactId}`} class="stack">
          <Csrf token={props.ctx.csrfToken} />
          {props.noVoicemail && (
            <p class="warning no-voicemail" role="note">
              <strong>{t('callback.noVoicemail')}</strong>
            </p>
          )}
          <p class="hint">{t('callback.placeHint')}</p>
          <button type="submit" class="primary" id="callback-place">
            {t('callback.place')}
          </button>
        </form>
      )}
    </section>
  );
}
