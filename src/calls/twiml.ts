// Renders a call decision as TwiML, in Dutch then English. Pure: no I/O, no clock (the moment is passed in).
// Only twilio's VoiceResponse module is loaded: the whole twilio package takes ~150 ms to import.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { DateTime } from 'luxon';
import type { CallDecision, VoicemailReason } from './call-decision.js';

type Lang = 'nl' | 'en';
const VOICE: Record<Lang, VoiceResponse.SayAttributes> = {
  nl: { language: 'nl-NL', voice: 'Polly.Lotte' },
  en: { language: 'en-GB', voice: 'Polly.Amy' },
};

/** The webhook paths TwiML points back to (relative: Twilio resolves them against PUBLIC_URL). */
const TWILIO_PATHS = {
  voice: '/twilio/voice',
  gather: '/twilio/gather',
  dial: '/twilio/dial',
  answered: '/twilio/answered',
  status: '/twilio/status',
  recording: '/twilio/recording',
  transcription: '/twilio/transcription',
  callbackRequest: '/twilio/callback-request',
  /** Real-time transcription of the voicemail (<Start><Transcription> status callback). */
  transcript: '/twilio/transcript',
} as const;

/** Everything the caller hears, in both languages. Consent: voicemails are recorded, live calls are not. */
export const SPOKEN = {
  welcome: {
    nl: 'Welkom bij de helpdesk van Baken, het coördinatiecentrum tegen mensenhandel. Dit gesprek wordt niet opgenomen. Spreekt u straks een voicemail in, dan wordt die wel opgenomen.',
    en: 'Welcome to the Baken help desk, the coordination centre against human trafficking. This call is not recorded. If you leave a voicemail, that message is recorded.',
  },
  menu: {
    nl: 'Bent u een professional met een juridische vraag, toets 1. Wilt u een mogelijk slachtoffer melden, toets 2. Voor al het andere, toets 3.',
    en: 'If you are a professional with a legal question, press 1. To report a possible victim, press 2. For anything else, press 3.',
  },
  notAnOption: { nl: 'Sorry, dat is geen keuze uit het menu.', en: 'Sorry, that is not one of the options.' },
  connecting: {
    nl: 'Een moment, u wordt doorverbonden met een medewerker.',
    en: 'One moment, we are connecting you to the help desk.',
  },
  closed: { nl: 'U belt buiten onze openingstijden.', en: 'You are calling outside our opening hours.' },
  opensAt: { nl: 'Wij zijn weer bereikbaar {when}.', en: 'We are available again {when}.' },
  noAnswer: {
    nl: 'Er is op dit moment niemand beschikbaar om uw gesprek aan te nemen.',
    en: 'Nobody is available to take your call right now.',
  },
  error: { nl: 'Excuses, er ging bij ons iets mis.', en: 'We are sorry, something went wrong on our side.' },
  emergency: {
    nl: 'Bent u of is iemand anders in direct gevaar? Bel dan 112.',
    en: 'If you or someone else is in immediate danger, call 112.',
  },
  record: {
    nl: 'Spreek na de toon een bericht in van hooguit twee minuten, met uw naam en telefoonnummer. Uw bericht wordt opgenomen. Toets hekje als u klaar bent.',
    en: 'Please leave a message of up to two minutes after the tone, with your name and phone number. Your message will be recorded. Press the hash key when you are done.',
  },
  noMessage: { nl: 'Wij hebben geen bericht ontvangen. Tot ziens.', en: 'We did not receive a message. Goodbye.' },
  callbackOffer: {
    nl: 'Wilt u teruggebeld worden op het nummer waarmee u nu belt, toets dan 1. Blijf anders aan de lijn om een bericht in te spreken.',
    en: 'To be called back on the number you are calling from, press 1. Otherwise stay on the line to leave a message.',
  },
  callbackNoted: {
    nl: 'Dank u wel, wij bellen u zo snel mogelijk terug op dit nummer als dat veilig kan. Tot ziens.',
    en: 'Thank you, we will call you back on this number as soon as it is safe to do so. Goodbye.',
  },
  thanks: {
    nl: 'Dank u wel, wij hebben uw bericht ontvangen en bellen u zo snel mogelijk terug als dat veilig kan.',
    en: 'Thank you, we have received your message and will call you back as soon as it is safe to do so.',
  },
} as const;

/** A voicemail is capped at two minutes (what the desk listens to in the morning, and the legacy transcription's limit). */
const VOICEMAIL_MAX_SECONDS = 120;

function sayBoth(
  into: { say(attrs: VoiceResponse.SayAttributes, text: string): unknown },
  ...texts: { nl: string; en: string }[]
) {
  for (const lang of ['nl', 'en'] as const) into.say(VOICE[lang], texts.map((t) => t[lang]).join(' '));
}

const spokenCache = new Map<string, string>();

/** "vandaag om 9:00 uur" / "today at 9:00", "morgen …" / "tomorrow …", or "maandag 23 november om 9:00 uur". */
export function spokenOpening(opensAt: Date, now: Date, zone: string, lang: Lang): string {
  // The words only change with the minute (today/tomorrow), so a closed-hours call renders them once a minute.
  const key = `${opensAt.getTime()}|${Math.floor(now.getTime() / 60_000)}|${zone}|${lang}`;
  let text = spokenCache.get(key);
  if (text === undefined) {
    if (spokenCache.size > 1000) spokenCache.clear();
    text = spokenOpeningUncached(opensAt, now, zone, lang);
    spokenCache.set(key, text);
  }
  return text;
}

