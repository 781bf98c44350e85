// Voicemail detection on callbacks (issue 25): Twilio's answering machine detection runs on the party's leg of a
// callback (<Number machineDetection amdStatusCallback>, src/calls/callback-twiml.ts) and posts who answered to
// /twilio/callback-amd?attempt=:n. The attempt keeps the answer, so the <Dial>'s end logs "voicemail" for a machine
// (not "reached"); when the contact says leave no voicemail, Baken hangs up the party's leg on a machine (Calls
// resource, Status=completed, through the one REST client) and notes it on the contact's timeline, audited.
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { addEventIn } from '../contacts/contact-text.service.js';
import { createTranslate } from '../i18n/i18n.js';
import { serializeOn } from '../db/locks.js';
import { findCallbackCall, updateCallbackCall } from './callback.queries.js';
import { machineAction } from './callback-rules.js';
import { accountPath, twilioRequest, TwilioUnreachable } from './twilio-rest.js';

/** AnsweredBy values Twilio's machine detection sends; anything else is ignored (logged). */
const ANSWERED_BY = /^(human|machine_start|machine_end_beep|machine_end_silence|machine_end_other|fax|unknown)$/;

/**
 * The machine detection's answer for an attempt. Ignored (logged, without personal data): an attempt Baken did not
 * dial, a value Twilio does not send, a second answer. Answers what Baken did: nothing, or hung up on a machine.
 */
export async function callbackMachineDetected(
  deps: Deps,
  p: { attemptId: number | null; partyCallSid: string | null; answeredBy: string | null },
): Promise<'ignored' | 'noted' | 'hung-up' | 'hangup-failed'> {
  const answeredBy = p.answeredBy && ANSWERED_BY.test(p.answeredBy) ? p.answeredBy : null;
  if (!p.attemptId || !answeredBy) {
    deps.log.warn('twilio machine detection ignored: no attempt or an unknown answer', { attempt: p.attemptId });
    return 'ignored';
  }
  const attemptId = p.attemptId;
  const decided = await deps.db.transaction().execute(async (trx) => {
    // The same lock as the <Dial>'s end (callback.service.ts): the answer is kept before the outcome is read.
    const first = await findCallbackCall(trx, attemptId);
    if (!first?.call_sid) return null;
    await serializeOn(trx, `call:${first.call_sid}`);
    const a = await findCallbackCall(trx, attemptId);
    if (a?.status !== 'dialled' || a.answered_by !== null) return null;
    const c = await findContactForChange(trx, a.contact_id);
    await updateCallbackCall(trx, a.id, { answered_by: answeredBy, updated_at: deps.clock().toISOString() });
    return { contactId: a.contact_id, action: machineAction(answeredBy, c?.may_leave_voicemail === 0) };
  });
  if (!decided) {
    deps.log.warn('twilio machine detection ignored: not an attempt Baken dialled', { attempt: attemptId });
    return 'ignored';
  }
  if (decided.action === 'continue') return 'noted';

  let error: string | null = null;
  if (!p.partyCallSid) error = 'no_call_sid';
  else {
    try {
      // Ending a call is safe to repeat: a second "completed" changes nothing.
      const res = await twilioRequest(deps, {
        method: 'POST',
        path: accountPath(deps, `Calls/${p.partyCallSid}.json`),
        form: { Status: 'completed' },
        attempts: 2,
      });
      if (!res.ok) error = `twilio_${res.status}`;
    } catch (e) {
      error = `twilio_${e instanceof TwilioUnreachable ? e.reason : 'network'}`;
    }
  }
  const t = createTranslate(deps.config.defaultLocale);
  await deps.db.transaction().execute(async (trx) => {
    const at = deps.clock().toISOString();
    if (!error) await updateCallbackCall(trx, attemptId, { machine_hangup: 1, updated_at: at });
    await addEventIn(deps, trx, {
      contactId: decided.contactId,
      at,
      actorId: null,
      kind: 'callback.machine',
      data: {
        attempt: attemptId,
        answeredBy,
        hungUp: !error,
        ...(error ? { error } : {}),
        label: t(error ? 'callback.event.machineHangupFailed' : 'callback.event.machineHungUp'),
      },
    });
    await writeAudit(trx, {
      at,
      actorId: null,
      action: 'contact.callback.machineHangup',
      subjectType: 'contact',
      subjectId: decided.contactId,
      details: { attempt: attemptId, answeredBy, ok: !error },
    });
  });
  deps.events.publish({ type: 'contact.updated', data: { id: decided.contactId } });
  if (error) deps.log.warn('could not hang up on an answering machine', { attempt: attemptId, error });
  return error ? 'hangup-failed' : 'hung-up';
}
