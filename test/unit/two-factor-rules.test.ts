import { describe, expect, it } from 'vitest';
import { factorState, readFactorCode } from '../../src/auth/two-factor-rules.js';
import { meetsOwaspMinimum, parseScryptCost } from '../../src/crypto/scrypt-cost.js';
import { costOf, needsRehash } from '../../src/auth/passwords.js';
import type { Role } from '../../src/users/users.table.js';

const created = '2026-11-01T12:00:00Z';
const at = (iso: string) => new Date(iso);

describe('who must sign in with a second factor', () => {
  it.each<[string, Role[], boolean, boolean, string, string]>([
    ['an agent without a factor', ['agent'], false, false, '2026-12-30T00:00:00Z', 'optional'],
    [
      'an agent once the admin requires it of everyone, inside the grace period',
      ['agent'],
      false,
      true,
      '2026-11-10T00:00:00Z',
      'grace',
    ],
    [
      'an agent once the admin requires it of everyone, after the grace period',
      ['agent'],
      false,
      true,
      '2026-11-16T00:00:00Z',
      'required',
    ],
    ['an admin on day 13 of 14', ['admin'], false, false, '2026-11-14T11:59:59Z', 'grace'],
    ['an admin the moment 14 days have passed', ['admin'], false, false, '2026-11-15T12:00:00Z', 'required'],
    ['a supervisor after the grace period', ['supervisor'], false, false, '2027-01-01T00:00:00Z', 'required'],
    ['a coordinator after the grace period', ['coordinator'], false, false, '2027-01-01T00:00:00Z', 'required'],
    ['a legal adviser after the grace period', ['legal'], false, false, '2027-01-01T00:00:00Z', 'required'],
    ['an agent who is also legal', ['agent', 'legal'], false, false, '2027-01-01T00:00:00Z', 'required'],
    ['an admin with a factor', ['admin'], true, true, '2027-01-01T00:00:00Z', 'enrolled'],
    ['an agent with a factor', ['agent'], true, false, '2027-01-01T00:00:00Z', 'enrolled'],
  ])('%s', (_name, roles, hasFactor, everyone, now, kind) => {
    expect(factorState({ roles, createdAt: created, hasFactor, everyone, graceDays: 14, now: at(now) }).kind).toBe(
      kind,
    );
  });

  it('gives the end of the grace period for the reminder, counted from the user’s creation', () => {
    const s = factorState({
      roles: ['admin'],
      createdAt: created,
      hasFactor: false,
      everyone: false,
      graceDays: 14,
      now: at(created),
    });
    expect(s).toEqual({ kind: 'grace', until: at('2026-11-15T12:00:00Z') });
  });

  it('requires the factor at once with a grace period of zero days', () => {
    const s = factorState({
      roles: ['admin'],
      createdAt: created,
      hasFactor: false,
      everyone: false,
      graceDays: 0,
      now: at(created),
    });
    expect(s.kind).toBe('required');
  });
});

describe('reading what was typed in the code field', () => {
  it.each<[string, ReturnType<typeof readFactorCode>]>([
    ['123456', { kind: 'totp', code: '123456' }],
    ['123 456', { kind: 'totp', code: '123456' }],
    [' 000000 ', { kind: 'totp', code: '000000' }],
    ['abcde-fghjk', { kind: 'recovery', code: 'abcdefghjk' }],
    ['ABCDE FGHJK', { kind: 'recovery', code: 'abcdefghjk' }],
    ['12345', null],
    ['1234567', null],
    ['12345a', null],
    ['abcde-fghjl', null], // l is not in the alphabet
    ['abcde-fghj', null],
    ['', null],
    ['1'.repeat(41), null],
    ["' OR 1=1 --", null],
    ['１２３４５６', null], // full-width digits are not digits here
  ])('reads %j', (input, expected) => {
    expect(readFactorCode(input)).toEqual(expected);
  });
});

describe('scrypt cost', () => {
  it.each<[string, boolean]>([
    ['131072,8,1', true],
    ['65536,8,2', true],
    ['32768,8,3', true],
    ['16384,8,5', true],
    ['8192,8,10', true],
    ['262144,8,1', true],
    ['16384,8,1', false], // the old cost
    ['65536,8,1', false],
    ['131072,4,1', false],
  ])('%s meets OWASP’s minimum: %s', (text, ok) => {
    const cost = parseScryptCost(text);
    expect(cost).not.toBeNull();
    expect(meetsOwaspMinimum(cost!)).toBe(ok);
  });

  it.each(['', '131072', '131072,8', '100000,8,1', '131072,8,1,1', 'N=131072', '2097152,8,1', '131072,0,1', '-1,8,1'])(
    'refuses %j as a cost',
    (text) => {
      expect(parseScryptCost(text)).toBeNull();
    },
  );

  it.each<[string, boolean]>([
    ['scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', false],
    ['scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', true],
    ['scrypt$131072$8$2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', true],
    ['bcrypt$2b$10$whatever', true],
  ])('a stored hash %s is made again at today’s cost: %s', (stored, again) => {
    expect(needsRehash(stored, { N: 131072, r: 8, p: 1 })).toBe(again);
  });

  it.each([
    'scrypt$1073741824$8$1$AAAA$AAAA', // 1 TiB of memory: a corrupted row must not stall sign-in
    'scrypt$100000$8$1$AAAA$AAAA', // N not a power of two
    'scrypt$16384$8$1$$AAAA',
    'scrypt$x$8$1$AAAA$AAAA',
    '',
  ])('does not read %j as a hash it can check', (stored) => {
    expect(costOf(stored)).toBeNull();
  });
});
