// Deciding an after-hours item (docs/product.md §6, §10): the checks that refuse before anything changes, the decision's
// effect on the contact through the contacts feature's one change function, and the voicemail's played/gone state.
import type { Deps } from '../deps.js';
import { firstReviewed, highlightFor } from './review.plugin.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { type Actor, changeContactIn, createContactIn } from '../contacts/contacts.service.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { openRecording } from '../calls/voicemail.service.js';
import { markRecordingPlayed, recordPlayFailed } from '../calls/voicemail-play.service.js';
import { playsOf } from '../calls/calls.queries.js';
import { mergeContacts } from '../email/inbound/triage.service.js';
import { writeAudit } from '../audit/audit.queries.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { createTranslate } from '../i18n/i18n.js';
import { readTranscription } from '../calls/voicemail.service.js';
import {
  ensureReviewRow,
  findItem,
  findReviewRow,
  firstMailsOf,
  isWaiting,
  latestContactByHash,
  markDecided,
  markFirstReview,
  markRecordingGone,
  recordingsOf,
  takeHold,
} from './review.queries.js';
import { holdState, holdUntil, urgentCallbackDue } from './review-rules.js';
import type { Decision, DismissReason, Unplayable } from './review.table.js';

/** Who is told live that the review list changed. */
const REVIEW_ROLES = ['agent', 'supervisor'];

const flag = (v: number | null) => (v === null ? null : v === 1);

export interface DecisionInput {
  decision: Decision;
  reason?: DismissReason;
  note?: string;
  target?: string;
  /** Why the voicemail was not heard before deciding (only when it was not): gone, or failed for this agent. */
  unplayable?: Unplayable;
}

/** Longest text a callback carries over from its item (a voicemail's transcription is far shorter). */
const MAX_CARRIED = 4000;

/**
 * What a callback carries over from its item (issue 23), as the callback's first note: the voicemail's
 * transcription (or the mail's subject and text) and the danger words the classifier matched in it, so the agent
 * who calls back reads them on the callback itself. Null when the item has no text.
 */
async function carriedNote(deps: Deps, trx: Trx, contactId: number, ref: string): Promise<string | null> {
  const t = createTranslate(deps.config.defaultLocale);
  const recs = await recordingsOf(trx, [contactId]);
  const transcript = recs.map((r) => readTranscription(deps, r.transcription_text)).find((x) => !!x?.trim());
  const mail = transcript ? null : (await firstMailsOf(trx, [contactId]))[0];
  const text = (transcript ?? (mail ? `${mail.subject ?? ''}\n\n${mail.text_body ?? ''}` : '')).trim();
  if (!text) return null;
  const words = [
    ...new Set(
      highlightFor(deps, text)
        .filter((s) => s.mark && s.mark.kind !== 'topic')
        .map((s) => s.text.toLowerCase()),
    ),
  ];
  return [
    t(transcript ? 'review.carried.transcript' : 'review.carried.mail', { ref }),
    words.length ? t('review.carried.danger', { words: words.join(', ') }) : null,
    '',
    text.length > MAX_CARRIED ? `${text.slice(0, MAX_CARRIED)}…` : text,
  ]
    .filter((x) => x !== null)
    .join('\n');
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
  if (id === null) throw new AppError('merge_target_unknown', 'No contact has that reference, number or address');
  return String(id);
}

/**
 * Whether an item with voicemails may be decided by this agent, and if so without hearing them, why. Heard: a
 * voicemail of the item played to the end for this agent (voicemail-play.service.ts) — null. Not heard: only with
 * an explicit reason that holds — `gone` when Twilio no longer has the recording, `failed` when it would not load
 * or play for this agent — else 422.
 */
async function unheardReason(
  trx: Trx,
  contactId: number,
  goneAt: string | null,
  userId: number,
  asked: Unplayable | undefined,
): Promise<Unplayable | null> {
  const recs = await recordingsOf(trx, [contactId]);
  if (!recs.length) return null;
  const plays = await playsOf(
    trx,
    recs.map((r) => r.id),
    userId,
  );
  if (plays.some((p) => p.heard_at)) return null;
  if (!asked) throw new AppError('review_not_played', 'Play the voicemail to the end before deciding');
  if (asked === 'gone' ? !goneAt : !plays.some((p) => p.failed_at))
    throw new AppError('review_unplayable_unknown', 'The recording was not found to be unplayable');
  return asked;
}

