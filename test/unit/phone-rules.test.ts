import { describe, expect, it } from 'vitest';
import {
  agentLegOutcome,
  agentTarget,
  callbackRefusal,
  dialOutcome,
  machineAction,
  machineDetectionMode,
} from '../../src/calls/callback-rules.js';
import {
  DEFAULT_TRANSCRIPTION_LANGUAGES,
  parseTranscriptionLanguages,
  transcriptionLanguage,
} from '../../src/shared/transcription-language.js';
import { oncallBackoffMs, oncallChannels, oncallLink, oncallText } from '../../src/oncall/oncall-rules.js';
import { validateOncallForm } from '../../src/oncall/oncall.service.js';

describe('who may be called back from Baken', () => {
  const ok = { mayCallBack: null, viaProfessionalOnly: null, partyType: 'victim', hasNumber: true };
  it.each([
    ['flags not asked', ok, null],
    ['may call back: yes', { ...ok, mayCallBack: 1 }, null],
    ['may call back: no', { ...ok, mayCallBack: 0 }, 'may_not_call_back'],
    ['no, even via a professional', { ...ok, mayCallBack: 0, partyType: 'police' }, 'may_not_call_back'],
    ['only via the professional, the person’s own number', { ...ok, viaProfessionalOnly: 1 }, 'only_via_professional'],
    [
      'only via the professional, a citizen',
      { ...ok, viaProfessionalOnly: 1, partyType: 'citizen' },
      'only_via_professional',
    ],
    [
      'only via the professional, nobody known',
      { ...ok, viaProfessionalOnly: 1, partyType: null },
      'only_via_professional',
    ],
    ['only via the professional, the police called', { ...ok, viaProfessionalOnly: 1, partyType: 'police' }, null],
    ['only via the professional, a shelter called', { ...ok, viaProfessionalOnly: 1, partyType: 'shelter' }, null],
    ['via the professional: no', { ...ok, viaProfessionalOnly: 0 }, null],
    ['no number', { ...ok, hasNumber: false }, 'no_number'],
  ] as const)('%s → %s', (_name, c, expected) => {
    expect(callbackRefusal(c)).toBe(expected);
  });

  it('rings the agent’s desk phone, or their softphone identity', () => {
    expect(agentTarget({ id: 7, desk_phone: '+31201234567' })).toBe('+31201234567');
    expect(agentTarget({ id: 7, desk_phone: null })).toBe('client:user7');
  });

  it.each([
    ['completed', null, 'reached'],
    ['answered', null, 'reached'],
    ['no-answer', null, 'no-answer'],
    ['busy', null, 'busy'],
    ['failed', null, 'failed'],
    ['canceled', null, 'failed'],
    [null, null, 'failed'],
    ['completed', 'machine_end_beep', 'voicemail'],
    ['completed', 'fax', 'voicemail'],
    ['completed', 'human', 'reached'],
    ['completed', 'machine_start', 'voicemail'],
    ['completed', 'machine_end_silence', 'voicemail'],
    ['completed', 'machine_end_other', 'voicemail'],
    ['completed', 'unknown', 'reached'],
    ['no-answer', 'unknown', 'no-answer'],
    ['completed', 'machinery', 'reached'],
  ] as const)('reads DialCallStatus %s with AnsweredBy %s as %s', (status, by, expected) => {
    expect(dialOutcome(status, by)).toBe(expected);
  });

  it.each([
    ['machine_start', true, 'hangup'],
    ['machine_end_beep', true, 'hangup'],
    ['fax', true, 'hangup'],
    ['human', true, 'continue'],
    ['unknown', true, 'continue'],
    [null, true, 'continue'],
    ['machine_end_beep', false, 'continue'],
    ['human', false, 'continue'],
  ] as const)('on AnsweredBy %s with “leave no voicemail” %s, Baken will %s', (by, noVoicemail, expected) => {
    expect(machineAction(by, noVoicemail)).toBe(expected);
  });

  it('detects a machine at once when no voicemail may be left, else waits for the end of the greeting', () => {
    expect(machineDetectionMode(true)).toBe('Enable');
    expect(machineDetectionMode(false)).toBe('DetectMessageEnd');
  });

  it.each([
    ['completed', 'agent-missed'],
    ['no-answer', 'agent-missed'],
    ['busy', 'agent-missed'],
    ['canceled', 'agent-missed'],
    ['failed', 'failed'],
    ['ringing', null],
    ['in-progress', null],
    [null, null],
  ] as const)('reads the agent’s leg ending %s as %s', (status, expected) => {
    expect(agentLegOutcome(status)).toBe(expected);
  });
});

