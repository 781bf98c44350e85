// Calling a party back from Baken (issue 25): the agent presses "call back" on a contact (a callback task, or a
// review item's contact); Baken asks Twilio (Calls resource, through the one REST client) to ring the agent's own
// phone first — their desk phone, or the browser softphone `client:user<id>` — with TwiML (/twilio/outbound) that
// then dials the party with the desk's number (TWILIO_CALLER_ID) as caller ID. The safe-contact flags are checked
// when the call is placed and again when Twilio asks for the TwiML. Each attempt is one row (callback_calls) and is
// logged on the contact by itself from Twilio's signed callbacks: the <Dial>'s result (reached, no answer, busy,
// voicemail, duration) or the agent's own leg ending first.
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContactForChange, type ContactRecord } from '../contacts/contacts.queries.js';
import { addEventIn } from '../contacts/contact-text.service.js';
import { assertContactVisible } from '../contacts/contacts.service.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { formatDuration } from '../shared/time-format.js';
import { createTranslate } from '../i18n/i18n.js';
import { serializeOn } from '../db/locks.js';
import {
  findCallbackCall,
  findCallbackCallBySid,
  findDeskPhoneUser,
  insertCallbackCall,
  updateCallbackCall,
} from './callback.queries.js';
import { agentLegOutcome, agentTarget, callbackRefusal, dialOutcome, type CallbackRefusal } from './callback-rules.js';
import type { PlacedCallbackOutcome } from './callback.table.js';
import { accountPath, twilioConfigured, twilioRequest, TwilioUnreachable } from './twilio-rest.js';

/** The webhook paths of a placed callback (relative to PUBLIC_URL). */
export const CALLBACK_PATHS = {
  outbound: '/twilio/outbound',
  dial: '/twilio/callback-dial',
  status: '/twilio/callback-status',
  amd: '/twilio/callback-amd',
} as const;

/** How long the agent's phone and then the party's ring. */
export const CALLBACK_RING_SECONDS = 30;

const refusalStatus: Record<CallbackRefusal, string> = {
  may_not_call_back: 'The party may not be called back',
  only_via_professional: "Only via the professional: this number is not the professional's",
  no_number: 'There is no number to call back',
};

/** The contact's refusal, if any, from its row. */
function refusalOf(deps: Deps, c: ContactRecord): CallbackRefusal | null {
  return callbackRefusal({
    mayCallBack: c.may_call_back,
    viaProfessionalOnly: c.via_professional_only,
    partyType: c.party_type,
    hasNumber: Boolean(c.party_phone_enc && deps.crypto.decrypt(c.party_phone_enc)),
  });
}

const desk = (deps: Deps) => createTranslate(deps.config.defaultLocale);

async function attemptEvent(
  deps: Deps,
  trx: Trx,
  contactId: number,
  actorId: number | null,
  kind: 'callback.placed' | 'callback.failed' | 'callback.attempt',
  data: Record<string, unknown>,
) {
  await addEventIn(deps, trx, { contactId, at: deps.clock().toISOString(), actorId, kind, data });
}

/**
 * Places a callback: refuses (422, nothing dialled) what the flags forbid; 503 when Twilio is not set up. The
 * attempt is stored and audited before Twilio is asked; Twilio failing (an error, 5xx, a timeout) marks it failed
 * on the contact and answers 503. A POST that creates a call is not repeated (Twilio would ring twice).
 */
