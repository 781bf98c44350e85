import { formatDuration, formatStamp } from '../shared/time-format.js';
import type { Deps } from '../deps.js';
import { transcriptionLanguage } from '../shared/transcription-language.js';
import type { Trx } from '../db/database.js';
import { changeContactIn, createContactIn, type ContactChange } from '../contacts/contacts.service.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { addEventIn } from '../contacts/contact-text.service.js';
import { maskPhone, normalisePhone } from '../crypto/field-crypto.js';
import { createTranslate, type Translate } from '../i18n/i18n.js';
import {
  callerNumber,
  callOutcome,
  decideCall,
  dialAnswered,
  MENU,
  menuChoice,
  type CallDecision,
  type LineSettings,
  type MenuChoice,
  type OfficeState,
} from './call-decision.js';
import { CALL_STATUSES, FINAL_CALL_STATUSES } from './calls.table.js';
import {
  findCallBySid,
  insertCall,
  simulatedCallBy,
  listRecordingsOfCall,
  updateCall,
  type CallRow,
} from './calls.queries.js';
import { serializeOn } from '../db/locks.js';
import { ringLine } from './ringing.service.js';
import { userIdOfClient } from './ring-decision.js';
import { findUserName } from './availability.queries.js';

/** What every Twilio callback carries about the call; callSid is null when missing or malformed. */
export interface CallParams {
  callSid: string | null;
  from: string | null;
}

/** Working hours within which a missed call (or an after-hours voicemail) is to be called back. */
export const CALLBACK_WORKING_HOURS = 2;

export type Source = 'voice' | 'gather' | 'dial' | 'status' | 'recording' | 'transcription';

const line = (deps: Deps): LineSettings => deps.config.twilio;
export const desk = (deps: Deps): Translate => createTranslate(deps.config.defaultLocale);

/** Writes a phone event on the contact's timeline; `label` (desk language) keeps it readable anywhere. */
export async function callEvent(
  deps: Deps,
  trx: Trx,
  contactId: number,
  at: string,
  kind: string,
  data: Record<string, unknown>,
) {
  await addEventIn(deps, trx, { contactId, at, actorId: null, kind, data });
}

/**
 * Finds the call of a webhook, or logs it now: a contact (channel phone, the number encrypted) and its call
 * row, in the caller's transaction. Twilio retries and may send callbacks out of order, so any webhook
 * may be the first one Baken sees of a call; the CallSid keeps it to one contact.
 */
async function ensureCall(
  deps: Deps,
  trx: Trx,
  p: { callSid: string; from: string | null },
  office: OfficeState,
  source: Source,
) {
  const found = await findCallBySid(trx, p.callSid);
  if (found) return { call: found, created: false };
  const now = deps.clock().toISOString();
  const phone = normalisePhone(callerNumber(p.from));
  // Only while development tools are on can a call be simulated (never beside a real TWILIO_AUTH_TOKEN).
  const simulatedBy = deps.config.devTools ? await simulatedCallBy(trx, p.callSid) : null;
  const contact = await createContactIn(
    deps,
    trx,
    {
      channel: 'phone',
      direction: 'in',
      startedAt: now,
      party: { phone },
      subject: desk(deps)('calls.subject.call'),
      queue: office.open ? 'general' : 'after-hours',
      eventData: { callSid: p.callSid, via: source, ...(simulatedBy ? { simulatedBy } : {}) },
      simulatedBy,
    },
    { id: null },
  );
  const row = {
    call_sid: p.callSid,
    contact_id: contact.id,
    from_hash: phone ? deps.crypto.hash('phone', phone) : null,
    in_office_hours: office.open ? 1 : 0,
    status: 'ringing',
    started_at: now,
    created_at: now,
    updated_at: now,
  };
  const id = await insertCall(trx, row);
  if (source !== 'voice')
    deps.log.warn('twilio callback arrived before the voice webhook: call logged from it', {
      source,
      callSid: p.callSid,
      contactId: contact.id,
    });
  const call: CallRow = {
    ...row,
    id,
    menu_choice: null,
    dial_status: null,
    answered_at: null,
    answered_by: null,
    duration: null,
    ended_at: null,
    reference: contact.reference,
    queue: office.open ? 'general' : 'after-hours',
    topic: null,
    contact_status: 'new',
    priority: 'normal',
    channel: 'phone',
    party_phone_mask: phone ? maskPhone(phone) : null,
    version: 1,
  };
  return { call, created: true };
}

