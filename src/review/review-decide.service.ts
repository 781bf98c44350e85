// Deciding an after-hours item (SPEC §6, §10): the checks that refuse before anything changes, the decision's
// effect on the contact through the contacts feature's one change function, and the voicemail's played/gone state.
import type { Deps } from '../deps.js';
import { countFirstReview } from '../statistics/statistics.service.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { type Actor, changeContactIn, createContactIn } from '../contacts/contacts.service.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { markRecordingPlayed, openRecording } from '../calls/voicemail.service.js';
import { mergeContacts } from '../email/triage.service.js';
import { writeAudit } from '../audit/audit.queries.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { createTranslate } from '../i18n/i18n.js';
import {
  ensureReviewRow,
  findItem,
  findReviewRow,
  isWaiting,
  latestContactByHash,
  markDecided,
  markFirstReview,
  markRecordingGone,
  recordingsOf,
  takeHold,
} from './review.queries.js';
import { holdState, holdUntil } from './review-rules.js';
import type { Decision, DismissReason } from './review.table.js';

/** Who is told live that the review list changed. */
const REVIEW_ROLES = ['agent', 'supervisor'];

const flag = (v: number | null) => (v === null ? null : v === 1);

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
    if (await markFirstReview(trx, contactId, actor.id, at)) await countFirstReview(deps, trx, contactId, at);
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
