import { describe, expect, it } from 'vitest';
import {
  fillPlaceholders,
  latestReviewDate,
  lawDateLine,
  sourceLines,
  sourcesComplete,
} from '../../src/routing/answer-text.js';

describe('{nextOpening} only while the desk is closed', () => {
  it.each([
    [
      'Vragen? Noem ons kenmerk {reference}. Wij zijn weer bereikbaar vanaf {nextOpening}.',
      'Vragen? Noem ons kenmerk HD-1.',
    ],
    [
      'U bereikt ons op werkdagen. Wij zijn weer bereikbaar vanaf {nextOpening}. Bij direct gevaar belt u 112.',
      'U bereikt ons op werkdagen. Bij direct gevaar belt u 112.',
    ],
    ['We are available again from {nextOpening}.\n\nOur reference: {reference}.', 'Our reference: HD-1.'],
    ['First paragraph.\n\nWe open again {nextOpening}!\n\nLast one.', 'First paragraph.\n\nLast one.'],
    ['No placeholder here. Reference {reference}.', 'No placeholder here. Reference HD-1.'],
  ])('leaves out the sentence that names it while open: %j', (text, expected) => {
    expect(fillPlaceholders(text, { reference: 'HD-1', nextOpening: null })).toBe(expected);
  });

  it('fills it while closed and keeps the sentence', () => {
    expect(
      fillPlaceholders('Noem {reference}. Wij zijn weer bereikbaar vanaf {nextOpening}.', {
        reference: 'HD-1',
        nextOpening: 'dinsdag 24 november 09:00',
      }),
    ).toBe('Noem HD-1. Wij zijn weer bereikbaar vanaf dinsdag 24 november 09:00.');
  });
});

describe('sources a reader can check', () => {
  it('reads the address and the date consulted of each line', () => {
    expect(
      sourceLines(
        'Vc B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)\n\n  Only a title  \nhttps://a.example/x.',
      ),
    ).toEqual([
      {
        text: 'Vc B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)',
        url: 'https://wetten.overheid.nl/BWBR0012289',
        consulted: '2026-11-25',
      },
      { text: 'Only a title', url: null, consulted: null },
      { text: 'https://a.example/x.', url: 'https://a.example/x', consulted: null },
    ]);
  });

  it.each([
    ['', false],
    ['A title only', false],
    ['Title — https://a.example/ (consulted 2026-11-25)', true],
    ['Title — https://a.example/ (consulted 2026-11-25)\nSecond — https://b.example/', false],
    ['Title — https://a.example/2026-11-25/page', false],
    ['Title — https://a.example/ (consulted 2026-13-45)', false],
  ])('counts %j as complete: %s', (sources, complete) => {
    expect(sourcesComplete(sources)).toBe(complete);
  });
});

describe('review dates by certainty', () => {
  it.each([
    ['2026-11-25', false, '2027-11-25'],
    ['2026-11-25', true, '2027-02-25'],
    ['2027-01-31', true, '2027-04-30'],
    ['2028-02-29', false, '2029-02-28'],
  ])('law of %s, uncertain %s: review by %s', (law, uncertain, latest) => {
    expect(latestReviewDate(law, uncertain)).toBe(latest);
  });
});

describe('the state of the law for the reader', () => {
  it.each([
    ['2026-11-25', 'nl', '(Stand van het recht: 25 november 2026.)'],
    ['2026-11-25', 'en', '(State of the law on 25 November 2026.)'],
    [null, 'en', null],
    ['not a date', 'nl', null],
  ] as const)('%s in %s', (date, lang, line) => {
    expect(lawDateLine(date, lang)).toBe(line);
  });
});
