import type { PageContext } from '../layout.js';
import type { CallTable, RecordingTable } from '../../src/calls/calls.table.js';
import { formatDuration } from '../../src/shared/time-format.js';

/** A call as the panel shows it; `answered` is the phone rule's verdict on the agents' dial. */
type Call = Omit<CallTable, 'id'> & { id: number; answered: boolean; answeredBy: string | null };
type Recording = Omit<RecordingTable, 'id'> & { id: number };

export interface CallPanelProps {
  ctx: PageContext;
  /** The call's contact, for "register a possible victim" (the registration form is prefilled from it). */
  contactId: number;
  calls: Call[];
  recordings: Recording[];
  /** The contact's call outcome: answered, missed, voicemail (null while the call goes on). */
  outcome: 'answered' | 'missed' | 'voicemail' | null;
  /** The caller's number as lists show it (masked), or null when withheld. */
  fromMask: string | null;
  stamp: (iso: string | null) => string;
}

/**
 * The phone part of a contact's page: the call (when, how long, how it ended, the menu choice) and each
 * voicemail with a player that streams through Baken (/calls/recordings/:id, never a Twilio link) and its
 * transcription.
 */
export function CallPanelView(props: CallPanelProps) {
  const { t } = props.ctx;
  return (
    <section class="call-panel" aria-labelledby="call-panel-h">
      <h2 id="call-panel-h">{t('calls.panel.title')}</h2>
      <p class="call-actions">
        <a class="button" href={`/registrations/new?contact=${props.contactId}`}>
          {t('reg.register')}
        </a>
      </p>
      {props.outcome && (
        <p class="call-outcome">
          {t('calls.panel.outcome')}:{' '}
          <strong class={`tag outcome-${props.outcome}`}>{t(`calls.outcome.${props.outcome}`)}</strong>
        </p>
      )}
      {props.calls.map((c) => (
        <dl class="call" data-call-sid={c.call_sid}>
          <dt>{t('calls.panel.from')}</dt>
          <dd>{props.fromMask ?? t('calls.withheld')}</dd>
          <dt>{t('calls.panel.started')}</dt>
          <dd>
            {props.stamp(c.started_at)}
            {!c.in_office_hours && (
              <>
                {' '}
                <span class="tag">{t('contact.afterHours')}</span>
              </>
            )}
          </dd>
          {c.ended_at && (
            <>
              <dt>{t('calls.panel.ended')}</dt>
              <dd>{props.stamp(c.ended_at)}</dd>
            </>
          )}
          <dt>{t('calls.panel.duration')}</dt>
          <dd class="call-duration">{formatDuration(c.duration)}</dd>
          <dt>{t('calls.panel.status')}</dt>
          <dd class="call-status">{t(`calls.status.${c.status}` as 'calls.status.completed')}</dd>
          <dt>{t('calls.panel.menu')}</dt>
          <dd>
            {c.menu_choice ? `${c.menu_choice} · ${t(`calls.menu.${c.menu_choice}`)}` : t('calls.panel.noChoice')}
          </dd>
          {c.dial_status && (
            <>
              <dt>{t('calls.panel.agent')}</dt>
              <dd class="call-agent">
                {c.answered
                  ? c.answeredBy
                    ? t('calls.outcome.answeredBy', { who: c.answeredBy })
                    : t('calls.panel.answered')
                  : t('calls.panel.notAnswered')}
              </dd>
            </>
          )}
        </dl>
      ))}
      {props.recordings.map((r) => (
        <div class="voicemail" data-recording-id={String(r.id)}>
          <h3>
            {t('calls.panel.voicemail')}{' '}
            <small>{t('calls.panel.recordingDuration', { duration: formatDuration(r.duration) })}</small>
          </h3>
          <audio controls preload="none" src={`/calls/recordings/${r.id}`}></audio>
          <p class="muted">
            {r.played_at ? t('calls.panel.played', { when: props.stamp(r.played_at) }) : t('calls.panel.notPlayed')}
          </p>
          {!r.played_at && (
            <form method="post" action={`/calls/recordings/${r.id}/played`} class="inline">
              <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
              <button type="submit">{t('calls.panel.markPlayed')}</button>
            </form>
          )}
          <h4>{t('calls.panel.transcription')}</h4>
          {r.transcription_text ? (
            <blockquote class="transcription">{r.transcription_text}</blockquote>
          ) : (
            <p class="muted">
              {r.transcription_status === 'failed'
                ? t('calls.panel.transcriptionFailed')
                : t('calls.panel.transcriptionPending')}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