export async function placeCallback(
  deps: Deps,
  contactId: number,
  actor: { id: number; ip?: string | null; user: CurrentUser },
): Promise<{ attemptId: number; callSid: string }> {
  await assertContactVisible(deps, actor.user, contactId);
  const callerId = deps.config.twilio.callerId;
  const now = deps.clock().toISOString();
  const attemptId = await deps.db.transaction().execute(async (trx) => {
    const c = await findContactForChange(trx, contactId);
    if (!c) throw new AppError('contact_not_found', 'Not found');
    const refusal = refusalOf(deps, c);
    if (refusal) throw new AppError(refusal, refusalStatus[refusal]);
    if (!twilioConfigured(deps) || !callerId) throw new AppError('callback_not_configured');
    const id = await insertCallbackCall(trx, {
      contact_id: contactId,
      user_id: actor.id,
      call_sid: null,
      status: 'placing',
      at: now,
    });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'contact.callback.place',
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
      details: { attempt: id },
    });
    return id;
  });
  const user = await findDeskPhoneUser(deps.db, actor.id);
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  let failure: string | null = null;
  let callSid: string | null = null;
  try {
    const res = await twilioRequest(deps, {
      method: 'POST',
      path: accountPath(deps, 'Calls.json'),
      form: {
        To: agentTarget({ id: actor.id, desk_phone: user?.desk_phone ?? null }),
        From: callerId,
        Url: `${base}${CALLBACK_PATHS.outbound}?contact=${contactId}&attempt=${attemptId}`,
        Method: 'POST',
        StatusCallback: `${base}${CALLBACK_PATHS.status}`,
        StatusCallbackMethod: 'POST',
        StatusCallbackEvent: ['completed'],
        Timeout: CALLBACK_RING_SECONDS,
      },
      timeoutMs: 10_000,
    });
    const json = (await res.json().catch(() => null)) as { sid?: unknown } | null;
    if (res.ok && typeof json?.sid === 'string' && /^CA[0-9a-fA-F]{32}$/.test(json.sid)) callSid = json.sid;
    else failure = `twilio_${res.status}`;
  } catch (e) {
    failure = `twilio_${e instanceof TwilioUnreachable ? e.reason : 'network'}`;
  }
  await deps.db.transaction().execute(async (trx) => {
    const at = deps.clock().toISOString();
    if (callSid) {
      await updateCallbackCall(trx, attemptId, { call_sid: callSid, status: 'placed', updated_at: at });
      await attemptEvent(deps, trx, contactId, actor.id, 'callback.placed', {
        attempt: attemptId,
        label: desk(deps)('callback.event.placed'),
      });
    } else {
      await updateCallbackCall(trx, attemptId, { status: 'failed', outcome: 'failed', error: failure, updated_at: at });
      await attemptEvent(deps, trx, contactId, actor.id, 'callback.failed', {
        attempt: attemptId,
        error: failure,
        label: desk(deps)('callback.event.failed', { error: failure ?? '' }),
      });
    }
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
  if (!callSid) {
    deps.log.warn('callback could not be placed', { contactId, attempt: attemptId, error: failure });
    throw new AppError('callback_failed');
  }
  return { attemptId, callSid };
}

export type OutboundAnswer =
  | { kind: 'dial'; number: string; callerId: string; attemptId: number; noVoicemail: boolean }
  | { kind: 'refuse'; reason: CallbackRefusal | 'unknown' };

/**
 * Twilio asks what to do once the agent picked up (a call Baken placed, `attempt` given), or the softphone dials
 * out through the TwiML App (`From` = client:user<id>, no attempt: the attempt is made here). The flags are checked
 * again now; a refusal is spoken to the agent and nothing is dialled.
 */
export async function outboundCall(
  deps: Deps,
  p: { callSid: string | null; contactId: number | null; attemptId: number | null; from: string | null },
): Promise<OutboundAnswer> {
  const callerId = deps.config.twilio.callerId;
  if (!p.callSid || !p.contactId || !callerId) {
    deps.log.warn('twilio outbound call refused: no CallSid, contact or caller ID', { attempt: p.attemptId });
    return { kind: 'refuse', reason: 'unknown' };
  }
  const callSid = p.callSid;
  const contactId = p.contactId;
  return deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, `call:${callSid}`);
    let attemptId = p.attemptId;
    if (attemptId !== null) {
      const a = await findCallbackCall(trx, attemptId);
      if (!a || a.contact_id !== contactId || (a.call_sid !== null && a.call_sid !== callSid) || a.status === 'done') {
        deps.log.warn('twilio outbound call refused: not a callback Baken placed', { callSid, attempt: attemptId });
        return { kind: 'refuse', reason: 'unknown' } as const;
      }
      if (a.call_sid === null)
        await updateCallbackCall(trx, a.id, { call_sid: callSid, updated_at: deps.clock().toISOString() });
    } else {
      // The softphone: only a signed-in desk user's identity, and only once per CallSid.
      const m = /^client:user(\d{1,9})$/.exec(p.from ?? '');
      const user = m ? await findDeskPhoneUser(trx, Number(m[1])) : undefined;
      if (!user?.active || !/\b(agent|legal|supervisor)\b/.test(user.roles)) {
        deps.log.warn('twilio outbound call refused: not from a desk user’s softphone', { callSid });
        return { kind: 'refuse', reason: 'unknown' } as const;
      }
      const known = await findCallbackCallBySid(trx, callSid);
      attemptId =
        known?.id ??
        (await insertCallbackCall(trx, {
          contact_id: contactId,
          user_id: user.id,
          call_sid: callSid,
          status: 'placed',
          at: deps.clock().toISOString(),
        }));
    }
    const c = await findContactForChange(trx, contactId);
    const refusal = c ? refusalOf(deps, c) : 'no_number';
    if (!c || refusal) {
      await finishAttempt(deps, trx, attemptId, 'failed', null, refusal ?? 'no_number');
      return { kind: 'refuse', reason: refusal ?? 'no_number' } as const;
    }
    await updateCallbackCall(trx, attemptId, { status: 'dialled', updated_at: deps.clock().toISOString() });
    const number = deps.crypto.decrypt(c.party_phone_enc)!;
    return { kind: 'dial', number, callerId, attemptId, noVoicemail: c.may_leave_voicemail === 0 } as const;
  });
}

