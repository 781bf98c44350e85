import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../src/i18n/i18n.js';
import { earlierContactLabel } from '../../views/calls/earlier-label.js';

const nl = createTranslate('nl');
const en = createTranslate('en');
const row = (over: Partial<Parameters<typeof earlierContactLabel>[1]>) => ({
  subject: 'Inkomend gesprek',
  topic: null,
  channel: 'phone',
  callOutcome: null,
  ...over,
});

describe('how the screen pop names an earlier contact from the calling number', () => {
  it.each([
    [
      'a subject an agent wrote',
      row({ subject: 'Vraag over opvang', topic: 'shelter' }),
      'Vraag over opvang',
      'Vraag over opvang',
    ],
    [
      'the topic of a call with the automatic subject',
      row({ topic: 'shelter' }),
      'Opvang en plaatsing',
      'Shelter and placement',
    ],
    [
      'the topic of a call logged in English',
      row({ subject: 'Incoming call', topic: 'permit' }),
      'Verblijfsvergunning (B8/3)',
      'Residence permit (B8/3)',
    ],
    ['an answered call without a topic', row({ callOutcome: 'answered' }), 'Gesprek, beantwoord', 'Call, answered'],
    ['a missed call', row({ callOutcome: 'missed' }), 'Gesprek, gemist', 'Call, missed'],
    ['a voicemail', row({ subject: 'Voicemail', callOutcome: 'voicemail' }), 'Voicemail', 'Voicemail'],
    ['a call still going', row({}), 'Gesprek', 'Call'],
    ['a subject of blanks', row({ subject: '   ' }), 'Gesprek', 'Call'],
    ['a mail by its subject', row({ channel: 'email', subject: 'Melding' }), 'Melding', 'Melding'],
    ['a mail without a subject', row({ channel: 'email', subject: '' }), 'E-mail', 'Email'],
  ])('names %s', (_what, contact, inDutch, inEnglish) => {
    expect(earlierContactLabel(nl, contact)).toBe(inDutch);
    expect(earlierContactLabel(en, contact)).toBe(inEnglish);
  });
});
