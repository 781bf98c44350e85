import { describe, expect, it } from 'vitest';
import {
  callerNumber,
  decideCall,
  isSid,
  menuChoice,
  recordingSidFromUrl,
  seconds,
  type LineSettings,
  type OfficeState,
} from '../../src/calls/call-decision.js';
import { officeStatus, parseOfficeHours, type CalendarConfig } from '../../src/office-hours/calendar.js';

const cal: CalendarConfig = {
  timeZone: 'Europe/Amsterdam',
  hours: parseOfficeHours('mon-fri 09:00-17:00'),
  closeOnGoodFriday: false,
  liberationDay: 'lustrum',
  closures: [{ startAt: '2026-12-24T12:00:00Z', endAt: '2026-12-24T16:00:00Z', reason: 'Staff meeting' }],
};
const line: LineSettings = { agentTargets: ['+31201234567', 'client:desk_1'], ringSeconds: 25, transcribe: true };
const noAgents: LineSettings = { ...line, agentTargets: [] };
const at = (iso: string): OfficeState => officeStatus(cal, new Date(iso));
const OPEN = at('2026-11-24T10:00:00+01:00');

describe('decideCall for an incoming call, per office-hours state', () => {
  it.each([
    ['Tuesday 10:00', '2026-11-24T10:00:00+01:00', 'menu'],
    ['Friday 16:59', '2026-11-27T16:59:00+01:00', 'menu'],
    ['Friday 17:00 (evening)', '2026-11-27T17:00:00+01:00', 'voicemail'],
    ['Tuesday 08:59 (morning)', '2026-11-24T08:59:00+01:00', 'voicemail'],
    ['Saturday noon (weekend)', '2026-11-28T12:00:00+01:00', 'voicemail'],
    ["King's Day, a Monday (holiday)", '2026-04-27T11:00:00+02:00', 'voicemail'],
    ['Christmas Eve afternoon (closure)', '2026-12-24T14:00:00+01:00', 'voicemail'],
    ['Christmas Eve morning (before the closure)', '2026-12-24T10:00:00+01:00', 'menu'],
  ])('on %s answers with %s', (_label, iso, action) => {
    expect(decideCall({ kind: 'incoming' }, at(iso), line).action).toBe(action);
  });

  it('greets an open-hours caller first and offers the menu', () => {
    expect(decideCall({ kind: 'incoming' }, OPEN, line)).toEqual({ action: 'menu', attempt: 1, greet: true });
  });

  it('sends a closed-hours caller to voicemail with the next opening and the transcription setting', () => {
    const d = decideCall({ kind: 'incoming' }, at('2026-11-27T18:00:00+01:00'), { ...line, transcribe: false });
    expect(d).toEqual({
      action: 'voicemail',
      reason: 'closed',
      opensAt: new Date('2026-11-30T08:00:00Z'),
      transcribe: false,
      language: 'nl-NL',
    });
  });
});

describe('decideCall for a menu choice', () => {
  it.each([['1'], ['2'], ['3']] as const)('puts key %s through to the configured agents', (digits) => {
    expect(decideCall({ kind: 'menu', digits, attempt: 1 }, OPEN, line)).toEqual({
      action: 'connect',
      choice: digits,
      targets: line.agentTargets,
      ringSeconds: 25,
    });
  });

  it.each([[null], ['9'], ['0'], ['*'], ['#'], ['12'], ['abc'], ['']])('replays the menu once for %j', (digits) => {
    expect(decideCall({ kind: 'menu', digits, attempt: 1 }, OPEN, line)).toEqual({
      action: 'menu',
      attempt: 2,
      greet: false,
    });
  });

  it('puts a caller who still chose nothing through as "anything else" after the second try', () => {
    expect(decideCall({ kind: 'menu', digits: '7', attempt: 2 }, OPEN, line)).toMatchObject({
      action: 'connect',
      choice: '3',
    });
    expect(decideCall({ kind: 'menu', digits: null, attempt: 99 }, OPEN, line)).toMatchObject({
      action: 'connect',
      choice: '3',
    });
  });

  it('goes straight to voicemail, keeping the choice, when no agent numbers are configured', () => {
    expect(decideCall({ kind: 'menu', digits: '2', attempt: 1 }, OPEN, noAgents)).toEqual({
      action: 'voicemail',
      reason: 'no-agents',
      opensAt: null,
      transcribe: true,
      choice: '2',
      language: 'nl-NL',
    });
  });

  it('sends a caller to voicemail when the desk closed while they were in the menu', () => {
    const d = decideCall({ kind: 'menu', digits: '1', attempt: 1 }, at('2026-11-27T17:00:30+01:00'), line);
    expect(d).toMatchObject({ action: 'voicemail', reason: 'closed', choice: '1' });
  });
});

describe('decideCall when the agents stop ringing', () => {
  it.each([
    ['completed', 'hangup'],
    ['answered', 'hangup'],
    ['no-answer', 'voicemail'],
    ['busy', 'voicemail'],
    ['failed', 'voicemail'],
    ['canceled', 'voicemail'],
    [null, 'voicemail'],
    ['nonsense', 'voicemail'],
  ])('answers DialCallStatus %j with %s', (dialStatus, action) => {
    expect(decideCall({ kind: 'dial-ended', dialStatus }, OPEN, line).action).toBe(action);
  });

  it('calls an unanswered dial a no-answer voicemail', () => {
    expect(decideCall({ kind: 'dial-ended', dialStatus: 'no-answer' }, OPEN, line)).toMatchObject({
      reason: 'no-answer',
    });
  });
});