/**
 * Decides an item. Refused before anything changes: an unknown item (404), one already decided or held by
 * another agent (409), a voicemail nobody played (422, unless Twilio no longer has it), a callback the party
 * forbade or without a number (422). Callback: a new outgoing phone contact linked to the item, carrying its
 * text and danger words, due the same working day when the item is urgent or about a minor; legal, registration,
 * care, general (information, figures, leaflets): the item moves to that queue; merge: into the contact named by
 * reference; dismiss: the item is resolved with its reason and note. Every decision is a `review.decided` event
 * and a `review.decide` audit entry, and the list updates live.
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
  let unplayable: Unplayable | null = null;
  const guard = async (trx: Trx) => {
    if (!(await findItem(trx, contactId))) throw new AppError('review_item_not_found', 'Not found');
    if (!(await isWaiting(trx, contactId))) throw new AppError('review_already_decided', 'Already decided');
    await ensureReviewRow(trx, contactId);
    const row = await findReviewRow(trx, contactId);
    if (holdState({ heldBy: row!.held_by, heldUntil: row!.held_until }, actor.id, now) === 'other')
      throw new AppError('review_held', 'Another agent holds this item');
    unplayable = await unheardReason(trx, contactId, row!.recording_gone_at, actor.id, input.unplayable);
    if (!(await takeHold(trx, contactId, actor.id, holdUntil(now), at)))
      throw new AppError('review_held', 'Another agent holds this item');
    if (await markFirstReview(trx, contactId, actor.id, at)) await firstReviewed(deps, trx, contactId, at);
  };
  const unheard = () => (unplayable ? { unplayable } : {});
  const decidedEvent = (data: Record<string, unknown>) => ({
    kind: 'review.decided',
    data: { decision: input.decision, ...unheard(), ...data },
  });
  const audit = (details: Record<string, unknown>) => ({
    auditAction: 'review.decide',
    auditDetails: { decision: input.decision, ...unheard(), ...details },
  });

  if (input.decision === 'merge') {
    const target = input.target?.trim();
    if (!target) throw new AppError('merge_target_required', 'Name the contact to merge into');
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
        unplayable,
      });
      await writeAudit(trx, {
        at,
        actorId: actor.id,
        action: 'review.decide',
        subjectType: 'contact',
        subjectId: contactId,
        ip: actor.ip,
        details: { decision: 'merge', target: merged.targetId, ...unheard() },
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
      if (c.may_call_back === 0) throw new AppError('may_not_call_back', 'The party may not be called back');
      const phone = deps.crypto.decrypt(c.party_phone_enc);
      if (!phone) throw new AppError('no_number', 'There is no number to call back');
      // Danger (the classifier's urgent flag, a minor, or an urgent priority) is called back the same working day.
      const item = (await findItem(trx, contactId))!;
      const danger = !!item.urgent || !!item.minor || c.priority === 'urgent';
      const due = danger ? urgentCallbackDue(deps.officeHours.calendar, now) : null;
      const ref = c.reference ?? `#${c.id}`;
      const notes = await carriedNote(deps, trx, contactId, ref);
      const created = await createContactIn(
        deps,
        trx,
        {
          channel: 'phone',
          direction: 'out',
          party: { phone, name: deps.crypto.decrypt(c.party_name_enc), org: c.party_org, type: c.party_type },
          language: c.language,
          subject: t('review.callbackSubject', { ref }),
          queue: 'general',
          status: 'open',
          priority: danger ? 'urgent' : 'high',
          ...(due ? { dueAt: due.toISOString() } : {}),
          notes,
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
        noteSource: 'review',
        events: [decidedEvent({ reason: input.reason })],
        ...audit({ reason: input.reason }),
      });
    } else {
      await changeContactIn(
        deps,
        trx,
        contactId,
        {
          queue: input.decision as 'legal' | 'registration' | 'care' | 'general',
          ...(c.status === 'new' ? { status: 'open' as const } : {}),
        },
        actor,
        {
          note: input.note,
          noteSource: 'review',
          events: [decidedEvent({ queue: input.decision })],
          ...audit({ queue: input.decision }),
        },
      );
    }
    await markDecided(trx, contactId, {
      decided_at: at,
      decided_by: actor.id,
      decision: input.decision,
      reason: input.decision === 'dismiss' ? (input.reason ?? null) : null,
      callback_contact_id: callbackId,
      merged_into: null,
      unplayable,
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
  if (!recs.length) throw new AppError('review_item_not_found', 'Not found');
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

/**
 * Marks an item's voicemails as heard by this agent (the voicemail feature checks that they reached the agent to
 * the end, audits it and puts it on the timeline); 422 when none did.
 */
export async function markItemPlayed(
  deps: Deps,
  contactId: number,
  actor: Actor & { id: number; user: CurrentUser },
): Promise<void> {
  const recs = await recordingsOf(deps.db, [contactId]);
  if (!recs.length) throw new AppError('review_item_not_found', 'Not found');
  let heard = 0;
  let refusal: unknown = null;
  for (const r of recs) {
    try {
      await markRecordingPlayed(deps, r.id, { id: actor.id, ip: actor.ip, user: actor.user });
      heard += 1;
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'recording_not_heard') throw e;
      refusal = e;
    }
  }
  if (!heard) throw refusal; // nothing reached this agent to the end: not heard
  deps.events.publish({ type: 'review.changed', roles: REVIEW_ROLES, data: { id: contactId, played: true } });
}

/**
 * The agent's player could not play an item's voicemail (public/review.js on the audio's `error`, or the button):
 * noted and audited for this agent (recording.failed), so the item may be decided with the reason `failed`.
 */
export async function reportItemUnplayable(
  deps: Deps,
  contactId: number,
  actor: Actor & { id: number; user: CurrentUser },
  code: string | null,
): Promise<void> {
  const recs = await recordingsOf(deps.db, [contactId]);
  if (!recs.length) throw new AppError('review_item_not_found', 'Not found');
  for (const r of recs)
    await recordPlayFailed(deps, r.id, { id: actor.id, ip: actor.ip, user: actor.user }, { by: 'player', code });
}
