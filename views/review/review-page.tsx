import type { MessageKey } from '../../src/i18n/i18n.js';
import { noSwapOnError } from '../live/live-partial.js';
import type { PageContext } from '../layout.js';
import { Csrf } from '../components/form.js';
import { DISMISS_REASONS } from '../../src/review/review.table.js';

interface SafeFlags {
  mayCallBack: boolean | null;
  mayLeaveVoicemail: boolean | null;
  mayEmail: boolean | null;
  viaProfessionalOnly: boolean | null;
}
export interface ReviewRow {
  id: number;
  reference: string | null;
  channel: string;
  arrived: string;
  party: string | null;
  duration: string;
  line: string;
  earlier: number;
  safe: SafeFlags;
  urgent: boolean;
  minor: boolean;
  /** Came in during the desk's latest closed period: marked apart from the backlog. */
  tonight: boolean;
  played: boolean | null;
  hold: 'free' | 'mine' | 'other';
  holderName: string | null;
  simulated: boolean;
}
export interface Segment {
  text: string;
  mark?: { kind: string };
}
export interface ReviewItemProps {
  id: number;
  reference: string | null;
  channel: string;
  arrived: string;
  party: string | null;
  urgent: boolean;
  minor: boolean;
  safe: SafeFlags;
  hasPhone: boolean;
  decided: boolean;
  hold: 'free' | 'mine' | 'other';
  holderName: string | null;
  recordingGone: boolean;
  needsPlay: boolean;
  /** Not heard by this agent, but decidable with this reason (Twilio no longer has it, or it failed for them). */
  unplayable: 'gone' | 'failed' | null;
  simulated: boolean;
  recordings: { id: number; duration: string; played: boolean; transcription: Segment[] | null }[];
  mailText: Segment[] | null;
  callDuration: string | null;
  earlier: { id: number; reference: string | null; channel: string; at: string; queue: string; status: string }[];
}
interface ReviewOverviewProps {
  waiting: number;
  oldestAge: string | null;
  stats: { day: string; channel: string; count: number; median: string; p90: string }[];
}
export interface ReviewPageProps {
  ctx: PageContext;
  rows: ReviewRow[];
  current: ReviewItemProps | null;
  overview: ReviewOverviewProps | null;
  flash?: { kind: 'ok' | 'error'; text: string; link?: { href: string; text: string } };
  error?: { field: 'reason' | 'target' | 'decision'; text: string };
}

const channelLabel = (t: PageContext['t'], ch: string) => t(`review.channel.${ch}` as MessageKey);

function Flags(props: { t: PageContext['t']; safe: SafeFlags }) {
  const { t, safe } = props;
  const list = [
    safe.mayCallBack === false && t('review.flag.noCallBack'),
    safe.mayLeaveVoicemail === false && t('review.flag.noVoicemail'),
    safe.mayEmail === false && t('review.flag.noEmail'),
    safe.viaProfessionalOnly === true && t('review.flag.professional'),
  ].filter((x): x is string => !!x);
  if (!list.length) return <span class="muted">{t('review.none')}</span>;
  return (
    <ul class="flags">
      {list.map((f) => (
        <li class="tag flag-warn">{f}</li>
      ))}
    </ul>
  );
}

function Marked(props: { segments: Segment[] }) {
  return (
    <p class="review-text">
      {props.segments.map((s) => (s.mark ? <mark class={`match-${s.mark.kind}`}>{s.text}</mark> : s.text))}
    </p>
  );
}

