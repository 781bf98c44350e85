// The phone line's rules, with no I/O: what Twilio's parameters mean, and what to do with a call given the
// moment in the desk's calendar. The webhooks turn a request into a CallEvent, ask decideCall, store what
// happened and let twiml.ts render the decision. Modelled on Zammad's CTI drivers: a decision as data.
import type { Queue } from '../contacts/contacts.table.js';
import {
  DEFAULT_TRANSCRIPTION_LANGUAGES,
  transcriptionLanguage,
  type TranscriptionLanguages,
} from '../shared/transcription-language.js';

/** The menu the caller hears: 1 legal question from a professional, 2 a possible victim, 3 anything else. */
export type MenuChoice = '1' | '2' | '3';
// The choice sets the queue only; it is the classifier's hint (routing.service), not a topic of docs/product.md §5.
export const MENU: Readonly<Record<MenuChoice, { queue: Queue }>> = {
  '1': { queue: 'legal' },
  '2': { queue: 'registration' },
  '3': { queue: 'general' },
};
/** After this many tries without a valid key the call goes through to the agents as "anything else". */
export const MENU_ATTEMPTS = 2;

/** The desk's state at the moment of the webhook, as officeHours.status() returns it. */
export type OfficeState = { open: true; until: Date } | { open: false; opensAt: Date | null };

/** What Baken knows about ringing the agents (from the configuration). */
export interface LineSettings {
  agentTargets: readonly string[];
  ringSeconds: number;
  transcribe: boolean;
  /** Who rings when the first round (agentTargets) did not answer: everyone after the legal agents (ring-decision). */
  thenTargets?: readonly string[] | null;
  /** Nobody to ring: offer the caller to be called back (only when their number is known). */
  offerCallback?: boolean;
  /** The voicemail's transcription language per menu path (default: Dutch on every path). */
  transcriptionLanguages?: TranscriptionLanguages;
}

/** One step of a call, normalised from Twilio's parameters. */
export type CallEvent =
  | { kind: 'incoming' }
  | { kind: 'menu'; digits: string | null; attempt: number }
  | { kind: 'dial-ended'; dialStatus: string | null; next?: boolean; choice?: MenuChoice | null };

export type VoicemailReason = 'closed' | 'no-answer' | 'no-agents' | 'error';

/** What to do with the caller, as data; twiml.ts renders it. */
export type CallDecision =
  | { action: 'menu'; attempt: number; greet: boolean }
  | {
      action: 'connect';
      choice: MenuChoice;
      targets: readonly string[];
      ringSeconds: number;
      next?: boolean;
      /** The caller's CallSid, handed to the agents' softphones so accepting opens the right contact. */
      callSid?: string;
    }
  | {
      action: 'voicemail';
      reason: VoicemailReason;
      opensAt: Date | null;
      transcribe: boolean;
      choice?: MenuChoice;
      offerCallback?: boolean;
      /** The language the voicemail is transcribed in (BCP-47), from the menu path; nl-NL when not set. */
      language?: string;
    }
  | { action: 'hangup' };

/** The menu key as a choice, or null for no key, a key not on the menu, or anything that is not one digit. */
export function menuChoice(digits: string | null | undefined): MenuChoice | null {
  return digits === '1' || digits === '2' || digits === '3' ? digits : null;
}

/** Dial outcomes that mean an agent picked up. */
const ANSWERED = new Set(['completed', 'answered']);
export const dialAnswered = (dialStatus: string | null | undefined) => !!dialStatus && ANSWERED.has(dialStatus);

/** How a call that is over ended for the desk: an agent answered, a voicemail was left, or it was missed. */
export function callOutcome(answered: boolean, voicemail: boolean): 'answered' | 'voicemail' | 'missed' {
  return answered ? 'answered' : voicemail ? 'voicemail' : 'missed';
}