/** Runs `fn` on the webhook's call (logged first when new) in one transaction. */
export async function withCall<T>(
  deps: Deps,
  p: CallParams,
  office: OfficeState,
  source: Source,
  fn: (trx: Trx, call: CallRow, now: string) => Promise<T>,
) {
  const callSid = p.callSid!;
  return deps.db.transaction().execute(async (trx) => {
    // Twilio may send a call's webhooks at once: one transaction per call at a time, so it is logged once.
    await serializeOn(trx, `call:${callSid}`);
    const { call, created } = await ensureCall(deps, trx, { callSid, from: p.from }, office, source);
    const result = await fn(trx, call, deps.clock().toISOString());
    return { call, created, result };
  });
}

/** Logs a webhook that cannot be tied to a call; Twilio still gets its answer. */
export function noCallSid(deps: Deps, source: Source): void {
  deps.log.warn('twilio webhook without a valid CallSid: answered, nothing stored', { source });
}

/**
 * Tells every open agent page about the call. The event carries ids and the masked number only, never a name or a
 * label: each open page's stream reads the pop (src/calls/screen-pop.service.ts) and draws it in its reader's
 * language (src/live/live-fragments.tsx), also on the other instances of the desk.
 */
function publishScreenPop(deps: Deps, call: CallRow, office: OfficeState) {
  deps.events.publish({
    type: 'call.incoming',
    roles: ['agent', 'supervisor'],
    data: {
      callSid: call.call_sid,
      contactId: call.contact_id,
      // The version a "take this call" form must carry (POST /contacts/:id/update with intent=take).
      version: call.version,
      reference: call.reference,
      from: call.party_phone_mask,
      menuChoice: call.menu_choice,
      officeOpen: office.open,
    },
  });
  deps.events.publish({ type: 'contact.created', data: { id: call.contact_id } });
}

/** A call comes in: log it as a contact at once (idempotent on CallSid), pop it up for agents, decide the answer. */
export async function receiveCall(deps: Deps, p: CallParams): Promise<CallDecision> {
  const office = deps.officeHours.status(deps.clock());
  const decision = decideCall({ kind: 'incoming' }, office, line(deps));
  if (!p.callSid) {
    noCallSid(deps, 'voice');
    return decision;
  }
  const { call, created } = await withCall(deps, p, office, 'voice', async () => undefined);
  if (created) publishScreenPop(deps, call, office);
  else
    deps.log.info('twilio voice webhook repeated: the call was already logged', {
      callSid: p.callSid,
      contactId: call.contact_id,
    });
  return decision;
}

/** Applies a menu choice: the call remembers it, the contact gets the topic and (in office hours) the queue. */
async function applyMenuChoice(deps: Deps, trx: Trx, call: CallRow, choice: MenuChoice, now: string): Promise<boolean> {
  if (call.menu_choice === choice) return false;
  const { queue } = MENU[choice];
  await updateCall(trx, call.call_sid, { menu_choice: choice, updated_at: now });
  // A call that came in after hours stays in the after-hours queue whatever the caller pressed; in hours the
  // due time follows the new queue's SLA (changeContactIn recomputes it).
  const menuEvent = {
    kind: 'call.menu',
    data: { choice, label: desk(deps)('calls.event.menu', { choice, option: desk(deps)(`calls.menu.${choice}`) }) },
  };
  await changeContactIn(
    deps,
    trx,
    call.contact_id,
    call.in_office_hours ? { queue } : {},
    { id: null },
    { events: [menuEvent], auditDetails: { via: 'phone-menu' } },
  );
  return true;
}

/** The caller pressed a key (or none): set topic and queue, then to the agents, the menu again, or voicemail. */
export async function chooseFromMenu(
  deps: Deps,
  p: CallParams & { digits: string | null; attempt: number },
): Promise<CallDecision> {
  const office = deps.officeHours.status(deps.clock());
  const ringing = await ringLine(deps, menuChoice(p.digits) ?? '3', callerNumber(p.from) !== null);
  const decided = decideCall({ kind: 'menu', digits: p.digits, attempt: p.attempt }, office, ringing);
  const decision = decided.action === 'connect' && p.callSid ? { ...decided, callSid: p.callSid } : decided;
  const choice =
    decision.action === 'connect'
      ? decision.choice
      : decision.action === 'voicemail'
        ? (decision.choice ?? null)
        : null;
  if (p.digits !== null && !['1', '2', '3'].includes(p.digits))
    deps.log.info('twilio menu: a key that is not on the menu', { callSid: p.callSid, attempt: p.attempt });
  if (!p.callSid) {
    noCallSid(deps, 'gather');
    return decision;
  }
  const {
    call,
    created,
    result: changed,
  } = await withCall(deps, p, office, 'gather', (trx, call, now) =>
    choice ? applyMenuChoice(deps, trx, call, choice, now) : Promise.resolve(false),
  );
  if (created || changed) {
    const fresh = await findCallBySid(deps.db, call.call_sid);
    if (fresh) publishScreenPop(deps, fresh, office);
  }
  return decision;
}

