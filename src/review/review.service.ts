// The after-hours review (SPEC §6): the list of what came in while the desk was closed, the hold an agent takes
// by opening an item, and the decision, which changes the contact through the contacts feature's one change
// function (timeline event `review.decided`, audit `review.decide`) in the same transaction as the review row.
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { type Actor, auditContactView, changeContactIn, createContactIn } from '../contacts/contacts.service.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { highlight } from '../routing/routing.service.js';

type Segment = ReturnType<typeof highlight>[number];
import { markRecordingPlayed, openRecording, readTranscription } from '../calls/voicemail.service.js';
import { mergeContacts } from '../email/triage.service.js';
import { writeAudit } from '../audit/audit.queries.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { createTranslate } from '../i18n/i18n.js';
import {
  callDurationsOf,
  earlierContacts,
  ensureReviewRow,
  findItem,
  findReviewRow,
  firstMailsOf,
  isWaiting,
  latestContactByHash,
  listWaitingItems,
  markDecided,
  markFirstReview,
  markRecordingGone,
  recordingsOf,
  releaseOtherHolds,
  reviewedSince,
  takeHold,
  type WaitingItemRow,
} from './review.queries.js';
import { holdState, holdUntil, reviewOrder, reviewStats } from './review-rules.js';
import type { Decision, DismissReason } from './review.table.js';

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
  extra: { duration: number | null; played: boolean | null; line: string },
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
    ...extra,
  };
}
export type ReviewListItem = ReturnType<typeof toListItem>;

