// The after-hours review (docs/product.md §6): the list of what came in while the desk was closed, the supervisor's figures,
// and the hold an agent takes by opening an item. Deciding an item is review-decide.service.ts.
import { playsOf } from '../calls/calls.queries.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { type Actor, auditContactView } from '../contacts/contacts.service.js';
import { firstReviewed, highlightFor } from './review.plugin.js';
import type { Segment } from '../../views/review/review-page.js';
import { readTranscription } from '../calls/voicemail.service.js';
import {
  callDurationsOf,
  earlierContacts,
  ensureReviewRow,
  findItem,
  firstMailsOf,
  isWaiting,
  listWaitingItems,
  markFirstReview,
  recordingsOf,
  releaseOtherHolds,
  reviewedSince,
  takeHold,
  type WaitingItemRow,
} from './review.queries.js';
import { arrivedIn, holdState, holdUntil, latestClosedPeriod, reviewOrder, reviewStats } from './review-rules.js';

/** Who is told live that the review list changed. */
const REVIEW_ROLES = ['agent', 'supervisor'];

/** How many days of first reviews the supervisor's figures cover. */
const STATS_DAYS = 14;

const firstLine = (text: string | null | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0)
    ?.slice(0, 160) ?? '';

const flag = (v: number | null) => (v === null ? null : v === 1);

/** One row of the review list, as the view shows it. */
function toListItem(
  r: WaitingItemRow,
  extra: { duration: number | null; played: boolean | null; line: string; tonight: boolean },
  userId: number,
  now: Date,
) {
  return {
    id: r.id,
    reference: r.reference,
    channel: r.channel,
    startedAt: r.started_at,
    subject: r.subject,
    party: r.party_phone_mask ?? r.party_email_mask,
    urgent: !!r.urgent || r.priority === 'urgent',
    minor: !!r.minor,
    earlier: Number(r.earlier_count ?? 0),
    safe: {
      mayCallBack: flag(r.may_call_back),
      mayLeaveVoicemail: flag(r.may_leave_voicemail),
      mayEmail: flag(r.may_email),
      viaProfessionalOnly: flag(r.via_professional_only),
    },
    hold: holdState({ heldBy: r.held_by, heldUntil: r.held_until }, userId, now),
    holderName: r.holder_name,
    recordingGone: !!r.recording_gone_at,
    simulated: r.simulated_by !== null && r.simulated_by !== undefined,
    ...extra,
  };
}
export type ReviewListItem = ReturnType<typeof toListItem>;

/**
 * The waiting items in review order (review-rules.ts: tonight's danger first), each with its duration, its line
 * (a mail's subject, else the first line of its body or of the voicemail's transcription), whether its voicemail
 * was played and whether it came in during the desk's latest closed period.
 */
export async function reviewList(deps: Deps, userId: number): Promise<ReviewListItem[]> {
  const rows = await listWaitingItems(deps.db);
  const ids = rows.map((r) => r.id);
  const [recs, calls, mails] = await Promise.all([
    recordingsOf(deps.db, ids),
    callDurationsOf(deps.db, ids),
    firstMailsOf(deps.db, ids),
  ]);
  const now = deps.clock();
  const tonight = latestClosedPeriod(deps.officeHours.calendar, now);
  const items = rows.map((r) => {
    const mine = recs.filter((x) => x.contact_id === r.id);
    const call = calls.find((x) => x.contact_id === r.id);
    const mail = mails.find((x) => x.contact_id === r.id);
    const transcription = mine.length ? readTranscription(deps, mine[0]!.transcription_text) : null;
    return toListItem(
      r,
      {
        duration: mine[0]?.duration ?? call?.duration ?? null,
        played: mine.length ? mine.some((x) => !!x.played_at) : null,
        line: firstLine(mail ? mail.subject?.trim() || mail.text_body : transcription),
        tonight: arrivedIn(tonight, r.started_at),
      },
      userId,
      now,
    );
  });
  return reviewOrder(items);
}

/** The supervisor's box: how many wait, how old the oldest is, time to first review per day and channel. */
export async function reviewOverview(deps: Deps, items: readonly ReviewListItem[]) {
  const now = deps.clock();
  const real = items.filter((x) => !x.simulated); // a simulated call counts in no figure
  const oldest = real.reduce<string | null>((m, x) => (m === null || x.startedAt < m ? x.startedAt : m), null);
  const since = new Date(now.getTime() - STATS_DAYS * 86_400_000).toISOString();
  const reviewed = await reviewedSince(deps.db, since);
  return {
    waiting: real.length,
    oldestAgeMs: oldest ? now.getTime() - Date.parse(oldest) : null,
    stats: reviewStats(
      deps.officeHours.calendar,
      reviewed.map((r) => ({ channel: r.channel, arrivedAt: r.started_at, reviewedAt: r.first_reviewed_at! })),
    ),
  };
}