/** The agents' phones stopped ringing: remember whether someone answered; if not, voicemail. */
export async function dialEnded(
  deps: Deps,
  p: CallParams & { dialStatus: string | null; next?: boolean },
): Promise<CallDecision> {
  const office = deps.officeHours.status(deps.clock());
  // After the legal agents' round: everyone available rings next (ring-decision.ts), found afresh.
  const known = p.next && p.callSid ? await findCallBySid(deps.db, p.callSid) : undefined;
  const choice = (menuChoice(known?.menu_choice) ?? '1') as MenuChoice;
  const ringing = p.next ? await ringLine(deps, choice, true) : line(deps);
  const decided = decideCall({ kind: 'dial-ended', dialStatus: p.dialStatus, next: p.next, choice }, office, ringing);
  const decision = decided.action === 'connect' && p.callSid ? { ...decided, callSid: p.callSid } : decided;
  if (!p.callSid) {
    noCallSid(deps, 'dial');
    return decision;
  }
  const dialStatus = p.dialStatus && /^[a-z-]{1,20}$/.test(p.dialStatus) ? p.dialStatus : 'unknown';
  const { call } = await withCall(deps, p, office, 'dial', async (trx, call, now) => {
    if (call.dial_status === dialStatus) return;
    const answered = dialAnswered(dialStatus);
    await updateCall(trx, call.call_sid, {
      dial_status: dialStatus,
      ...(answered && !call.answered_at ? { answered_at: now } : {}),
      updated_at: now,
    });
    if (!answered) {
      await callEvent(deps, trx, call.contact_id, now, 'call.unanswered', {
        dialStatus,
        label: desk(deps)('calls.event.unanswered'),
      });
      return;
    }
    // A softphone (client:user<id>) is shown by the agent's name; a desk phone masked, a fixed identity as is.
    const agentId = userIdOfClient(call.answered_by);
    const by = agentId
      ? ((await findUserName(trx, agentId)) ?? agentLabel(call.answered_by!))
      : call.answered_by
        ? agentLabel(call.answered_by)
        : null;
    await changeContactIn(
      deps,
      trx,
      call.contact_id,
      { callOutcome: 'answered' },
      { id: null },
      {
        events: [
          {
            kind: 'call.answered',
            data: {
              dialStatus,
              by,
              label: by ? desk(deps)('calls.event.answeredBy', { who: by }) : desk(deps)('calls.event.answered'),
            },
          },
        ],
        auditDetails: { via: 'call-dial' },
      },
    );
  });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
  // The voicemail after an unanswered dial is transcribed in the language of the menu path the caller took.
  if (decision.action === 'voicemail')
    return {
      ...decision,
      language: transcriptionLanguage(deps.config.twilio.transcriptionLanguages, call.menu_choice),
    };
  return decision;
}

/**
 * The agent target Twilio connected, as the desk may show it: a Twilio Client identity as is, a phone number
 * masked (it may be an agent's own mobile).
 */
export function agentLabel(target: string): string {
  if (target.startsWith('client:')) return target.slice('client:'.length).slice(0, 60);
  const phone = normalisePhone(target);
  return phone ? maskPhone(phone) : '?';
}

/** An agent picked up a call: remember who (the first one only; Twilio connects one). Unknown calls are ignored. */
export async function agentAnswered(deps: Deps, p: { parentCallSid: string | null; to: string | null }) {
  if (!p.parentCallSid || !p.to) {
    deps.log.warn('twilio answered callback without a parent call or target: nothing stored', {});
    return;
  }
  const call = await findCallBySid(deps.db, p.parentCallSid);
  if (!call) {
    deps.log.warn('twilio answered callback for an unknown call: nothing stored', { callSid: p.parentCallSid });
    return;
  }
  if (call.answered_by) return;
  await updateCall(deps.db, call.call_sid, { answered_by: p.to, updated_at: deps.clock().toISOString() });
}

