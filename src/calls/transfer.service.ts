// Transfer and a third party during a call (issue 25): the caller's call is moved into a Twilio <Conference>
// through the REST API (update the call with TwiML), and the agent, a colleague (warm: consulted while the caller
// waits on hold) or a telephone interpreter join it as participants. Every step is on the contact's timeline.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { changeContactIn } from '../contacts/contacts.service.js';
import { findCallBySid } from './calls.queries.js';
import { desk } from './calls.service.js';
import { clientIdentity } from './ring-decision.js';
import { accountPath, twilioRequest, TwilioUnreachable } from './twilio-rest.js';
import { findConference, insertConference, findUserName } from './availability.queries.js';

type Actor = { id: number; ip: string };
export type TransferStep = 'conference' | 'consult' | 'handover' | 'interpreter';

/** The conference a caller's call is moved into: named after the call, so a repeat finds the same one. */
const conferenceName = (callSid: string) => `baken-${callSid}`;

/** The TwiML that moves the caller into the conference; the conference ends when the caller hangs up. */
function conferenceTwiml(name: string): string {
  const r = new VoiceResponse();
  r.dial().conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, name);
  return r.toString();
}

async function ask(deps: Deps, req: Parameters<typeof twilioRequest>[1]): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await twilioRequest(deps, req);
  } catch (e) {
    if (e instanceof TwilioUnreachable && e.reason === 'unconfigured')
      throw new AppError('twilio_not_configured', 'Twilio is not configured');
    throw new AppError('twilio_unavailable', 'Twilio did not answer');
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    deps.log.warn('twilio refused a transfer step', { status: res.status, code: body.code });
    throw new AppError('twilio_refused', 'Twilio refused the request');
  }
  return body;
}

/** A participant joins the conference: an agent's softphone or a telephone number. */
async function addParticipant(deps: Deps, name: string, to: string, label: string) {
  const from = deps.config.twilio.callerId ?? 'client:baken';
  return ask(deps, {
    method: 'POST',
    path: accountPath(deps, `Conferences/${encodeURIComponent(name)}/Participants.json`),
    form: { From: from, To: to, Label: label, EndConferenceOnExit: false, Beep: 'false' },
  });
}

/** The conference's SID (participants are updated under it), looked up by its name among the live ones. */
async function conferenceSid(deps: Deps, name: string): Promise<string> {
  const body = await ask(deps, {
    method: 'GET',
    path: accountPath(deps, `Conferences.json?FriendlyName=${encodeURIComponent(name)}&Status=in-progress`),
    attempts: 3,
  });
  const list = Array.isArray(body.conferences) ? (body.conferences as { sid?: unknown }[]) : [];
  const sid = list.find((c) => typeof c.sid === 'string' && /^CF[0-9a-f]{32}$/i.test(c.sid))?.sid as string;
  if (!sid) throw new AppError('conference_not_found', 'The conference has not started');
  return sid;
}

async function holdCaller(deps: Deps, name: string, callSid: string, hold: boolean) {
  const sid = await conferenceSid(deps, name);
  await ask(deps, {
    method: 'POST',
    path: accountPath(deps, `Conferences/${sid}/Participants/${callSid}.json`),
    form: { Hold: hold },
    attempts: 2,
  });
}

/** Writes one transfer step on the contact's timeline, audited, in one transaction. */
async function noteStep(
  deps: Deps,
  actor: Actor,
  contactId: number,
  step: TransferStep,
  data: Record<string, unknown>,
  label: string,
) {
  await deps.db.transaction().execute((trx) =>
    changeContactIn(deps, trx, contactId, {}, actor, {
      events: [{ kind: `call.${step}`, data: { ...data, label } }],
      auditAction: 'call.transfer',
      auditDetails: { step },
    }),
  );
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
}

async function liveCall(deps: Deps, callSid: string) {
  const call = await findCallBySid(deps.db, callSid);
  if (!call) throw new AppError('call_not_found', 'Not found');
  if (call.ended_at) throw new AppError('call_ended', 'The call has ended');
  return call;
}

/**
 * Moves the caller into a conference (once) and brings the agent back in as a participant (their softphone rings
 * and answers by itself). Answers the conference's name.
 */
async function startConference(deps: Deps, actor: Actor, callSid: string): Promise<string> {
  const call = await liveCall(deps, callSid);
  const name = conferenceName(callSid);
  if (await findConference(deps.db, callSid)) return name;
  await ask(deps, {
    method: 'POST',
    path: accountPath(deps, `Calls/${callSid}.json`),
    form: { Twiml: conferenceTwiml(name) },
  });
  await addParticipant(deps, name, `client:${clientIdentity(actor.id)}`, 'agent');
  await insertConference(deps.db, {
    call_sid: callSid,
    name,
    started_by: actor.id,
    started_at: deps.clock().toISOString(),
  });
  await noteStep(deps, actor, call.contact_id, 'conference', {}, desk(deps)('softphone.event.conference'));
  return name;
}

/** Holds the caller (or takes them off hold): the call moves into a conference first, where hold lives. */
export async function setHold(deps: Deps, actor: Actor, callSid: string, hold: boolean): Promise<undefined> {
  await liveCall(deps, callSid);
  const name = await startConference(deps, actor, callSid);
  await holdCaller(deps, name, callSid, hold);
  return undefined;
}

/** Warm transfer, first half: the caller waits on hold while the colleague's softphone rings to be consulted. */
export async function consultColleague(deps: Deps, actor: Actor, callSid: string, colleagueId: number) {
  const who = await findUserName(deps.db, colleagueId);
  if (!who || colleagueId === actor.id) throw new AppError('colleague_unknown', 'Unknown colleague');
  const call = await liveCall(deps, callSid);
  const name = await startConference(deps, actor, callSid);
  await holdCaller(deps, name, callSid, true);
  await addParticipant(deps, name, `client:${clientIdentity(colleagueId)}`, 'colleague');
  await noteStep(
    deps,
    actor,
    call.contact_id,
    'consult',
    { colleagueId },
    desk(deps)('softphone.event.consult', { who }),
  );
}

/** Warm transfer, second half: the caller comes off hold to the colleague; the agent may now hang up. */
export async function handOver(deps: Deps, actor: Actor, callSid: string): Promise<undefined> {
  const call = await liveCall(deps, callSid);
  const conf = await findConference(deps.db, callSid);
  if (!conf) throw new AppError('conference_not_found', 'The call is not in a conference');
  await holdCaller(deps, conf.name, callSid, false);
  await noteStep(deps, actor, call.contact_id, 'handover', {}, desk(deps)('softphone.event.handover'));
  return undefined;
}

/** Brings a telephone interpreter (an E.164 number) into the call, from the desk's number. */
export async function addInterpreter(deps: Deps, actor: Actor, callSid: string, number: string) {
  if (!/^\+[1-9]\d{6,14}$/.test(number)) throw new AppError('interpreter_number', 'Not an E.164 number');
  if (!deps.config.twilio.callerId) throw new AppError('caller_id_missing', 'TWILIO_CALLER_ID is not set');
  const call = await liveCall(deps, callSid);
  const name = await startConference(deps, actor, callSid);
  await addParticipant(deps, name, number, 'interpreter');
  // The interpreter's number is the agency's, not the caller's: still only its last digits go on the timeline.
  await noteStep(
    deps,
    actor,
    call.contact_id,
    'interpreter',
    { to: `••${number.slice(-4)}` },
    desk(deps)('softphone.event.interpreter'),
  );
}
