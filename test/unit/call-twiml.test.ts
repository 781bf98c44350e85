import { describe, expect, it } from 'vitest';
import { decideCall, type LineSettings } from '../../src/calls/call-decision.js';
import { renderEmpty, renderThanks, renderTwiml, spokenOpening, SPOKEN } from '../../src/calls/twiml.js';
import { parseTranscriptionLanguages } from '../../src/shared/transcription-language.js';
import { officeStatus, parseOfficeHours, type CalendarConfig } from '../../src/office-hours/calendar.js';

const zone = 'Europe/Amsterdam';
const cal: CalendarConfig = {
  timeZone: zone,
  hours: parseOfficeHours('mon-fri 09:00-17:00'),
  closeOnGoodFriday: false,
  liberationDay: 'lustrum',
  closures: [{ startAt: '2026-12-24T12:00:00Z', endAt: '2026-12-24T16:00:00Z' }],
};
const line: LineSettings = { agentTargets: ['+31201234567', 'client:desk_1'], ringSeconds: 20, transcribe: true };

/** The TwiML a call that comes in at this instant gets. */
const incoming = (iso: string, settings = line) => {
  const now = new Date(iso);
  return renderTwiml(decideCall({ kind: 'incoming' }, officeStatus(cal, now), settings), { now, zone });
};
const says = (xml: string) =>
  [...xml.matchAll(/<Say language="([^"]+)"[^>]*>([^<]*)<\/Say>/g)].map((m) => ({ lang: m[1], text: m[2] }));
const verbs = (xml: string) => [...xml.matchAll(/<(\w+)[\s/>]/g)].map((m) => m[1]).filter((v) => v !== 'xml');

describe('the TwiML for an open-hours call', () => {
  const xml = incoming('2026-11-24T10:00:00+01:00');

  it('is one well-formed Response document', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    expect(xml.endsWith('</Response>')).toBe(true);
  });

  it('greets in Dutch, then English, and says live calls are not recorded but voicemails are', () => {
    const s = says(xml);
    expect(s[0]).toEqual({ lang: 'nl-NL', text: SPOKEN.welcome.nl });
    expect(s[1]).toEqual({ lang: 'en-GB', text: SPOKEN.welcome.en });
    expect(s[0]!.text).toContain('niet opgenomen');
    expect(s[1]!.text).toContain('not recorded');
    expect(s[1]!.text).toContain('voicemail');
  });

  it('offers the three-option menu in a Gather that posts one key to /twilio/gather', () => {
    expect(xml).toMatch(/<Gather numDigits="1" timeout="6" action="\/twilio\/gather\?attempt=1" method="POST">/);
    const inGather = xml.slice(xml.indexOf('<Gather'), xml.indexOf('</Gather>'));
    expect(inGather).toContain('toets 1');
    expect(inGather).toContain('toets 2');
    expect(inGather).toContain('toets 3');
    expect(inGather).toContain('press 1');
    expect(inGather).toContain('press 2');
    expect(inGather).toContain('press 3');
  });

  it('comes back to the menu when no key is pressed, and records nothing', () => {
    expect(xml).toMatch(/<\/Gather><Redirect method="POST">\/twilio\/gather\?attempt=1<\/Redirect><\/Response>$/);
    expect(xml).not.toContain('<Record');
  });
});