/** Writes an attempt's outcome once, on its contact's timeline. */
async function finishAttempt(
  deps: Deps,
  trx: Trx,
  attemptId: number,
  outcome: PlacedCallbackOutcome,
  duration: number | null,
  error: string | null = null,
): Promise<number | null> {
  const a = await findCallbackCall(trx, attemptId);
  if (!a || a.status === 'done' || a.outcome !== null) return null;
  const at = deps.clock().toISOString();
  await updateCallbackCall(trx, attemptId, { status: 'done', outcome, duration, error, updated_at: at });
  await attemptEvent(deps, trx, a.contact_id, null, 'callback.attempt', {
    attempt: attemptId,
    outcome,
    duration,
    ...(error ? { error } : {}),
    label: desk(deps)(`callback.event.${outcome}`, { duration: formatDuration(duration) }),
  });
  return a.contact_id;
}

/** The <Dial> to the party ended: the attempt's outcome (reached with its duration, no answer, busy, voicemail). */
export async function callbackDialEnded(
  deps: Deps,
  p: { callSid: string | null; dialStatus: string | null; duration: number | null; answeredBy: string | null },
): Promise<void> {
  if (!p.callSid) return;
  const callSid = p.callSid;
  const contactId = await deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, `call:${callSid}`);
    const a = await findCallbackCallBySid(trx, callSid);
    if (!a) {
      deps.log.warn('twilio callback result ignored: a call Baken did not place', { callSid });
      return null;
    }
    const outcome = dialOutcome(p.dialStatus, p.answeredBy ?? a.answered_by);
    return finishAttempt(deps, trx, a.id, outcome, outcome === 'reached' ? p.duration : null);
  });
  if (contactId) deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
}

/** The agent's own leg ended: when the party was never dialled, that is the attempt's outcome. */
export async function callbackStatus(deps: Deps, p: { callSid: string | null; status: string | null }): Promise<void> {
  if (!p.callSid) return;
  const callSid = p.callSid;
  const contactId = await deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, `call:${callSid}`);
    const a = await findCallbackCallBySid(trx, callSid);
    if (!a) {
      deps.log.warn('twilio callback status ignored: a call Baken did not place', { callSid });
      return null;
    }
    const outcome = agentLegOutcome(p.status);
    if (!outcome || a.status === 'dialled' || a.status === 'done') return null; // the <Dial> reports the party's side
    return finishAttempt(deps, trx, a.id, outcome, null);
  });
  if (contactId) deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
}

/** The callback panel of a contact page: whether "call back" is offered, and what to heed before dialling. */
export function callbackPanelState(deps: Deps, c: ContactRecord) {
  return {
    refusal: refusalOf(deps, c),
    noVoicemail: c.may_leave_voicemail === 0,
    configured: twilioConfigured(deps) && Boolean(deps.config.twilio.callerId),
  };
}

/** The user's desk phone (E.164) or null: the softphone. */
export async function deskPhoneOf(deps: Deps, userId: number): Promise<string | null> {
  return (await findDeskPhoneUser(deps.db, userId))?.desk_phone ?? null;
}