describe('reading Twilio parameters', () => {
  it.each([
    ['+31612345678', '+31612345678'],
    ['0612345678', '0612345678'],
    ['anonymous', null],
    ['Anonymous', null],
    ['client:desk_1', null],
    ['sip:someone@example.com', null],
    ['', null],
    [null, null],
    ['+266696687', null],
    ['+7378742833', null],
    ['+2562533', null],
    ['+86282452253', null],
    ['<script>', null],
    ['+31 6 1234 5678; DROP TABLE', null],
  ])('reads From %j as caller number %j', (from, expected) => {
    expect(callerNumber(from)).toBe(expected);
  });

  it.each([
    ['1', '1'],
    ['2', '2'],
    ['3', '3'],
    ['4', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['1 ', null],
  ])('reads Digits %j as menu choice %j', (digits, choice) => {
    expect(menuChoice(digits)).toBe(choice);
  });

  it('accepts only well-formed SIDs', () => {
    expect(isSid('CA', `CA${'a'.repeat(32)}`)).toBe(true);
    expect(isSid('CA', `RE${'a'.repeat(32)}`)).toBe(false);
    expect(isSid('CA', `CA${'a'.repeat(31)}`)).toBe(false);
    expect(isSid('CA', `CA${'g'.repeat(32)}`)).toBe(false);
    expect(isSid('CA', undefined)).toBe(false);
  });

  it.each([
    ['42', 42],
    ['0', 0],
    ['', null],
    ['-1', null],
    ['1.5', null],
    ['99999999', null],
    [undefined, null],
  ])('reads a duration %j as %j seconds', (v, s) => {
    expect(seconds(v)).toBe(s);
  });

  const RE = `RE${'b'.repeat(32)}`;
  const AC = `AC${'c'.repeat(32)}`;
  const allowed = ['https://api.twilio.com', 'http://127.0.0.1:4010'];
  it.each([
    [`https://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${RE}`, RE],
    [`https://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${RE}.mp3`, RE],
    [`http://127.0.0.1:4010/2010-04-01/Accounts/${AC}/Recordings/${RE}`, RE],
    [`https://evil.example/2010-04-01/Accounts/${AC}/Recordings/${RE}`, null],
    [`https://api.twilio.com.evil.example/2010-04-01/Accounts/${AC}/Recordings/${RE}`, null],
    [`http://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${RE}`, null],
    [`https://user:pass@api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${RE}`, null],
    [`https://api.twilio.com/2010-04-01/Accounts/${AC}/Calls/${RE}`, null],
    ['not a url', null],
    [42, null],
  ])('trusts RecordingUrl %j as recording %j', (url, expected) => {
    expect(recordingSidFromUrl(url, allowed)).toBe(expected);
  });
});

describe('decideCall when the ringing has rounds or nobody to ring (issue 25)', () => {
  const legalFirst: LineSettings = {
    ...line,
    agentTargets: ['client:user2'],
    thenTargets: ['client:user2', 'client:user1'],
  };

  it('marks the legal agents’ round as followed by another', () => {
    expect(decideCall({ kind: 'menu', digits: '1', attempt: 1 }, OPEN, legalFirst)).toEqual({
      action: 'connect',
      choice: '1',
      targets: ['client:user2'],
      ringSeconds: 25,
      next: true,
    });
  });

  it.each([
    ['no-answer', true, { action: 'connect', choice: '1', targets: ['client:user2', 'client:user1'], ringSeconds: 25 }],
    ['busy', true, { action: 'connect', choice: '1', targets: ['client:user2', 'client:user1'], ringSeconds: 25 }],
    ['completed', true, { action: 'hangup' }],
    [
      'no-answer',
      false,
      { action: 'voicemail', reason: 'no-answer', opensAt: null, transcribe: true, language: 'nl-NL' },
    ],
  ] as const)('after a first round that ended %s (next round asked: %s)', (dialStatus, next, decision) => {
    expect(decideCall({ kind: 'dial-ended', dialStatus, next, choice: '1' }, OPEN, legalFirst)).toEqual(decision);
  });

  it('goes to voicemail after the last round even when asked for another one', () => {
    const d = decideCall({ kind: 'dial-ended', dialStatus: 'no-answer', next: true, choice: '1' }, OPEN, line);
    expect(d).toMatchObject({ action: 'voicemail', reason: 'no-answer' });
  });

  it.each([
    [true, { offerCallback: true }],
    [false, {}],
  ])('with nobody available offers a call back only when the number is known (%s)', (known, extra) => {
    const d = decideCall({ kind: 'menu', digits: '2', attempt: 1 }, OPEN, { ...noAgents, offerCallback: known });
    expect(d).toEqual({
      action: 'voicemail',
      reason: 'no-agents',
      opensAt: null,
      transcribe: true,
      choice: '2',
      language: 'nl-NL',
      ...extra,
    });
  });
});