/**
 * Decides the next step of a call.
 * - Incoming, open: greet and offer the menu. Incoming, closed: opening hours, 112, voicemail.
 * - Menu: a valid key goes to the agents (or straight to voicemail when no agents are configured);
 *   a missing or unknown key replays the menu once, then goes through as "anything else".
 *   Closed by now (the call came in just before closing): voicemail.
 * - The agents' phones stopped ringing: answered → hang up; a first round (the legal agents) unanswered → the
 *   next round (everyone available); anything else → voicemail.
 * - Nobody to ring: voicemail, and the caller may ask to be called back instead (when their number is known).
 */
export function decideCall(event: CallEvent, office: OfficeState, line: LineSettings): CallDecision {
  const voicemail = (reason: VoicemailReason, choice?: MenuChoice): CallDecision => ({
    action: 'voicemail',
    reason,
    opensAt: office.open ? null : office.opensAt,
    transcribe: line.transcribe,
    ...(choice ? { choice } : {}),
    language: transcriptionLanguage(line.transcriptionLanguages ?? DEFAULT_TRANSCRIPTION_LANGUAGES, choice),
  });
  const connect = (choice: MenuChoice, targets: readonly string[], next: boolean): CallDecision => ({
    action: 'connect',
    choice,
    targets,
    ringSeconds: line.ringSeconds,
    ...(next ? { next: true } : {}),
  });
  switch (event.kind) {
    case 'incoming':
      return office.open ? { action: 'menu', attempt: 1, greet: true } : voicemail('closed');
    case 'menu': {
      if (!office.open) return voicemail('closed', menuChoice(event.digits) ?? undefined);
      let choice = menuChoice(event.digits);
      if (!choice) {
        if (event.attempt < MENU_ATTEMPTS) return { action: 'menu', attempt: event.attempt + 1, greet: false };
        choice = '3';
      }
      if (line.agentTargets.length === 0)
        return line.offerCallback
          ? {
              ...(voicemail('no-agents', choice) as Extract<CallDecision, { action: 'voicemail' }>),
              offerCallback: true,
            }
          : voicemail('no-agents', choice);
      return connect(choice, line.agentTargets, !!line.thenTargets?.length);
    }
    case 'dial-ended':
      if (dialAnswered(event.dialStatus)) return { action: 'hangup' };
      if (event.next && office.open && line.thenTargets?.length)
        return connect(event.choice ?? '1', line.thenTargets, false);
      return voicemail('no-answer');
  }
}

// Numbers Twilio puts in From when the caller hides theirs (Anonymous, Restricted, Blocked, Unknown).
const TWILIO_HIDDEN_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+86282452253', '+8656696']);

/**
 * The caller's number as a candidate phone number, or null when it is withheld or not a number at all
 * ('anonymous', 'client:agent', '', Twilio's placeholder numbers). Normalising to E.164 is the caller's job.
 */
export function callerNumber(from: string | null | undefined): string | null {
  if (!from) return null;
  const f = from.trim();
  if (!/^\+?[\d\s().-]{3,32}$/.test(f)) return null;
  if (TWILIO_HIDDEN_NUMBERS.has(f.replace(/[\s().-]/g, ''))) return null;
  return f;
}

/** True for a well-formed Twilio SID of the given kind: two letters and 32 hex characters. */
export const isSid = (prefix: 'CA' | 'RE' | 'TR' | 'AC' | 'GT', v: unknown): v is string =>
  typeof v === 'string' && v.startsWith(prefix) && SID_TAIL.test(v);
const SID_TAIL = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** A whole number of seconds from a Twilio duration parameter, or null when absent or not a sane number. */
export function seconds(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{1,7}$/.test(v)) return null;
  return Number(v);
}

/**
 * Checks a RecordingUrl before it is stored or used: it must be on Twilio's API (or the configured API base)
 * and point at a recording of an account. Returns the RecordingSid it names, or null.
 */
export function recordingSidFromUrl(url: unknown, allowedOrigins: readonly string[]): string | null {
  if (typeof url !== 'string' || url.length > 500) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!allowedOrigins.includes(u.origin) || u.username || u.password) return null;
  const m = /^\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}\/Recordings\/(RE[0-9a-fA-F]{32})(\.(mp3|wav|json))?$/.exec(
    u.pathname,
  );
  return m ? m[1]! : null;
}
