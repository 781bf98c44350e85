// Calling a party back from Baken: the safe-contact rules and what Twilio's answers mean (pure, table-tested).
import type { PartyType } from '../contacts/contacts.table.js';
import type { PlacedCallbackOutcome } from './callback.table.js';

/** Party types that are not a professional: the person themselves, a citizen, or nobody known. */
const NOT_PROFESSIONAL: ReadonlySet<string> = new Set<PartyType>(['victim', 'citizen', 'other', 'unknown']);

export type CallbackRefusal = 'may_not_call_back' | 'only_via_professional' | 'no_number';

/**
 * Why a party may not be called back from this contact, or null when the call may be placed. Refused: the party
 * may not be called back (`mayCallBack=no`); the party is to be reached only through the professional who called
 * and this contact's number is not a professional's (the party is not a professional, or unknown); no number.
 */
export function callbackRefusal(c: {
  mayCallBack: number | null;
  viaProfessionalOnly: number | null;
  partyType: string | null;
  hasNumber: boolean;
}): CallbackRefusal | null {
  if (c.mayCallBack === 0) return 'may_not_call_back';
  if (c.viaProfessionalOnly === 1 && (c.partyType === null || NOT_PROFESSIONAL.has(c.partyType)))
    return 'only_via_professional';
  if (!c.hasNumber) return 'no_number';
  return null;
}

/** The agent's phone a callback rings first: their desk phone, or the browser softphone (`client:user<id>`). */
export function agentTarget(user: { id: number; desk_phone: string | null }): string {
  return user.desk_phone ?? `client:user${user.id}`;
}

/** Twilio's AnsweredBy says a machine (an answering machine or a fax) took the call; `human`, `unknown`: not. */
export function answeredByMachine(answeredBy: string | null | undefined): boolean {
  return Boolean(answeredBy && /^(machine_(start|end_beep|end_silence|end_other)|fax)$/.test(answeredBy));
}

/**
 * Machine detection on the party's leg (<Number machineDetection>): when the contact says leave no voicemail, Baken
 * listens only until it knows (`Enable`: machine_start at once) and hangs up on a machine; otherwise it waits for the
 * end of the greeting (`DetectMessageEnd`: machine_end_beep …) so the agent can speak after the beep.
 */
export function machineDetectionMode(noVoicemail: boolean): 'Enable' | 'DetectMessageEnd' {
  return noVoicemail ? 'Enable' : 'DetectMessageEnd';
}

/** What Baken does with the detection's answer: hang up on a machine when no voicemail may be left, else nothing. */
export function machineAction(answeredBy: string | null, noVoicemail: boolean): 'hangup' | 'continue' {
  return noVoicemail && answeredByMachine(answeredBy) ? 'hangup' : 'continue';
}

/**
 * The attempt's outcome from the <Dial>'s DialCallStatus and who answered (AnsweredBy from the <Dial> action or, as
 * kept on the attempt, from the machine detection's callback): a machine is "voicemail", never "reached".
 */
export function dialOutcome(dialStatus: string | null, answeredBy?: string | null): PlacedCallbackOutcome {
  if (answeredByMachine(answeredBy)) return 'voicemail';
  switch (dialStatus) {
    case 'completed':
    case 'answered':
      return 'reached';
    case 'no-answer':
      return 'no-answer';
    case 'busy':
      return 'busy';
    default:
      return 'failed';
  }
}

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/**
 * The attempt's outcome when the agent's own leg ended before the party was dialled (no <Dial> result): the agent
 * did not pick up (no-answer, busy, canceled) or the call failed. Null for a status that is not final.
 */
export function agentLegOutcome(callStatus: string | null): PlacedCallbackOutcome | null {
  if (!callStatus || !FINAL.has(callStatus)) return null;
  return callStatus === 'failed' ? 'failed' : 'agent-missed';
}