/** The list of waiting items: one row each, the open one marked; every row links to its contact. */
export function ReviewList(props: { ctx: PageContext; rows: ReviewRow[]; currentId: number | null }) {
  const { t } = props.ctx;
  // Live: when the live stream says an item came, changed or was decided, htmx fetches the list anew and swaps
  // it in — unless the agent's focus is in it (public/review.js then offers the new list in #review-live).
  const live = {
    'hx-get': `/review/list${props.currentId ? `?current=${props.currentId}` : ''}`,
    'hx-trigger':
      'review.changed from:body delay:300ms, contact.created from:body delay:300ms, contact.updated from:body delay:300ms',
    'hx-swap': 'outerHTML',
    // One event of a burst asks; the others wait for its answer, and only the last of them asks again.
    'hx-sync': 'this:queue last',
    ...noSwapOnError,
  };
  if (!props.rows.length)
    return (
      <div id="review-list" class="review-list" {...live}>
        <p id="review-empty">{t('review.empty')}</p>
      </div>
    );
  return (
    <div id="review-list" class="review-list" {...live}>
      <table class="list">
        <caption class="visually-hidden">{t('review.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('review.col.item')}</th>
            <th scope="col">{t('review.col.arrived')}</th>
            <th scope="col">{t('review.col.party')}</th>
            <th scope="col">{t('review.col.duration')}</th>
            <th scope="col">{t('review.col.text')}</th>
            <th scope="col">{t('review.col.earlier')}</th>
            <th scope="col">{t('review.col.flags')}</th>
            <th scope="col">{t('review.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr
              class={`review-row${r.urgent ? ' prio-urgent' : ''}${r.tonight ? ' is-tonight' : ' is-backlog'}${r.id === props.currentId ? ' is-current' : ''}`}
              data-id={String(r.id)}
              aria-current={r.id === props.currentId ? 'true' : undefined}
            >
              <td>
                <a href={`/review/${r.id}`}>{channelLabel(t, r.channel)}</a>
                {r.urgent && (
                  <>
                    {' '}
                    <strong class="badge badge-urgent">{t('review.urgent')}</strong>
                  </>
                )}
                {r.minor && (
                  <>
                    {' '}
                    <span class="badge badge-minor">{t('review.minor')}</span>
                  </>
                )}
                <br />
                <a class="ref" href={`/contacts/${r.id}`}>
                  {r.reference ?? `#${r.id}`}
                </a>
                {r.simulated && (
                  <>
                    {' '}
                    <span class="tag warn simulated">{t('contact.simulated')}</span>
                  </>
                )}
              </td>
              <td class="arrived" data-label={t('review.col.arrived')}>
                {r.tonight ? (
                  <span class="tag tag-tonight">{t('review.tonight')}</span>
                ) : (
                  <span class="tag tag-backlog">{t('review.backlog')}</span>
                )}{' '}
                <span class="stamp">{r.arrived}</span>
              </td>
              <td data-label={t('review.col.party')}>{r.party ?? '—'}</td>
              <td data-label={t('review.col.duration')}>{r.duration}</td>
              <td class="first-line" data-label={t('review.col.text')}>
                {r.line}
              </td>
              <td data-label={t('review.col.earlier')}>
                {r.earlier > 0 ? t('review.earlierCount', { count: r.earlier }) : t('review.none')}
              </td>
              <td data-label={t('review.col.flags')}>
                <Flags t={t} safe={r.safe} />
              </td>
              <td data-label={t('review.col.state')}>
                {r.played === true && <span class="tag">{t('review.played')}</span>}
                {r.played === false && <span class="tag">{t('review.notPlayed')}</span>}
                {r.hold === 'other' && (
                  <span class="held-by" data-hold="other">
                    {' '}
                    {t('review.heldBy', { name: r.holderName ?? '?' })}
                  </span>
                )}
                {r.hold === 'mine' && (
                  <span class="held-by" data-hold="mine">
                    {' '}
                    {t('review.heldByMe')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DecisionButton(props: { t: PageContext['t']; decision: string; keyName: string; disabled: boolean }) {
  return (
    <button
      type="submit"
      name="decision"
      value={props.decision}
      data-review-key={props.keyName}
      disabled={props.disabled}
      aria-describedby={props.disabled ? 'review-why' : undefined}
    >
      {props.t(`review.decision.${props.decision}` as MessageKey)} <kbd>{props.keyName}</kbd>
    </button>
  );
}

/** One item opened beside the list: what came in, the safe-contact flags first, and the decision forms. */
function ReviewItem(props: { ctx: PageContext; item: ReviewItemProps; error?: ReviewPageProps['error'] }) {
  const { t, csrfToken } = props.ctx;
  const it = props.item;
  const ref = it.reference ?? `#${it.id}`;
  const heldElsewhere = it.hold === 'other';
  const locked = it.needsPlay && !it.unplayable;
  // Decided unheard, the reason goes with every decision (and into the audit log).
  const unheard =
    it.needsPlay && it.unplayable ? <input type="hidden" name="unplayable" value={it.unplayable} /> : null;
  const noCall = it.safe.mayCallBack === false || !it.hasPhone;
  return (
    <section id="review-item" class="review-item" aria-labelledby="review-item-h" data-id={String(it.id)}>
      <h2 id="review-item-h">
        {t('review.item', { ref })} · {channelLabel(t, it.channel)}
        {it.simulated && (
          <>
            {' '}
            <span class="tag warn simulated">{t('contact.simulated')}</span>
          </>
        )}
        {it.urgent && (
          <>
            {' '}
            <strong class="badge badge-urgent">{t('review.urgent')}</strong>
          </>
        )}
        {it.minor && (
          <>
            {' '}
            <span class="badge badge-minor">{t('review.minor')}</span>
          </>
        )}
      </h2>
      <p>
        {it.arrived} · {it.party ?? '—'} · <a href={`/contacts/${it.id}`}>{t('review.openContact')}</a>
      </p>
      <div class="review-flags">
        <strong>{t('review.col.flags')}:</strong> <Flags t={t} safe={it.safe} />
      </div>
      <div class="review-earlier">
        <strong>{t('review.col.earlier')}:</strong>{' '}
        {it.earlier.length === 0 ? (
          <span class="muted">{t('review.none')}</span>
        ) : (
          <ul>
            {it.earlier.map((e) => (
              <li>
                <a href={`/contacts/${e.id}`}>{e.reference ?? `#${e.id}`}</a> · {e.at} ·{' '}
                {t(`queue.${e.queue}` as MessageKey)} · {t(`status.${e.status}` as MessageKey)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {!noCall && !it.decided && (
        <form method="post" action={`/callbacks/${it.id}`} class="inline review-call-back">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="back" value="review" />
          {it.safe.mayLeaveVoicemail === false && (
            <strong class="warning no-voicemail">{t('callback.noVoicemail')} </strong>
          )}
          <button type="submit" id="review-call-back">
            {t('callback.place')}
          </button>
        </form>
      )}
      {heldElsewhere && (
        <p class="flash flash-error" role="alert">
          {t('review.heldElsewhere', { name: it.holderName ?? '?' })}
        </p>
      )}
      {it.decided && (
        <p class="flash flash-error" role="alert">
          {t('review.alreadyDecided')}
        </p>
      )}
      {it.recordings.map((r) => (
        <div class="review-voicemail" data-recording={String(r.id)}>
          {it.recordingGone ? (
            <p class="flash flash-error" role="status">
              {t('review.gone')}
            </p>
          ) : (
            <>
              <audio
                controls
                preload="none"
                src={`/calls/recordings/${r.id}`}
                data-played-url={`/review/${it.id}/played`}
                data-failed-url={`/review/${it.id}/failed`}
                aria-label={t('review.channel.voicemail')}
              ></audio>{' '}
              <span>{r.duration}</span>{' '}
              <span class="tag" data-played-state>
                {r.played ? t('review.played') : t('review.notPlayed')}
              </span>
              {!r.played && !it.decided && !heldElsewhere && (
                <div class="review-play-actions">
                  <form method="post" action={`/review/${it.id}/played`} class="inline">
                    <Csrf token={csrfToken} />
                    <button type="submit" data-review-mark-played>
                      {t('review.markPlayed')}
                    </button>
                  </form>{' '}
                  <form method="post" action={`/review/${it.id}/gone`} class="inline">
                    <Csrf token={csrfToken} />
                    <button type="submit">{t('review.checkGone')}</button>
                  </form>{' '}
                  <form method="post" action={`/review/${it.id}/failed`} class="inline">
                    <Csrf token={csrfToken} />
                    <button type="submit" data-review-failed>
                      {t('review.reportFailed')}
                    </button>
                  </form>
                </div>
              )}
            </>
          )}
          <h3>{t('review.transcription')}</h3>
          {r.transcription ? <Marked segments={r.transcription} /> : <p>{t('review.noTranscription')}</p>}
        </div>
      ))}
      {it.mailText && (
        <div class="review-mail">
          <h3>{t('review.mail')}</h3>
          <Marked segments={it.mailText} />
        </div>
      )}
      {it.channel === 'phone' && (
        <p>
          {t('review.missedCall')} {it.callDuration ?? ''}
        </p>
      )}
      {!it.decided && !heldElsewhere && (
        <section class="review-decide" aria-labelledby="review-decide-h">
          <h3 id="review-decide-h">{t('review.decide')}</h3>
          {locked && (
            <p id="review-why" class="why" role="status">
              {t('review.notHeard')}
            </p>
          )}
          {unheard && (
            <p id="review-unheard" class="why" role="status">
              <strong>{t('review.unplayable.legend')}</strong>: {t(`review.unplayable.${it.unplayable!}` as MessageKey)}
            </p>
          )}
          {props.error && (
            <p class="flash flash-error" role="alert" id="review-error">
              {props.error.text}
            </p>
          )}
          <div class="review-callback">
            {it.safe.mayLeaveVoicemail === false && <p class="tag flag-warn">{t('review.callbackWarnVoicemail')}</p>}
            {it.safe.viaProfessionalOnly === true && (
              <p class="tag flag-warn">{t('review.callbackWarnProfessional')}</p>
            )}
            {it.safe.mayCallBack === false && <p class="why">{t('review.callbackRefused')}</p>}
            {it.safe.mayCallBack !== false && !it.hasPhone && <p class="why">{t('review.callbackNoNumber')}</p>}
          </div>
          <form method="post" action={`/review/${it.id}`} class="review-decisions">
            <Csrf token={csrfToken} />
            {unheard}
            <DecisionButton t={t} decision="callback" keyName="c" disabled={locked || noCall} />
            <DecisionButton t={t} decision="legal" keyName="l" disabled={locked} />
            <DecisionButton t={t} decision="registration" keyName="g" disabled={locked} />
            <DecisionButton t={t} decision="care" keyName="z" disabled={locked} />
            <DecisionButton t={t} decision="general" keyName="i" disabled={locked} />
          </form>
          <form method="post" action={`/review/${it.id}`} class="review-merge">
            <Csrf token={csrfToken} />
            <input type="hidden" name="decision" value="merge" />
            {unheard}
            <div class="field">
              <label for="review-target">{t('review.mergeTarget')}</label>
              <input
                id="review-target"
                name="target"
                data-review-focus="m"
                autocomplete="off"
                aria-invalid={props.error?.field === 'target' ? 'true' : undefined}
                aria-describedby={props.error?.field === 'target' ? 'review-error' : undefined}
              />
            </div>
            <button type="submit" disabled={locked} aria-describedby={locked ? 'review-why' : undefined}>
              {t('review.decision.merge')} <kbd>m</kbd>
            </button>
          </form>
          <form method="post" action={`/review/${it.id}`} class="review-dismiss">
            <Csrf token={csrfToken} />
            <input type="hidden" name="decision" value="dismiss" />
            {unheard}
            <div class="field">
              <label for="review-reason">{t('review.reason')}</label>
              <select
                id="review-reason"
                name="reason"
                data-review-focus="d"
                aria-invalid={props.error?.field === 'reason' ? 'true' : undefined}
                aria-describedby={props.error?.field === 'reason' ? 'review-error' : undefined}
              >
                <option value="">{t('review.chooseReason')}</option>
                {DISMISS_REASONS.map((r) => (
                  <option value={r}>{t(`review.reason.${r}` as MessageKey)}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="review-note">{t('review.note')}</label>
              <textarea id="review-note" name="note" rows={2} maxlength={2000}></textarea>
            </div>
            <button type="submit" disabled={locked} aria-describedby={locked ? 'review-why' : undefined}>
              {t('review.decision.dismiss')} <kbd>d</kbd>
            </button>
          </form>
        </section>
      )}
    </section>
  );
}

/** The supervisor's box: waiting count, age of the oldest, time to first review per day and channel. */
function ReviewOverview(props: { ctx: PageContext; overview: ReviewOverviewProps }) {
  const { t } = props.ctx;
  const o = props.overview;
  return (
    <section class="review-overview" aria-labelledby="review-overview-h">
      <h2 id="review-overview-h">{t('review.supervisor')}</h2>
      <p>
        <span id="review-waiting">{t('review.waiting', { count: o.waiting })}</span>
        {o.oldestAge && (
          <>
            {' · '}
            <span id="review-oldest">{t('review.oldest', { age: o.oldestAge })}</span>
          </>
        )}
      </p>
      <h3>{t('review.ttfr')}</h3>
      {o.stats.length === 0 ? (
        <p>{t('review.ttfr.none')}</p>
      ) : (
        <table class="list" id="review-ttfr">
          <thead>
            <tr>
              <th scope="col">{t('review.ttfr.day')}</th>
              <th scope="col">{t('review.ttfr.channel')}</th>
              <th scope="col">{t('review.ttfr.count')}</th>
              <th scope="col">{t('review.ttfr.median')}</th>
              <th scope="col">{t('review.ttfr.p90')}</th>
            </tr>
          </thead>
          <tbody>
            {o.stats.map((s) => (
              <tr>
                <td>{s.day}</td>
                <td>{channelLabel(t, s.channel)}</td>
                <td>{s.count}</td>
                <td>{s.median}</td>
                <td>{s.p90}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The after-hours review page: the list, the open item beside it, the supervisor's box. */
export function ReviewPage(props: ReviewPageProps) {
  const { t } = props.ctx;
  return (
    <section
      aria-labelledby="review-h"
      class="review"
      data-review-current={props.current ? String(props.current.id) : ''}
      data-text-played={t('review.played')}
      data-text-changed={t('review.listChanged')}
    >
      <h1 id="review-h">{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      <p class="hint">{t('review.keysHint')}</p>
      <p id="review-live" class="live-note" role="status" aria-live="polite"></p>
      {props.flash && (
        <p class={`flash flash-${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
          {props.flash.text}
          {props.flash.link && (
            <>
              {' '}
              <a href={props.flash.link.href}>{props.flash.link.text}</a>
            </>
          )}
        </p>
      )}
      {props.overview && <ReviewOverview ctx={props.ctx} overview={props.overview} />}
      <div class="review-layout">
        <ReviewList ctx={props.ctx} rows={props.rows} currentId={props.current?.id ?? null} />
        {props.current && <ReviewItem ctx={props.ctx} item={props.current} error={props.error} />}
      </div>
    </section>
  );
}