describe('the TwiML for a closed-hours call', () => {
  it.each([
    ['an evening', '2026-11-24T19:30:00+01:00', 'morgen om 9:00 uur', 'tomorrow at 9:00'],
    ['a weekend', '2026-11-28T12:00:00+01:00', 'op maandag 30 november om 9:00 uur', 'on Monday 30 November at 9:00'],
    ['an early morning', '2026-11-24T07:00:00+01:00', 'vandaag om 9:00 uur', 'today at 9:00'],
    ["King's Day (holiday)", '2026-04-27T11:00:00+02:00', 'morgen om 9:00 uur', 'tomorrow at 9:00'],
    ['a closure', '2026-12-24T14:00:00+01:00', 'op maandag 28 december om 9:00 uur', 'on Monday 28 December at 9:00'],
  ])('on %s says when the desk opens, the emergency number, then records a voicemail', (_l, iso, nlWhen, enWhen) => {
    const xml = incoming(iso);
    const s = says(xml);
    expect(s[0]!.lang).toBe('nl-NL');
    expect(s[0]!.text).toContain(SPOKEN.closed.nl);
    expect(s[0]!.text).toContain(nlWhen);
    expect(s[0]!.text).toContain('112');
    expect(s[1]!.lang).toBe('en-GB');
    expect(s[1]!.text).toContain(enWhen);
    expect(s[1]!.text).toContain('112');
    expect(verbs(xml)).toEqual(['Response', 'Say', 'Say', 'Start', 'Transcription', 'Record', 'Say', 'Say', 'Hangup']);
  });

  it('tells the caller the message is recorded before it records anything', () => {
    const xml = incoming('2026-11-24T19:30:00+01:00');
    const consent = xml.indexOf('Your message will be recorded');
    expect(consent).toBeGreaterThan(0);
    expect(consent).toBeLessThan(xml.indexOf('<Record'));
    expect(xml.indexOf('Uw bericht wordt opgenomen')).toBeLessThan(xml.indexOf('<Record'));
  });

  it('records at most two minutes without the legacy transcription, and posts the recording back to Baken', () => {
    const xml = incoming('2026-11-24T19:30:00+01:00');
    const record = /<Record [^>]*\/>/.exec(xml)![0];
    expect(record).toContain('maxLength="120"');
    expect(record).not.toContain('transcribe');
    expect(record).toContain('action="/twilio/recording"');
    expect(record).toContain('recordingStatusCallback="/twilio/recording"');
    expect(record).toContain('playBeep="true"');
  });

  it('transcribes the caller (not the prompts) in Dutch in real time, reporting to /twilio/transcript', () => {
    const now = new Date('2026-11-24T19:30:00+01:00');
    const xml = renderTwiml(decideCall({ kind: 'incoming' }, officeStatus(cal, now), line), {
      now,
      zone,
      publicUrl: 'https://baken.example.org/',
    });
    const tr = /<Start><Transcription [^>]*\/><\/Start>/.exec(xml)![0];
    expect(tr).toContain('languageCode="nl-NL"');
    expect(tr).toContain('track="inbound_track"');
    expect(tr).toContain('partialResults="false"');
    expect(tr).toContain('statusCallbackUrl="https://baken.example.org/twilio/transcript"');
    expect(xml.indexOf('<Start>')).toBeGreaterThan(xml.lastIndexOf('Toets hekje'));
    expect(xml.indexOf('<Start>')).toBeLessThan(xml.indexOf('<Record'));
  });

  it('transcribes in English on a menu path set to English, and in Dutch on the others', () => {
    const now = new Date('2026-11-24T10:00:00+01:00');
    const open = officeStatus(cal, now);
    const english = { ...line, agentTargets: [], transcriptionLanguages: parseTranscriptionLanguages('3=en-GB') };
    const on = (digits: string) =>
      renderTwiml(decideCall({ kind: 'menu', digits, attempt: 1 }, open, english), { now, zone });
    expect(on('3')).toContain('languageCode="en-GB"');
    expect(on('3')).not.toContain('nl-NL"/>');
    expect(on('1')).toContain('languageCode="nl-NL"');
    expect(on('3')).not.toContain('transcribe=');
  });

  it('records without transcription when transcription is switched off', () => {
    const xml = incoming('2026-11-24T19:30:00+01:00', { ...line, transcribe: false });
    expect(xml).toContain('maxLength="120"');
    expect(xml).not.toContain('transcribe');
    expect(xml).not.toContain('<Transcription');
  });
});