describe('the voicemail’s transcription language per menu path', () => {
  it('is Dutch on every path by default', () => {
    expect(parseTranscriptionLanguages(undefined)).toEqual(DEFAULT_TRANSCRIPTION_LANGUAGES);
    for (const choice of [null, '1', '2', '3', '9'])
      expect(transcriptionLanguage(DEFAULT_TRANSCRIPTION_LANGUAGES, choice)).toBe('nl-NL');
  });

  it('takes English on a path set to it, and the default for no choice', () => {
    const l = parseTranscriptionLanguages(' 3=en-GB , default=en-US ');
    expect(transcriptionLanguage(l, '3')).toBe('en-GB');
    expect(transcriptionLanguage(l, '1')).toBe('nl-NL');
    expect(transcriptionLanguage(l, null)).toBe('en-US');
  });

  it.each([['4=en-GB'], ['1=fr-FR'], ['1'], ['1=nl-NL=x'], ['=nl-NL'], ['default=<script>']])(
    'refuses %s with a message naming the fault',
    (value) => {
      expect(() => parseTranscriptionLanguages(value)).toThrow(/path|language/);
    },
  );
});

describe('the on-call notice', () => {
  it('goes only for an urgent item while the desk is closed, on each channel set', () => {
    const both = { phone: '+31687654321', email: 'piket@example.org' };
    expect(oncallChannels({ urgent: true, deskOpen: false }, both)).toEqual(['sms', 'email']);
    expect(oncallChannels({ urgent: true, deskOpen: true }, both)).toEqual([]);
    expect(oncallChannels({ urgent: false, deskOpen: false }, both)).toEqual([]);
    expect(oncallChannels({ urgent: true, deskOpen: false }, { phone: null, email: null })).toEqual([]);
  });

  it('says only that an urgent item arrived, with its link', () => {
    const link = oncallLink('https://baken.example.org/', 42);
    expect(link).toBe('https://baken.example.org/contacts/42');
    for (const lang of ['nl', 'en'] as const) {
      const { subject, body } = oncallText(lang, link);
      expect(body).toContain(link);
      expect(body.replace(link, '')).not.toMatch(/\d/);
      expect(subject).not.toMatch(/\d/);
    }
  });

  it('waits longer after each failure', () => {
    expect([1, 2, 3, 4].map(oncallBackoffMs)).toEqual([15_000, 30_000, 60_000, 120_000]);
  });

  it.each([
    ['+31612345678', 'piket@example.org', {}],
    ['+31 6 1234 5678', '', {}],
    ['', '', {}],
    ['0612345678', '', { phone: 'phone' }],
    ['+0612345678', '', { phone: 'phone' }],
    ['+3161234567890123', '', { phone: 'phone' }],
    ['tel:+31612345678', '', { phone: 'phone' }],
    ['', 'piket', { email: 'email' }],
    ['', 'a@b', { email: 'email' }],
    ['', 'piket@example.org\r\nBcc: x@y.z', { email: 'email' }],
  ] as const)('checks the admin’s number %j and address %j', (phone, email, errors) => {
    expect(validateOncallForm({ phone, email }).errors).toEqual(errors);
  });
});
