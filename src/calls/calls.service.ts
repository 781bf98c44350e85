import { formatStamp } from '../shared/time-format.js';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { insertEvent } from '../contacts/contacts.queries.js';
import type { Priority, Queue, Status } from '../contacts/contacts.table.js';
import { dueAt } from '../contacts/sla.js';
import { maskPhone, normalisePhone } from '../crypto/field-crypto.js';
import { createTranslate, type Translate } from '../i18n/i18n.js';
import {
  callerNumber,
  decideCall,
  dialAnswered,
  MENU,
  type CallDecision,
  type LineSettings,
  type MenuChoice,
  type OfficeState,
} from './call-decision.js';
import { CALL_STATUSES, FINAL_CALL_STATUSES } from './calls.table.js';
import { findCallBySid, insertCall, listEarlierContacts, updateCall, type CallRow } from './calls.queries.js';

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
  _deps: Deps,
  trx: Trx,
  contactId: number,
  at: string,
  kind: string,
  data: Record<string, unknown>,
) {
  await insertEvent(trx, { contactId, at, actorId: null, kind, data });
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
      eventData: { callSid: p.callSid, via: source },
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
    duration: null,
    ended_at: null,
    reference: contact.reference,
    queue: office.open ? 'general' : 'after-hours',
    topic: null,
    contact_status: 'new',
    priority: 'normal',
    channel: 'phone',
    party_phone_mask: phone ? maskPhone(phone) : null,
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
    const { call, created } = await ensureCall(deps, trx, { callSid, from: p.from }, office, source);
    const result = await fn(trx, call, deps.clock().toISOString());
    return { call, created, result };
  });
}

/** Logs a webhook that cannot be tied to a call; Twilio still gets its answer. */
export function noCallSid(deps: Deps, source: Source): void {
  deps.log.warn('twilio webhook without a valid CallSid: answered, nothing stored', { source });
}

/** Tells every open agent page about the call: masked number, menu choice, earlier contacts from the number. */
async function publishScreenPop(deps: Deps, call: CallRow, office: OfficeState) {
  const zone = deps.config.office.timeZone;
  // Labels in both languages: each open page shows its user's (public/app.js picks by <html lang>).
  const labels = (t: Translate) => ({
    from: call.party_phone_mask ?? t('calls.withheld'),
    title: office.open ? t('calls.pop.title') : t('calls.pop.titleClosed'),
    menu: call.menu_choice ? `${call.menu_choice} · ${t(`calls.menu.${call.menu_choice}`)}` : '',
    earlierLabel: t('calls.pop.earlier'),
    openLabel: t('calls.pop.open'),
    takeLabel: t('calls.pop.take'),
    takenByLabel: t('calls.pop.takenBy'),
  });
  const earlier = call.from_hash ? await listEarlierContacts(deps.db, call.from_hash, call.contact_id) : [];
  deps.events.publish({
    type: 'call.incoming',
    roles: ['agent', 'supervisor'],
    data: {
      callSid: call.call_sid,
      contactId: call.contact_id,
      reference: call.reference,
      ...labels(desk(deps)),
      i18n: { nl: labels(createTranslate('nl')), en: labels(createTranslate('en')) },
      earlier: earlier.map((e) => ({
        id: e.id,
        reference: e.reference,
        subject: e.subject,
        started: formatStamp(e.started_at, zone),
      })),
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
  if (created) await publishScreenPop(deps, call, office);
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
  const { queue, topic } = MENU[choice];
  await updateCall(trx, call.call_sid, { menu_choice: choice, updated_at: now });
  await callEvent(deps, trx, call.contact_id, now, 'call.menu', {
    choice,
    label: desk(deps)('calls.event.menu', { choice, option: desk(deps)(`calls.menu.${choice}`) }),
  });
  const set: { queue?: Queue; topic?: string; due_at?: string } = {};
  const fields: string[] = [];
  // A call that came in after hours stays in the after-hours queue whatever the caller pressed.
  if (call.in_office_hours && call.queue !== queue) {
    set.queue = queue;
    fields.push('queue');
    // The call was logged a moment ago in the general queue: its due time follows the queue's SLA.
    if (call.contact_status !== 'resolved')
      set.due_at = dueAt(queue, new Date(call.started_at), (t, h) =>
        deps.officeHours.addWorkingHours(t, h),
      ).toISOString();
    await insertEvent(trx, {
      contactId: call.contact_id,
      at: now,
      actorId: null,
      kind: 'queue',
      data: { from: call.queue, to: queue },
    });
  }
  if (call.topic !== topic) {
    set.topic = topic;
    fields.push('topic');
    await insertEvent(trx, {
      contactId: call.contact_id,
      at: now,
      actorId: null,
      kind: 'topic',
      data: { from: call.topic, to: topic },
    });
  }
  if (fields.length) {
    await trx
      .updateTable('contacts')
      .set({ ...set, updated_at: now })
      .where('id', '=', call.contact_id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: null,
      action: 'contact.update',
      subjectType: 'contact',
      subjectId: call.contact_id,
      details: { fields, via: 'phone-menu' },
    });
  }
  return true;
}

/** The caller pressed a key (or none): set topic and queue, then to the agents, the menu again, or voicemail. */
export async function chooseFromMenu(
  deps: Deps,
  p: CallParams & { digits: string | null; attempt: number },
): Promise<CallDecision> {
  const office = deps.officeHours.status(deps.clock());
  const decision = decideCall({ kind: 'menu', digits: p.digits, attempt: p.attempt }, office, line(deps));
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
    if (fresh) await publishScreenPop(deps, fresh, office);
  }
  return decision;
}

/** The agents' phones stopped ringing: remember whether someone answered; if not, voicemail. */
export async function dialEnded(deps: Deps, p: CallParams & { dialStatus: string | null }): Promise<CallDecision> {
  const office = deps.officeHours.status(deps.clock());
  const decision = decideCall({ kind: 'dial-ended', dialStatus: p.dialStatus }, office, line(deps));
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
    await callEvent(deps, trx, call.contact_id, now, answered ? 'call.answered' : 'call.unanswered', {
      dialStatus,
      label: desk(deps)(answered ? 'calls.event.answered' : 'calls.event.unanswered'),
    });
  });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
  return decision;
}