/**
 * Turns a call nobody answered (and where no voicemail was left) into a callback task: high priority, due in two
 * working hours (after hours: two working hours after the next opening), reopened when it was resolved.
 */
export async function makeCallbackTask(deps: Deps, trx: Trx, call: CallRow, now: string, requested = false) {
  const t = desk(deps);
  const afterHours = !call.in_office_hours;
  if (!call.from_hash) {
    await changeContactIn(
      deps,
      trx,
      call.contact_id,
      { callOutcome: 'missed' },
      { id: null },
      {
        events: [{ kind: 'call.missed', data: { withheld: true, afterHours, label: t('calls.event.missedWithheld') } }],
        auditDetails: { via: 'missed-call' },
      },
    );
    return;
  }
  const due = deps.officeHours.addWorkingHours(new Date(now), CALLBACK_WORKING_HOURS).toISOString();
  const c = await findContactForChange(trx, call.contact_id);
  if (!c) return;
  const change: ContactChange = { callOutcome: 'missed' };
  if (c.status === 'resolved') change.status = 'new';
  if (c.priority === 'low' || c.priority === 'normal') change.priority = 'high';
  if (!c.due_at || c.due_at > due) change.dueAt = due;
  const stamp = formatStamp(due, deps.config.office.timeZone);
  await changeContactIn(
    deps,
    trx,
    call.contact_id,
    change,
    { id: null },
    {
      events: [
        {
          kind: requested ? 'call.callbackRequested' : 'call.missed',
          data: {
            due,
            afterHours,
            label: requested
              ? t('softphone.event.callbackRequested', { due: stamp })
              : afterHours
                ? t('calls.event.missedAfterHours', { due: stamp })
                : t('calls.event.missed', { due: stamp }),
          },
        },
      ],
      auditDetails: { via: 'missed-call' },
    },
  );
}

/**
 * Twilio's status callback: the call's status, and once it is over its duration and outcome. A call that
 * ended in office hours without an agent answering becomes a callback task. Replays change nothing.
 */
export async function recordCallStatus(
  deps: Deps,
  p: CallParams & { status: string | null; duration: number | null },
): Promise<void> {
  if (!p.callSid) {
    noCallSid(deps, 'status');
    return;
  }
  const known = (CALL_STATUSES as readonly string[]).includes(p.status ?? '');
  if (!known)
    deps.log.warn('twilio status callback with an unknown CallStatus: status not recorded', { callSid: p.callSid });
  const office = deps.officeHours.status(deps.clock());
  const { call, result: ended } = await withCall(deps, p, office, 'status', async (trx, call, now) => {
    if (!known) return false;
    const status = p.status!;
    const final = (FINAL_CALL_STATUSES as readonly string[]).includes(status);
    if (call.ended_at) {
      if (final && p.duration !== null && call.duration !== p.duration)
        await updateCall(trx, call.call_sid, { duration: p.duration, updated_at: now });
      return false;
    }
    if (!final) {
      if (call.status !== status) await updateCall(trx, call.call_sid, { status, updated_at: now });
      return false;
    }
    await updateCall(trx, call.call_sid, { status, duration: p.duration, ended_at: now, updated_at: now });
    const answered = dialAnswered(call.dial_status);
    const voicemail = (await listRecordingsOfCall(trx, call.call_sid)).length > 0;
    const t = desk(deps);
    const outcome = callOutcome(answered, voicemail);
    await changeContactIn(
      deps,
      trx,
      call.contact_id,
      { endedAt: now, callOutcome: outcome === 'missed' ? undefined : outcome },
      { id: null },
      {
        events: [
          {
            kind: 'call.ended',
            data: {
              status,
              duration: p.duration,
              answered,
              label: t('calls.event.ended', {
                status: t(`calls.status.${status}` as 'calls.status.completed'),
                duration: formatDuration(p.duration),
              }),
            },
          },
        ],
        auditDetails: { via: 'call-status' },
      },
    );
    // Nobody answered and no voicemail: a missed call, in office hours or after, gets a callback task.
    if (outcome === 'missed') await makeCallbackTask(deps, trx, call, now);
    return true;
  });
  if (ended)
    deps.events.publish({
      type: 'call.ended',
      roles: ['agent', 'supervisor'],
      data: { callSid: call.call_sid, contactId: call.contact_id },
    });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
}