/** The first waiting item (in review order) this user may take: nobody else holds it. */
export async function nextItemFor(deps: Deps, userId: number, except?: number): Promise<number | null> {
  const items = await reviewList(deps, userId);
  return items.find((x) => x.id !== except && x.hold !== 'other')?.id ?? null;
}

/**
 * Opens an item for an agent: takes the hold when nobody else has it (the first opening is the item's first
 * review) and answers the item with its voicemails, transcription or mail, danger words marked. Opening an item
 * another agent holds shows who has it and takes nothing. The view of the contact is audited.
 */
export async function openItem(deps: Deps, contactId: number, actor: Actor & { id: number }) {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const found = await findItem(deps.db, contactId);
  if (!found) throw new AppError('review_item_not_found', 'Not found');
  const waiting = await isWaiting(deps.db, contactId);
  let held = false;
  if (waiting) {
    held = await deps.db.transaction().execute(async (trx) => {
      await ensureReviewRow(trx, contactId);
      const ok = await takeHold(trx, contactId, actor.id, holdUntil(now), nowIso);
      if (ok) {
        if (await markFirstReview(trx, contactId, actor.id, nowIso)) await firstReviewed(deps, trx, contactId, nowIso);
        await releaseOtherHolds(trx, actor.id, contactId);
      }
      return ok;
    });
    if (held) deps.events.publish({ type: 'review.changed', roles: REVIEW_ROLES, data: { id: contactId, held: true } });
  }
  await auditContactView(deps, contactId, actor, 'review');
  const row = (await findItem(deps.db, contactId))!;
  const [recs, mails, calls, earlier] = await Promise.all([
    recordingsOf(deps.db, [contactId]),
    firstMailsOf(deps.db, [contactId]),
    callDurationsOf(deps.db, [contactId]),
    earlierContacts(deps.db, {
      id: row.id,
      startedAt: row.started_at,
      phoneHash: row.party_phone_hash,
      emailHash: row.party_email_hash,
    }),
  ]);
  // Heard means heard by this agent, to the end (calls/voicemail-play.service.ts); otherwise the page offers the
  // reason to decide without hearing it, when there is one: Twilio no longer has it, or it failed for this agent.
  const plays = await playsOf(
    deps.db,
    recs.map((r) => r.id),
    actor.id,
  );
  const heard = plays.some((p) => p.heard_at);
  const unplayable = heard
    ? null
    : row.recording_gone_at
      ? ('gone' as const)
      : plays.some((p) => p.failed_at)
        ? ('failed' as const)
        : null;
  const recordings = recs.map((r) => {
    const text = readTranscription(deps, r.transcription_text);
    return {
      id: r.id,
      duration: r.duration,
      played: plays.some((p) => p.recording_id === r.id && p.heard_at),
      transcription: text ? highlightFor(deps, text) : null,
    };
  });
  const mail = mails[0];
  const mailText: Segment[] | null = mail
    ? highlightFor(deps, `${mail.subject ?? ''}\n\n${mail.text_body ?? ''}`.trim())
    : null;
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel,
    startedAt: row.started_at,
    subject: row.subject,
    party: row.party_phone_mask ?? row.party_email_mask,
    hasPhone: !!row.party_phone_hash,
    urgent: !!row.urgent || row.priority === 'urgent',
    minor: !!row.minor,
    safe: {
      mayCallBack: flag(row.may_call_back),
      mayLeaveVoicemail: flag(row.may_leave_voicemail),
      mayEmail: flag(row.may_email),
      viaProfessionalOnly: flag(row.via_professional_only),
    },
    decided: !waiting,
    hold: waiting ? holdState({ heldBy: row.held_by, heldUntil: row.held_until }, actor.id, now) : 'free',
    holderName: row.holder_name,
    recordingGone: !!row.recording_gone_at,
    simulated: row.simulated_by != null,
    recordings,
    mailText,
    callDuration: calls[0]?.duration ?? null,
    earlier: earlier.map((e) => ({
      id: e.id,
      reference: e.reference,
      channel: e.channel,
      startedAt: e.started_at,
      queue: e.queue,
      status: e.status,
    })),
    needsPlay: recordings.length > 0 && !heard,
    unplayable,
    held,
  };
}
export type ReviewItemView = Awaited<ReturnType<typeof openItem>>;