/** Turns a call nobody answered in office hours into a callback task: high priority, due in two working hours. */
async function makeCallbackTask(deps: Deps, trx: Trx, call: CallRow, now: string) {
  const t = desk(deps);
  if (!call.from_hash) {
    await callEvent(deps, trx, call.contact_id, now, 'call.missed', {
      withheld: true,
      label: t('calls.event.missedWithheld'),
    });
    return;
  }
  const due = deps.officeHours.addWorkingHours(new Date(now), CALLBACK_WORKING_HOURS).toISOString();
  const c = await trx
    .selectFrom('contacts')
    .select(['status', 'priority', 'due_at'])
    .where('id', '=', call.contact_id)
    .executeTakeFirstOrThrow();
  const set: { status?: Status; priority?: Priority; due_at?: string } = {};
  if (c.status === 'resolved') set.status = 'new';
  if (c.priority === 'low' || c.priority === 'normal') set.priority = 'high';
  if (!c.due_at || c.due_at > due) set.due_at = due;
  if (set.status)
    await insertEvent(trx, {
      contactId: call.contact_id,
      at: now,
      actorId: null,
      kind: 'status',
      data: { from: c.status, to: set.status },
    });
  if (set.priority)
    await insertEvent(trx, {
      contactId: call.contact_id,
      at: now,
      actorId: null,
      kind: 'priority',
      data: { from: c.priority, to: set.priority },
    });
  await callEvent(deps, trx, call.contact_id, now, 'call.missed', {
    due,
    label: t('calls.event.missed', { due: formatStamp(due, deps.config.office.timeZone) }),
  });
  await trx
    .updateTable('contacts')
    .set({ ...set, updated_at: now })
    .where('id', '=', call.contact_id)
    .execute();
  await writeAudit(trx, {
    at: now,
    actorId: null,
    action: 'contact.update',
    subjectType: 'contact',
    subjectId: call.contact_id,
    details: { fields: Object.keys(set), via: 'missed-call' },
  });
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
    await trx
      .updateTable('contacts')
      .set({ ended_at: now, updated_at: now })
      .where('id', '=', call.contact_id)
      .execute();
    const answered = dialAnswered(call.dial_status);
    const t = desk(deps);
    await callEvent(deps, trx, call.contact_id, now, 'call.ended', {
      status,
      duration: p.duration,
      answered,
      label: t('calls.event.ended', {
        status: t(`calls.status.${status}` as 'calls.status.completed'),
        duration: formatDuration(p.duration),
      }),
    });
    if (call.in_office_hours && !answered) await makeCallbackTask(deps, trx, call, now);
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

/** "1:05" for 65 seconds; "—" when unknown. */
export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
