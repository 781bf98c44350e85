import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment, page, pageContext } from '../http/render.js';
import { hasRole, requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { formId, parseId } from '../http/params.js';
import { isHtmx, seeOther } from '../http/htmx.js';
import { AppError } from '../shared/app-error.js';
import { formatDuration, formatStamp } from '../shared/time-format.js';
import type { MessageKey } from '../i18n/i18n.js';
import {
  nextItemFor,
  openItem,
  reviewList,
  reviewOverview,
  type ReviewItemView,
  type ReviewListItem,
} from './review.service.js';
import { checkRecordingGone, decideItem, markItemPlayed, reportItemUnplayable } from './review-decide.service.js';
import { arrivalLabel, formatSpan } from './review-rules.js';
import {
  DECISIONS,
  DISMISS_REASONS,
  UNPLAYABLE,
  type Decision,
  type DismissReason,
  type Unplayable,
} from './review.table.js';
import {
  ReviewList,
  ReviewPage,
  type ReviewItemProps,
  type ReviewPageProps,
  type ReviewRow,
} from '../../views/review/review-page.js';

/** Longest note a dismissal keeps. */
const MAX_NOTE = 2000;

type Shown = Pick<ReviewPageProps, 'flash' | 'error'>;

/**
 * The after-hours review (docs/product.md §6, §10) for agents and supervisors: `GET /review` the list, `GET /review/:id`
 * opens an item beside it (and holds it), `POST /review/:id` decides it and lands on the next item.
 */
export function reviewRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use('*', requireRole(...areaRoles('review')));

  const zone = deps.config.office.timeZone;
  const toRow = (c: Context<AppEnv>, x: ReviewListItem): ReviewRow => ({
    ...x,
    arrived: arrivalLabel(zone, c.get('locale'), new Date(x.startedAt)),
    duration: x.duration === null ? '—' : formatDuration(x.duration),
  });
  const toItem = (c: Context<AppEnv>, x: ReviewItemView): ReviewItemProps => ({
    ...x,
    arrived: arrivalLabel(zone, c.get('locale'), new Date(x.startedAt)),
    callDuration: x.callDuration === null ? null : formatDuration(x.callDuration),
    recordings: x.recordings.map((rec) => ({ ...rec, duration: formatDuration(rec.duration) })),
    earlier: x.earlier.map((e) => ({ ...e, at: formatStamp(e.startedAt, zone) })),
  });

  const show = async (
    c: Context<AppEnv>,
    current: ReviewItemView | null,
    shown: Shown = {},
    status: 200 | 404 | 409 | 422 = 200,
  ) => {
    const user = c.get('user')!;
    const items = await reviewList(deps, user.id);
    let overview: ReviewPageProps['overview'] = null;
    if (hasRole(user, 'supervisor')) {
      const o = await reviewOverview(deps, items);
      overview = {
        waiting: o.waiting,
        oldestAge: o.oldestAgeMs === null ? null : formatSpan(o.oldestAgeMs),
        stats: o.stats.map((s) => ({ ...s, median: formatSpan(s.medianMs), p90: formatSpan(s.p90Ms) })),
      };
    }
    c.header('Cache-Control', 'no-store');
    return page(
      c,
      deps,
      c.get('t')('review.title'),
      <ReviewPage
        ctx={pageContext(c, deps)}
        rows={items.map((x) => toRow(c, x))}
        current={current ? toItem(c, current) : null}
        overview={overview}
        {...shown}
      />,
      status,
    );
  };

  /** The flash a decision leaves for the next page (codes and references only, never personal data). */
  const flashOf = (c: Context<AppEnv>): Shown => {
    const t = c.get('t');
    const q = c.req.query();
    const decision = DECISIONS.find((d) => d === q.decided);
    if (!decision) return {};
    const ref = /^[\w-]{1,40}$/.test(q.ref ?? '') ? q.ref! : '';
    const text = t('review.decided', { ref, decision: t(`review.decision.${decision}` as MessageKey) });
    const cb = /^\d{1,12}$/.test(q.callback ?? '') ? q.callback : null;
    const cbRef = /^[\w-]{1,40}$/.test(q.cbref ?? '') ? q.cbref! : '';
    if (cb)
      return {
        flash: {
          kind: 'ok',
          text,
          link: { href: `/contacts/${cb}`, text: t('review.callbackCreated', { ref: cbRef }) },
        },
      };
    if (decision === 'registration' && /^\d{1,12}$/.test(q.id ?? ''))
      return {
        flash: {
          kind: 'ok',
          text,
          link: { href: `/registrations/new?contact=${q.id}`, text: t('review.registrationNext') },
        },
      };
    return { flash: { kind: 'ok', text } };
  };
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });

  r.get('/', (c) => show(c, null, flashOf(c)));

  // The list alone, for public/review.js to refresh it when the list changes (never moves the focus).
  r.get('/list', async (c) => {
    const user = c.get('user')!;
    const current = formId(c.req.query('current'));
    const items = await reviewList(deps, user.id);
    c.header('Cache-Control', 'no-store');
    return fragment(
      c,
      <ReviewList ctx={pageContext(c, deps)} rows={items.map((x) => toRow(c, x))} currentId={current} />,
    );
  });

  r.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const item = await openItem(deps, id, actor(c));
    return show(c, item, flashOf(c));
  });

  r.post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const body = await c.req.parseBody();
    const decision = DECISIONS.find((d) => d === body.decision) as Decision | undefined;
    const reason = DISMISS_REASONS.find((d) => d === body.reason) as DismissReason | undefined;
    const note = typeof body.note === 'string' ? body.note : undefined;
    const target = typeof body.target === 'string' ? body.target.slice(0, 100) : undefined;
    const unplayable = UNPLAYABLE.find((u) => u === body.unplayable) as Unplayable | undefined;
    const refuse = async (error: Shown['error'], status: 404 | 409 | 422) => {
      const item = await openItem(deps, id, actor(c)).catch(() => null);
      if (!item) throw new AppError('review_item_not_found');
      return show(c, item, { error }, status);
    };
    if (note && note.length > MAX_NOTE)
      return refuse({ field: 'decision', text: t('review.noteTooLong', { max: MAX_NOTE }) }, 422);
    if (!decision) return refuse({ field: 'decision', text: t('review.decisionUnknown') }, 422);
    if (body.unplayable !== undefined && body.unplayable !== '' && !unplayable)
      return refuse({ field: 'decision', text: t('review.unplayableUnknown') }, 422);
    if (decision === 'dismiss' && !reason) return refuse({ field: 'reason', text: t('review.reasonRequired') }, 422);
    if (decision === 'merge' && !target?.trim())
      return refuse({ field: 'target', text: t('review.mergeTargetRequired') }, 422);
    let out: Awaited<ReturnType<typeof decideItem>>;
    try {
      out = await decideItem(deps, id, { decision, reason, note, target, unplayable }, actor(c));
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 409 && e.status !== 422)) throw e;
      // The page shows who holds the item (or that it was decided) by itself.
      if (e.code === 'review_held' || e.code === 'review_already_decided') return refuse(undefined, 409);
      const text =
        e.code === 'review_not_played'
          ? t('review.unplayableRequired')
          : e.code === 'review_unplayable_unknown'
            ? t('review.unplayableUnknown')
            : e.code === 'may_not_call_back'
              ? t('review.callbackRefused')
              : e.code === 'no_number'
                ? t('review.callbackNoNumber')
                : e.message;
      return refuse({ field: e.code.startsWith('merge') ? 'target' : 'decision', text }, e.status as 409 | 422);
    }
    const next = await nextItemFor(deps, c.get('user')!.id, id);
    const q = new URLSearchParams({ decided: decision, ref: out.reference, id: String(id) });
    if (out.callbackId) {
      q.set('callback', String(out.callbackId));
      q.set('cbref', out.callbackReference ?? '');
    }
    return seeOther(c, `${next ? `/review/${next}` : '/review'}?${q}`);
  });

  // Marking the voicemail as listened from the review (the page's script on play, or the plain button).
  r.post('/:id/played', async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    const fetched = isHtmx(c) || c.req.header('X-Requested-With') === 'fetch';
    try {
      await markItemPlayed(deps, id, { id: user.id, ip: clientIp(c), user });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'recording_not_heard') throw e;
      if (fetched) return c.text(c.get('t')('review.notHeard'), 422);
      const item = await openItem(deps, id, actor(c));
      return show(c, item, { error: { field: 'decision', text: c.get('t')('review.notHeard') } }, 422);
    }
    if (fetched) return c.body(null, 204);
    return seeOther(c, `/review/${id}`);
  });

  // The agent's player could not play the voicemail (public/review.js on the audio's error, with the browser's
  // MediaError code): noted and audited, so the item may be decided with the reason "failed".
  r.post('/:id/failed', async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    const body = await c.req.parseBody();
    const code = typeof body.code === 'string' && /^[1-4]$/.test(body.code) ? `media_error_${body.code}` : null;
    await reportItemUnplayable(deps, id, { id: user.id, ip: clientIp(c), user }, code);
    if (isHtmx(c) || c.req.header('X-Requested-With') === 'fetch') return c.body(null, 204);
    const item = await openItem(deps, id, actor(c));
    return show(c, item, { flash: { kind: 'error', text: c.get('t')('review.failedNoted') } });
  });

  // "The recording does not play": asks Twilio; when it no longer has it the item can be decided unplayed.
  r.post('/:id/gone', async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    let gone: boolean;
    try {
      gone = await checkRecordingGone(deps, id, { id: user.id, ip: clientIp(c), user });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 503) throw e;
      const item = await openItem(deps, id, actor(c));
      return show(c, item, { flash: { kind: 'error', text: c.get('t')('calls.recording.unavailable') } });
    }
    if (gone) return seeOther(c, `/review/${id}`);
    const item = await openItem(deps, id, actor(c));
    return show(c, item, { flash: { kind: 'error', text: c.get('t')('review.stillThere') } });
  });

  return r;
}
