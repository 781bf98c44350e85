import { describe, expect, it } from 'vitest';
import { composeReply, quoteLines } from '../../src/email/outbound/reply-text.js';
import { defaultReplyLanguage, recipientIsProfessional } from '../../src/email/outbound/reply-rules.js';

describe('quoting the answered message', () => {
  it.each([
    ['one line', 'Hallo', '> Hallo'],
    ['an empty line between paragraphs', 'Een\n\nTwee', '> Een\n>\n> Twee'],
    ['Windows line ends', 'Een\r\nTwee', '> Een\n> Twee'],
    ['a line that was quoted already', '> eerder\nnu', '>> eerder\n> nu'],
    ['trailing blanks and blank lines', 'Een   \n\n\n', '> Een'],
  ])('quotes %s', (_name, text, quoted) => {
    expect(quoteLines(text)).toBe(quoted);
  });

  it('cuts a very long message and says so', () => {
    const q = quoteLines(`${'a'.repeat(50)}\n${'b'.repeat(50)}`, 60);
    expect(q).toBe(`> ${'a'.repeat(50)}\n> ${'b'.repeat(9)}\n> […]`);
  });
});

describe('the text of a reply as it leaves', () => {
  const quote = { header: 'Op 23-11-2026 11:00 schreef Jan <jan@politie.nl>:', body: 'Graag advies.' };

  it.each([
    [
      'text, signature and quote',
      { text: 'Beste Jan,\r\nZie hieronder.', signature: 'Groet,\nEva', quote },
      'Beste Jan,\nZie hieronder.\n\n-- \nGroet,\nEva\n\nOp 23-11-2026 11:00 schreef Jan <jan@politie.nl>:\n> Graag advies.',
    ],
    ['no signature', { text: 'Tekst', signature: null, quote }, `Tekst\n\n${quote.header}\n> Graag advies.`],
    ['an empty signature', { text: 'Tekst', signature: '  \n ', quote: null }, 'Tekst'],
    ['nothing to quote', { text: 'Tekst', signature: 'Eva', quote: null }, 'Tekst\n\n-- \nEva'],
    ['a quote without text', { text: 'Tekst', signature: null, quote: { header: 'x', body: ' \n' } }, 'Tekst'],
  ])('puts together %s', (_name, parts, expected) => {
    expect(composeReply(parts)).toBe(expected);
  });
});

describe('the language of a reply', () => {
  it.each([
    ['nl', 'en', 'nl'],
    ['en', 'nl', 'en'],
    ['pl', 'nl', 'en'],
    ['other', 'nl', 'en'],
    [null, 'nl', 'nl'],
    [null, 'en', 'en'],
  ] as const)('goes out for a contact in %s with desk default %s in %s', (contact, desk, lang) => {
    expect(defaultReplyLanguage(contact, desk)).toBe(lang);
  });
});

describe('"only through the professional"', () => {
  it.each([
    ['police', true],
    ['lawyer', true],
    ['shelter', true],
    ['care-coordinator', true],
    ['victim', false],
    ['citizen', false],
    ['other', false],
    ['unknown', false],
    [null, false],
  ] as const)('treats a party of type %s as the professional: %s', (type, professional) => {
    expect(recipientIsProfessional(type)).toBe(professional);
  });
});
