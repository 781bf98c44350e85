import { describe, expect, it } from 'vitest';
import { detailLines, keyWords, spellCode, validDay } from '../../src/audit/audit-words.js';

const words = { yes: 'Yes', no: 'No', none: '—' };

describe('the audit log in words', () => {
  it.each([
    ['login', 'login'],
    ['two-factor.recovery-code', 'two factor: recovery code'],
    ['registration.reflection_override', 'registration: reflection override'],
    ['user.password.failed', 'user: password failed'],
  ])('spells the code %s as "%s"', (code, spelt) => {
    expect(spellCode(code)).toBe(spelt);
  });

  it.each([
    ['{"identifiers":true}', ['identifiers: Yes']],
    ['{"roles":["agent","legal"],"active":false}', ['roles: agent, legal', 'active: No']],
    ['{"careRegion":3,"note":null,"shown":[]}', ['care region: 3', 'note: —', 'shown: —']],
    ['{"filters":{"period":"year","by":"gender"}}', ['filters: period year, by gender']],
    ['{}', []],
    ['not json', ['not json']],
    ['42', ['42']],
    [null, []],
  ])('writes the details %s as words', (details, lines) => {
    expect(detailLines(details, words)).toEqual(lines);
  });

  it('uses the reader’s words for a key where it has them', () => {
    expect(
      detailLines('{"identifiers":true}', { ...words, key: (k) => (k === 'identifiers' ? 'getoond' : undefined) }),
    ).toEqual(['getoond: Yes']);
    expect(keyWords('subjectType')).toBe('subject type');
  });

  it.each([
    ['2026-03-10', '2026-03-10'],
    ['2026-02-30', null],
    ['2026-3-1', null],
    ['10-03-2026', null],
    ['', null],
  ])('reads the day %j as %j', (s, day) => {
    expect(validDay(s)).toBe(day);
  });
});
