import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decideThread,
  normaliseMessageId,
  ownMessageId,
  readOwnMessageId,
  referencedIds,
  replyReferences,
  replySubject,
  subjectReference,
} from '../../src/email/inbound/threading.js';

const sign = (p: string) => createHmac('sha256', 'test-key').update(p).digest('base64url');
const otherKey = (p: string) => createHmac('sha256', 'other-key').update(p).digest('base64url');

describe("Baken's own Message-IDs", () => {
  it('carry the contact id and a signature that reads back', () => {
    const id = ownMessageId(123, 'AbCdEfGhIjKl', sign, 'baken.nl');
    expect(id).toMatch(/^hd\.123\.AbCdEfGhIjKl\.[\w-]{16}@baken\.nl$/);
    expect(readOwnMessageId(id, sign)).toBe(123);
  });

  it.each([
    ['signed with another key', () => ownMessageId(123, 'AbCdEfGhIjKl', otherKey, 'baken.nl')],
    [
      'with the contact id changed',
      () => ownMessageId(123, 'AbCdEfGhIjKl', sign, 'baken.nl').replace('hd.123.', 'hd.124.'),
    ],
    [
      'with the nonce changed',
      () => ownMessageId(123, 'AbCdEfGhIjKl', sign, 'baken.nl').replace('AbCdEfGhIjKl', 'AbCdEfGhIjKm'),
    ],
    ["someone else's", () => 'CAF1234@mail.gmail.com'],
    ['empty', () => ''],
    ['contact zero', () => ownMessageId(0, 'AbCdEfGhIjKl', sign, 'baken.nl')],
  ])('are refused when %s', (_name, make) => {
    expect(readOwnMessageId(make(), sign)).toBeNull();
  });
});

describe('Message-IDs a message names', () => {
  it.each([
    ['<a@b>', 'a@b'],
    [' <a@b> ', 'a@b'],
    ['a@b', 'a@b'],
    ['<a b@c>', 'ab@c'],
    ['', null],
    ['<>', null],
    [undefined, null],
    [42, null],
    ['<é@b>', null],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseMessageId(input)).toBe(expected);
  });

  it('lists In-Reply-To first, then References newest first, without repeats', () => {
    expect(referencedIds('<c@x>', '<a@x> <b@x>\r\n <c@x>')).toEqual(['c@x', 'b@x', 'a@x']);
    expect(referencedIds(undefined, ['<a@x>', '<b@x>'])).toEqual(['b@x', 'a@x']);
    expect(referencedIds(null, null)).toEqual([]);
  });

  it('keeps at most 50 of a hostile list', () => {
    const refs = Array.from({ length: 500 }, (_, i) => `<m${i}@x>`).join(' ');
    expect(referencedIds(null, refs)).toHaveLength(50);
  });
});

describe('the reference in a subject', () => {
  it.each([
    ['Re: vraag [#HD-2026-000123]', 'HD-2026-000123'],
    ['[HD-2026-000123] vraag', 'HD-2026-000123'],
    ['Antw: [# hd-2026-000123 ]', 'HD-2026-000123'],
    ['HD-2026-000123 without brackets', null],
    ['[#HD-26-1]', null],
    ['', null],
  ])('reads %j as %j', (subject, expected) => {
    expect(subjectReference(subject)).toBe(expected);
  });

  it('is added to a reply subject once, after "Re:"', () => {
    expect(replySubject('Vraag over B8', 'HD-2026-000001')).toBe('Re: Vraag over B8 [#HD-2026-000001]');
    expect(replySubject('Re: Vraag [#HD-2026-000001]', 'HD-2026-000001')).toBe('Re: Vraag [#HD-2026-000001]');
    expect(replySubject('', 'HD-2026-000001')).toBe('Re: HD-2026-000001 [#HD-2026-000001]');
  });
});

describe('References of a reply', () => {
  it('keep the first and the newest nineteen of a long thread', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    expect(replyReferences(ids)).toEqual(['m0', ...ids.slice(11)]);
    expect(replyReferences(['a', 'b', 'a'])).toEqual(['a', 'b']);
  });
});

describe('choosing the thread', () => {
  it.each([
    [
      'a signed id of ours joins, whoever sends it',
      { signed: [7], byMessageId: [], bySubject: null },
      { kind: 'join', contactId: 7, via: 'signed' },
    ],
    [
      'a foreign Message-ID joins when the sender takes part',
      { signed: [], byMessageId: [{ contactId: 3, senderTakesPart: true }], bySubject: null },
      { kind: 'join', contactId: 3, via: 'reference' },
    ],
    [
      'a foreign Message-ID alone does not join for a stranger',
      { signed: [], byMessageId: [{ contactId: 3, senderTakesPart: false }], bySubject: null },
      { kind: 'new', refused: null },
    ],
    [
      'the first thread the sender takes part in wins',
      {
        signed: [],
        byMessageId: [
          { contactId: 3, senderTakesPart: false },
          { contactId: 4, senderTakesPart: true },
        ],
        bySubject: null,
      },
      { kind: 'join', contactId: 4, via: 'reference' },
    ],
    [
      'the subject reference joins when the sender takes part',
      { signed: [], byMessageId: [], bySubject: { contactId: 9, reference: 'HD-2026-000009', senderTakesPart: true } },
      { kind: 'join', contactId: 9, via: 'subject' },
    ],
    [
      'the subject reference alone does not join for a stranger',
      { signed: [], byMessageId: [], bySubject: { contactId: 9, reference: 'HD-2026-000009', senderTakesPart: false } },
      { kind: 'new', refused: 'HD-2026-000009' },
    ],
    [
      'nothing named starts a new contact',
      { signed: [], byMessageId: [], bySubject: null },
      { kind: 'new', refused: null },
    ],
    [
      'a signed id beats a subject reference',
      { signed: [2], byMessageId: [], bySubject: { contactId: 9, reference: 'HD-2026-000009', senderTakesPart: true } },
      { kind: 'join', contactId: 2, via: 'signed' },
    ],
  ] as const)('%s', (_name, candidates, expected) => {
    expect(decideThread(candidates as unknown as Parameters<typeof decideThread>[0])).toEqual(expected);
  });

  it.each([
    ['a signed id of ours', { signed: [7], byMessageId: [], bySubject: null }, true],
    [
      'a Message-ID of a thread the address takes part in',
      { signed: [], byMessageId: [{ contactId: 3, senderTakesPart: true }], bySubject: null },
      true,
    ],
    [
      'the subject reference of a thread the address takes part in',
      { signed: [], byMessageId: [], bySubject: { contactId: 9, reference: 'HD-2026-000009', senderTakesPart: true } },
      true,
    ],
    ['nothing', { signed: [], byMessageId: [], bySubject: null }, false],
  ] as const)(
    "a sender refused by its domain's DMARC policy joins nothing, even naming %s",
    (_n, candidates, named) => {
      expect(
        decideThread(candidates as unknown as Parameters<typeof decideThread>[0], { senderRefused: true }),
      ).toEqual({ kind: 'new', refused: null, senderRefused: named });
    },
  );
});
