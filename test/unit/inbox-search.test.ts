import { describe, expect, it } from 'vitest';
import { toSearch } from '../../src/contacts/inbox-search.js';
import { FieldCrypto, maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../../src/crypto/field-crypto.js';
import { randomBytes } from 'node:crypto';

describe('reading the inbox search box', () => {
  it.each([
    ['HD-2026-000123', { kind: 'reference', value: 'HD-2026-000123' }],
    ['[#hd-2026-000123]', { kind: 'reference', value: 'HD-2026-000123' }],
    ['Jan@Politie.NL', { kind: 'email', value: 'jan@politie.nl' }],
    ['06 12345678', { kind: 'phone', value: '+31612345678' }],
    ['+44 20 7946 0958', { kind: 'phone', value: '+442079460958' }],
    ['bedenktijd B8', { kind: 'text', value: '"bedenktijd" AND "B8"', prefix: '"bedenktijd"* AND "B8"*' }],
    ['" OR * NEAR(', { kind: 'text', value: '"OR" AND "NEAR"', prefix: '"OR"* AND "NEAR"*' }],
  ])('reads %s', (q, expected) => expect(toSearch(q)).toEqual(expected));

  it.each(['', '   ', '***'])('ignores an empty search %j', (q) => expect(toSearch(q)).toBeNull());
});

describe('identifying fields', () => {
  const crypto = new FieldCrypto(randomBytes(32));
  it('encrypts with a fresh nonce each time and decrypts back', () => {
    const a = crypto.encrypt('Jan Jansen')!,
      b = crypto.encrypt('Jan Jansen')!;
    expect(a).not.toBe(b);
    expect(crypto.decrypt(a)).toBe('Jan Jansen');
  });
  it('refuses a tampered value', () => {
    const a = crypto.encrypt('Jan Jansen')!;
    // A character in the middle carries six bits of the ciphertext (the last ones may be padding bits only).
    const mid = Math.floor(a.length / 2);
    const tampered = a.slice(0, mid) + (a[mid] === 'A' ? 'B' : 'A') + a.slice(mid + 1);
    expect(() => crypto.decrypt(tampered)).toThrow();
  });
  it('hashes equal values equally and kinds apart', () => {
    expect(crypto.hash('phone', '+31612345678')).toBe(crypto.hash('phone', '+31612345678'));
    expect(crypto.hash('phone', 'x')).not.toBe(crypto.hash('email', 'x'));
  });
  it.each([
    ['0612345678', '+31612345678'],
    ['0031 20 123 4567', '+31201234567'],
    ['anonymous', null],
    ['12', null],
    ['<script>', null],
  ])('normalises phone %s', (input, out) => expect(normalisePhone(input)).toBe(out));
  it.each([
    [' A@B.nl ', 'a@b.nl'],
    ['no-at', null],
    ['a@b', null],
  ])('normalises email %s', (input, out) => expect(normaliseEmail(input)).toBe(out));
  it('masks numbers and addresses for lists', () => {
    expect(maskPhone('+31612345678')).toBe('+316••••••78');
    expect(maskEmail('jan@politie.nl')).toBe('j•••@politie.nl');
  });
});