function spokenOpeningUncached(opensAt: Date, now: Date, zone: string, lang: Lang): string {
  const d = DateTime.fromJSDate(opensAt, { zone }).setLocale(lang);
  const n = DateTime.fromJSDate(now, { zone });
  const time = lang === 'nl' ? `om ${d.toFormat('H:mm')} uur` : `at ${d.toFormat('H:mm')}`;
  if (d.hasSame(n, 'day')) return `${lang === 'nl' ? 'vandaag' : 'today'} ${time}`;
  if (d.hasSame(n.plus({ days: 1 }), 'day')) return `${lang === 'nl' ? 'morgen' : 'tomorrow'} ${time}`;
  return `${lang === 'nl' ? 'op ' : 'on '}${d.toFormat('cccc d LLLL')} ${time}`;
}

const reasonText: Record<VoicemailReason, { nl: string; en: string }> = {
  closed: SPOKEN.closed,
  'no-answer': SPOKEN.noAnswer,
  'no-agents': SPOKEN.noAnswer,
  error: SPOKEN.error,
};

/** Renders one decision as a TwiML document. `now` and `zone` only shape how the next opening is spoken. */
export function renderTwiml(decision: CallDecision, ctx: { now: Date; zone: string; publicUrl?: string }): string {
  const r = new VoiceResponse();
  switch (decision.action) {
    case 'menu': {
      if (decision.greet) sayBoth(r, SPOKEN.welcome);
      const gather = r.gather({
        numDigits: 1,
        timeout: 6,
        action: `${TWILIO_PATHS.gather}?attempt=${decision.attempt}`,
        method: 'POST',
      });
      if (decision.greet) sayBoth(gather, SPOKEN.menu);
      else sayBoth(gather, SPOKEN.notAnOption, SPOKEN.menu);
      // No key pressed: Gather falls through to here, and the gather webhook counts it as an unknown choice.
      r.redirect({ method: 'POST' }, `${TWILIO_PATHS.gather}?attempt=${decision.attempt}`);
      break;
    }
    case 'connect': {
      sayBoth(r, SPOKEN.connecting);
      const dial = r.dial({
        timeout: decision.ringSeconds,
        // A first round (the legal agents) that goes unanswered asks for the next one (everyone available).
        action: decision.next ? `${TWILIO_PATHS.dial}?next=1` : TWILIO_PATHS.dial,
        method: 'POST',
        answerOnBridge: true,
      });
      // The url runs on the agent's leg once they pick up: it tells Baken who answered (and connects).
      const answered = { url: TWILIO_PATHS.answered, method: 'POST' as const };
      for (const target of decision.targets) {
        if (!target.startsWith('client:')) {
          dial.number(answered, target);
          continue;
        }
        const identity = target.slice('client:'.length);
        if (!decision.callSid) {
          dial.client(answered, identity);
          continue;
        }
        // The softphone finds the caller's contact by this CallSid when the agent accepts (softphone.routes).
        const client = dial.client(answered);
        client.identity(identity);
        client.parameter({ name: 'callSid', value: decision.callSid });
      }
      break;
    }
    case 'voicemail': {
      const opening =
        decision.reason === 'closed' && decision.opensAt
          ? [
              {
                nl: SPOKEN.opensAt.nl.replace('{when}', spokenOpening(decision.opensAt, ctx.now, ctx.zone, 'nl')),
                en: SPOKEN.opensAt.en.replace('{when}', spokenOpening(decision.opensAt, ctx.now, ctx.zone, 'en')),
              },
            ]
          : [];
      if (decision.offerCallback) {
        // Nobody is available: 1 asks for a call back; no key (or another) goes on to the voicemail.
        sayBoth(r, reasonText[decision.reason], ...opening, SPOKEN.emergency);
        const gather = r.gather({ numDigits: 1, timeout: 5, action: TWILIO_PATHS.callbackRequest, method: 'POST' });
        sayBoth(gather, SPOKEN.callbackOffer);
        sayBoth(r, SPOKEN.record);
      } else sayBoth(r, reasonText[decision.reason], ...opening, SPOKEN.emergency, SPOKEN.record);
      // The caller's words are transcribed in their language by Twilio's real-time transcription, started just
      // before the beep so the prompts are not in it (docs/phone.md says why not the legacy `transcribe`, which
      // takes no language). Its status callback must be an absolute URL.
      if (decision.transcribe)
        r.start().transcription({
          name: 'voicemail',
          languageCode: decision.language ?? 'nl-NL',
          track: 'inbound_track',
          partialResults: false,
          statusCallbackUrl: `${(ctx.publicUrl ?? '').replace(/\/+$/, '')}${TWILIO_PATHS.transcript}`,
          statusCallbackMethod: 'POST',
        });
      r.record({
        maxLength: VOICEMAIL_MAX_SECONDS,
        playBeep: true,
        finishOnKey: '#',
        timeout: 10,
        action: TWILIO_PATHS.recording,
        method: 'POST',
        recordingStatusCallback: TWILIO_PATHS.recording,
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: ['completed'],
      });
      sayBoth(r, SPOKEN.noMessage);
      r.hangup();
      break;
    }
    case 'hangup':
      r.hangup();
      break;
  }
  return r.toString();
}

/** The caller asked to be called back: say so, and end the call. */
export function renderCallbackNoted(): string {
  const r = new VoiceResponse();
  sayBoth(r, SPOKEN.callbackNoted);
  r.hangup();
  return r.toString();
}

/** The answer to the voicemail's Record action: thanks, and end the call. */
export function renderThanks(): string {
  const r = new VoiceResponse();
  sayBoth(r, SPOKEN.thanks);
  r.hangup();
  return r.toString();
}

/** An empty TwiML document: the answer to callbacks whose response Twilio ignores, and to refused requests. */
export function renderEmpty(): string {
  return new VoiceResponse().toString();
}