/** The waiting items in review order, each with its duration, first line and whether its voicemail was played. */
export async function reviewList(deps: Deps, userId: number): Promise<ReviewListItem[]> {
  const rows = await listWaitingItems(deps.db);
  const ids = rows.map((r) => r.id);
  const [recs, calls, mails] = await Promise.all([
    recordingsOf(deps.db, ids),
    callDurationsOf(deps.db, ids),
    firstMailsOf(deps.db, ids),
  ]);
  const now = deps.clock();
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
        line: firstLine(mail ? mail.text_body || mail.subject : transcription),
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
  const oldest = items.reduce<string | null>((m, x) => (m === null || x.startedAt < m ? x.startedAt : m), null);
  const since = new Date(now.getTime() - STATS_DAYS * 86_400_000).toISOString();
  const reviewed = await reviewedSince(deps.db, since);
  return {
    waiting: items.length,
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
  if (!found) throw new AppError(404, 'review_item_not_found', 'Not found');
  const waiting = await isWaiting(deps.db, contactId);
  let held = false;
  if (waiting) {
    held = await deps.db.transaction().execute(async (trx) => {
      await ensureReviewRow(trx, contactId);
      const ok = await takeHold(trx, contactId, actor.id, holdUntil(now), nowIso);
      if (ok) {
        await markFirstReview(trx, contactId, actor.id, nowIso);
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
  const recordings = recs.map((r) => {
    const text = readTranscription(deps, r.transcription_text);
    return {
      id: r.id,
      duration: r.duration,
      played: !!r.played_at,
      transcription: text ? highlight(text) : null,
    };
  });
  const mail = mails[0];
  const mailText: Segment[] | null = mail ? highlight(`${mail.subject ?? ''}\n\n${mail.text_body ?? ''}`.trim()) : null;
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
    needsPlay: recordings.length > 0 && !recordings.some((r) => r.played) && !row.recording_gone_at,
    held,
  };
}
export type ReviewItemView = Awaited<ReturnType<typeof openItem>>;

export interface DecisionInput {
  decision: Decision;
  reason?: DismissReason;
  note?: string;
  target?: string;
}

/**
 * The contact a merge goes into, named by reference (HD-2026-000123), id, or the party's number or address
 * (then the newest other contact with that number or address). A number or address nobody has answers 422.
 */
async function resolveMergeTarget(deps: Deps, contactId: number, target: string): Promise<string> {
  if (/^\[?#?(HD-\d{4}-\d{1,12}|\d{1,12})\]?$/i.test(target)) return target;
  const email = normaliseEmail(target);
  const phone = email ? null : normalisePhone(target);
  const id = email
    ? await latestContactByHash(deps.db, 'email', deps.crypto.hash('email', email), contactId)
    : phone
      ? await latestContactByHash(deps.db, 'phone', deps.crypto.hash('phone', phone), contactId)
      : null;
  if (id === null) throw new AppError(422, 'merge_target_unknown', 'No contact has that reference, number or address');
  return String(id);
}

/**
 * Decides an item. Refused before anything changes: an unknown item (404), one already decided or held by
 * another agent (409), a voicemail nobody played (422, unless Twilio no longer has it), a callback the party
 * forbade or without a number (422). Callback: a new outgoing phone contact linked to the item; legal,
 * registration, care: the item moves to that queue; merge: into the contact named by reference; dismiss: the
 * item is resolved with its reason and note. Every decision is a `review.decided` event and a `review.decide`
 * audit entry, and the list updates live.
 */
export async function decideItem(
  deps: Deps,
  contactId: number,
  input: DecisionInput,
  actor: Actor & { id: number },
): Promise<{
  reference: string;
  callbackId: number | null;
  callbackReference: string | null;
  mergedInto: number | null;
}> {
  const now = deps.clock();
  const at = now.toISOString();
  const t = createTranslate(deps.config.defaultLocale);
  const guard = async (trx: Trx) => {
    if (!(await findItem(trx, contactId))) throw new AppError(404, 'review_item_not_found', 'Not found');
    if (!(await isWaiting(trx, contactId))) throw new AppError(409, 'review_already_decided', 'Already decided');
    await ensureReviewRow(trx, contactId);
    const row = await findReviewRow(trx, contactId);
    if (holdState({ heldBy: row!.held_by, heldUntil: row!.held_until }, actor.id, now) === 'other')
      throw new AppError(409, 'review_held', 'Another agent holds this item');
    const recs = await recordingsOf(trx, [contactId]);
    if (recs.length && !recs.some((r) => r.played_at) && !row!.recording_gone_at)
      throw new AppError(422, 'review_not_played', 'Play the voicemail before deciding');
    if (!(await takeHold(trx, contactId, actor.id, holdUntil(now), at)))
      throw new AppError(409, 'review_held', 'Another agent holds this item');
    await markFirstReview(trx, contactId, actor.id, at);
  };
  const decidedEvent = (data: Record<string, unknown>) => ({
    kind: 'review.decided',
    data: { decision: input.decision, ...data },
  });
  const audit = (details: Record<string, unknown>) => ({
    auditAction: 'review.decide',
    auditDetails: { decision: input.decision, ...details },
  });

  if (input.decision === 'merge') {
    const target = input.target?.trim();
    if (!target) throw new AppError(422, 'merge_target_required', 'Name the contact to merge into');
    await deps.db.transaction().execute(async (trx) => guard(trx));
    const ref = await resolveMergeTarget(deps, contactId, target);
    // The merge has its own transaction (the contacts feature's); the review row is written right after it.
    const merged = await mergeContacts(deps, contactId, ref, actor);
    await deps.db.transaction().execute(async (trx) => {
      await markDecided(trx, contactId, {
        decided_at: at,
        decided_by: actor.id,
        decision: 'merge',
        reason: null,
        callback_contact_id: null,
        merged_into: merged.targetId,
      });
      await writeAudit(trx, {
        at,
        actorId: actor.id,
        action: 'review.decide',
        subjectType: 'contact',
        subjectId: contactId,
        ip: actor.ip,
        details: { decision: 'merge', target: merged.targetId },
      });
    });
    deps.events.publish({ type: 'review.changed', roles: REVIEW_ROLES, data: { id: contactId, decided: true } });
    const src = await findItem(deps.db, contactId);
    return { reference: src?.reference ?? '', callbackId: null, callbackReference: null, mergedInto: merged.targetId };
  }

  const out = await deps.db.transaction().execute(async (trx) => {
    await guard(trx);
    const c = (await findContactForChange(trx, contactId))!;
    let callbackId: number | null = null;
    let callbackReference: string | null = null;
    if (input.decision === 'callback') {
      if (c.may_call_back === 0) throw new AppError(422, 'may_not_call_back', 'The party may not be called back');
      const phone = deps.crypto.decrypt(c.party_phone_enc);
      if (!phone) throw new AppError(422, 'no_number', 'There is no number to call back');
      const created = await createContactIn(
        deps,
        trx,
        {
          channel: 'phone',
          direction: 'out',
          party: { phone, name: deps.crypto.decrypt(c.party_name_enc), org: c.party_org, type: c.party_type },
          language: c.language,
          subject: t('review.callbackSubject', { ref: c.reference ?? `#${c.id}` }),
          queue: 'general',
          status: 'open',
          priority: c.priority === 'urgent' ? 'urgent' : 'high',
          assigneeId: actor.id,
          safe: {
            mayCallBack: flag(c.may_call_back),
            mayLeaveVoicemail: flag(c.may_leave_voicemail),
            mayEmail: flag(c.may_email),
            viaProfessionalOnly: flag(c.via_professional_only),
          },
          eventData: { reviewOf: c.id, ref: c.reference },
        },
        actor,
      );
      callbackId = created.id;
      callbackReference = created.reference;
      await changeContactIn(deps, trx, contactId, { status: 'resolved' }, actor, {
        events: [decidedEvent({ callback: created.id, ref: created.reference })],
        ...audit({ callback: created.id }),
      });
    } else if (input.decision === 'dismiss') {
      await changeContactIn(deps, trx, contactId, { status: 'resolved' }, actor, {
        note: input.note,
        events: [decidedEvent({ reason: input.reason })],
        ...audit({ reason: input.reason }),
      });
    } else {
      await changeContactIn(
        deps,
        trx,
        contactId,
        {
          queue: input.decision as 'legal' | 'registration' | 'care',
          ...(c.status === 'new' ? { status: 'open' as const } : {}),
        },
        actor,
        { note: input.note, events: [decidedEvent({ queue: input.decision })], ...audit({ queue: input.decision }) },
      );
    }
    await markDecided(trx, contactId, {
      decided_at: at,
      decided_by: actor.id,
      decision: input.decision,
      reason: input.decision === 'dismiss' ? (input.reason ?? null) : null,
      callback_contact_id: callbackId,
      merged_into: null,
    });
    return { reference: c.reference ?? '', callbackId, callbackReference, mergedInto: null };
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
  if (out.callbackId) deps.events.publish({ type: 'contact.created', data: { id: out.callbackId } });
  deps.events.publish({ type: 'review.changed', roles: REVIEW_ROLES, data: { id: contactId, decided: true } });
  return out;
}

/**
 * Checks with Twilio whether an item's voicemail still exists; when Twilio no longer has it the item says so and
 * can be decided unplayed. True when the recording is gone.
 */
export async function checkRecordingGone(
  deps: Deps,
  contactId: number,
  actor: Actor & { id: number; user: CurrentUser },
): Promise<boolean> {
  const recs = await recordingsOf(deps.db, [contactId]);
  if (!recs.length) throw new AppError(404, 'review_item_not_found', 'Not found');
  try {
    const audio = await openRecording(deps, recs[0]!.id, { id: actor.id, ip: actor.ip, user: actor.user });
    await audio.body.cancel().catch(() => undefined);
    return false;
  } catch (e) {
    // Only Twilio saying it no longer has it counts; an outage or a network error is no reason to skip the play.
    if (!(e instanceof AppError) || e.code !== 'recording_gone') throw e;
  }
  await deps.db.transaction().execute(async (trx) => {
    await ensureReviewRow(trx, contactId);
    await markRecordingGone(trx, contactId, deps.clock().toISOString());
    await writeAudit(trx, {
      at: deps.clock().toISOString(),
      actorId: actor.id,
      action: 'review.recording-gone',
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
      details: {},
    });
  });
  return true;
}

/** Marks an item's voicemails as listened (the voicemail feature audits it and puts it on the timeline). */
export async function markItemPlayed(
  deps: Deps,
  contactId: number,
  actor: Actor & { id: number; user: CurrentUser },
): Promise<void> {
  const recs = await recordingsOf(deps.db, [contactId]);
  if (!recs.length) throw new AppError(404, 'review_item_not_found', 'Not found');
  for (const r of recs)
    if (!r.played_at) await markRecordingPlayed(deps, r.id, { id: actor.id, ip: actor.ip, user: actor.user });
  deps.events.publish({ type: 'review.changed', roles: REVIEW_ROLES, data: { id: contactId, played: true } });
}