describe('the TwiML after the menu and after ringing', () => {
  const now = new Date('2026-11-24T10:00:00+01:00');
  const open = officeStatus(cal, now);

  it('rings every configured number and client identity for the configured time, then reports to /twilio/dial', () => {
    const xml = renderTwiml(decideCall({ kind: 'menu', digits: '1', attempt: 1 }, open, line), { now, zone });
    expect(xml).toContain(
      '<Dial timeout="20" action="/twilio/dial" method="POST" answerOnBridge="true"><Number url="/twilio/answered" method="POST">+31201234567</Number><Client url="/twilio/answered" method="POST">desk_1</Client></Dial>',
    );
    expect(xml).not.toContain('<Record');
  });

  it('replays the menu with an apology for an unknown key', () => {
    const xml = renderTwiml(decideCall({ kind: 'menu', digits: '8', attempt: 1 }, open, line), { now, zone });
    expect(xml).toContain('action="/twilio/gather?attempt=2"');
    expect(xml).toContain(SPOKEN.notAnOption.en);
    expect(xml).not.toContain(SPOKEN.welcome.en);
  });

  it('offers voicemail, without an opening time, when nobody answers in office hours', () => {
    const xml = renderTwiml(decideCall({ kind: 'dial-ended', dialStatus: 'no-answer' }, open, line), { now, zone });
    expect(xml).toContain(SPOKEN.noAnswer.nl);
    expect(xml).toContain(SPOKEN.noAnswer.en);
    expect(xml).not.toContain(SPOKEN.closed.en);
    expect(xml).toContain('<Record ');
  });

  it('hangs up after an agent took the call', () => {
    const xml = renderTwiml(decideCall({ kind: 'dial-ended', dialStatus: 'completed' }, open, line), { now, zone });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  it('apologises and still offers voicemail after an error', () => {
    const xml = renderTwiml({ action: 'voicemail', reason: 'error', opensAt: null, transcribe: true }, { now, zone });
    expect(says(xml)[0]!.text).toContain(SPOKEN.error.nl);
    expect(xml).toContain('<Record ');
  });

  it('thanks the caller after a voicemail and ends the call', () => {
    expect(renderThanks()).toMatch(
      /<Say language="nl-NL"[^>]*>Dank u wel.*<\/Say><Say language="en-GB"[^>]*>Thank you.*<\/Say><Hangup\/><\/Response>$/,
    );
    expect(renderEmpty()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});

describe('spokenOpening', () => {
  it('speaks an opening across the clock change in local time', () => {
    // Saturday 24 October 2026, clocks go back on Sunday 25 October: Monday 09:00 is 08:00 UTC.
    expect(spokenOpening(new Date('2026-10-26T08:00:00Z'), new Date('2026-10-24T12:00:00Z'), zone, 'nl')).toBe(
      'op maandag 26 oktober om 9:00 uur',
    );
    expect(spokenOpening(new Date('2026-10-26T08:00:00Z'), new Date('2026-10-24T12:00:00Z'), zone, 'en')).toBe(
      'on Monday 26 October at 9:00',
    );
  });
});

describe('the TwiML of the softphone era (issue 25)', () => {
  const callSid = `CA${'f'.repeat(32)}`;
  const now = new Date('2026-11-24T10:00:00+01:00');

  it('hands each softphone the caller’s CallSid and asks for the next round after the legal agents', () => {
    const xml = renderTwiml(
      {
        action: 'connect',
        choice: '1',
        targets: ['client:user2', '+31201234567'],
        ringSeconds: 20,
        next: true,
        callSid,
      },
      { now, zone },
    );
    expect(xml).toContain('<Dial timeout="20" action="/twilio/dial?next=1" method="POST" answerOnBridge="true">');
    expect(xml).toContain(
      `<Client url="/twilio/answered" method="POST"><Identity>user2</Identity><Parameter name="callSid" value="${callSid}"/></Client>`,
    );
    expect(xml).toContain('<Number url="/twilio/answered" method="POST">+31201234567</Number>');
  });

  it('offers a call back before the voicemail when nobody is available', () => {
    const xml = renderTwiml(
      { action: 'voicemail', reason: 'no-agents', opensAt: null, transcribe: true, offerCallback: true },
      { now, zone },
    );
    expect(verbs(xml)).toEqual([
      'Response',
      'Say',
      'Say',
      'Gather',
      'Say',
      'Say',
      'Say',
      'Say',
      'Start',
      'Transcription',
      'Record',
      'Say',
      'Say',
      'Hangup',
    ]);
    expect(xml).toContain('<Gather numDigits="1" timeout="5" action="/twilio/callback-request" method="POST">');
    expect(says(xml).map((s) => s.text)).toContain(SPOKEN.callbackOffer.nl);
    expect(says(xml).map((s) => s.text)).toContain(SPOKEN.callbackOffer.en);
  });

  it('offers no call back to a caller whose number is withheld', () => {
    const xml = renderTwiml(
      { action: 'voicemail', reason: 'no-agents', opensAt: null, transcribe: true },
      { now, zone },
    );
    expect(xml).not.toContain('callback-request');
    expect(xml).toContain('<Record');
  });
});
