import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../src/i18n/i18n.js';
import { eventText } from '../../views/contacts/timeline.js';
import { keepOwnInput } from '../../src/contacts/contacts.form.js';

const stamp = (iso: string | null) => (iso ? '23-11-2026 11:00' : '—');
const en = createTranslate('en');
const nl = createTranslate('nl');

describe('the timeline in words', () => {
  it.each([
    ['queue', { from: 'general', to: 'after-hours' }, 'moved from General to After hours', 'Buiten kantoortijd'],
    ['status', { from: 'new', to: 'open' }, 'changed status from New to Open', 'Open'],
    ['priority', { from: 'normal', to: 'urgent' }, 'changed priority from Normal to Urgent', 'Spoed'],
    ['topic', { from: null, to: 'legal-question' }, 'legal question from a professional', 'juridische vraag'],
    [
      'topics',
      { from: [], to: ['reflection', 'brp'] },
      'Reflection period, Municipal registration (BRP, BSN)',
      'Bedenktijd',
    ],
    ['flag', { flag: 'mayCallBack', from: null, to: 0 }, 'changed “May call back” from Not asked to No', 'Nee'],
    ['party.type', { from: null, to: 'kmar' }, 'changed the party type from — to Royal Marechaussee', 'Marechaussee'],
    ['party.name', { set: true }, 'changed the party’s name', 'naam'],
    [
      'party.phone',
      { from: null, to: '+316••••••78' },
      'changed the phone number from — to +316••••••78',
      'telefoonnummer',
    ],
    ['language', { from: 'nl', to: 'pl' }, 'changed the language from Dutch to Polish', 'Pools'],
    ['subject', { from: 'Oproep', to: 'Opvang' }, 'changed the subject from “Oproep” to “Opvang”', 'onderwerp'],
    ['mistaken', {}, 'marked the contact as created by mistake', 'vergissing'],
    ['channel', { from: 'phone', to: 'voicemail' }, 'changed the channel from Phone to Voicemail', 'Voicemail'],
    [
      'call.missed',
      { due: '2026-11-23T12:00:00Z', afterHours: true },
      'missed call after hours without a voicemail',
      'buiten kantooruren',
    ],
    ['call.answered', { by: 'desk-1' }, 'desk-1 answered the call', 'desk-1'],
    ['email.spam', {}, 'marked as spam', ''],
    ['something.new', {}, 'changed the contact', 'wijzigde het contact'],
  ])('writes %s in words, in English and Dutch', (kind, data, english, dutch) => {
    const text = eventText(en, kind, data, stamp);
    expect(text).toContain(english);
    expect(eventText(nl, kind, data, stamp)).toContain(dutch);
    for (const out of [text, eventText(nl, kind, data, stamp)]) {
      expect(out).not.toMatch(/[{}[\]"]/); // no JSON, no placeholders left
      if (/[.-]/.test(kind)) expect(out).not.toContain(kind); // no raw event kind
    }
  });
});

describe('keeping the agent’s own input after a 409', () => {
  const since = [
    { kind: 'status', data: JSON.stringify({ from: 'new', to: 'resolved' }) },
    { kind: 'assigned', data: JSON.stringify({ from: null, to: 7, toName: 'Eva' }) },
    { kind: 'flag', data: JSON.stringify({ flag: 'mayEmail', from: null, to: 0 }) },
    { kind: 'status', data: JSON.stringify({ from: 'resolved', to: 'open' }) },
  ];
  it('drops what the agent left as their page showed it, and keeps what they changed', () => {
    const kept = keepOwnInput({ status: 'new', assignee: '', mayEmail: 'yes', priority: 'urgent' }, since);
    expect(kept).toEqual({ mayEmail: 'yes', priority: 'urgent' });
  });
  it('keeps a field both agents changed', () => {
    expect(keepOwnInput({ status: 'waiting' }, since)).toEqual({ status: 'waiting' });
  });
});
