import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { createTranslate, pluralCategory } from '../../src/i18n/i18n.js';
import { nl } from '../../src/i18n/nl.js';
import {
  CALL_OUTCOMES,
  CHANNELS,
  DIRECTIONS,
  LANGUAGES,
  PARTY_TYPES,
  PRIORITIES,
  QUEUES,
  STATUSES,
  TOPICS,
} from '../../src/contacts/contacts.table.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the interface texts', () => {
  it('have exactly the same keys in English and Dutch', () => {
    const enKeys = Object.keys(en).sort();
    const nlKeys = Object.keys(nl).sort();
    expect(nlKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !nlKeys.includes(k))).toEqual([]);
  });

  it('have no empty text and the same placeholders in both languages', () => {
    const en2 = en as Record<string, string>;
    const nl2 = nl as Record<string, string>;
    const empty = Object.keys(en).filter((k) => !en2[k]?.trim() || !nl2[k]?.trim());
    expect(empty).toEqual([]);
    const differ = Object.keys(en).filter(
      (k) => placeholders(en2[k] ?? '').join() !== placeholders(nl2[k] ?? '').join(),
    );
    expect(differ).toEqual([]);
  });

  it('have a text for every value a page looks up by code (queue, status, topic, channel, call outcome …)', () => {
    const wanted = [
      ...QUEUES.map((v) => `queue.${v}`),
      ...STATUSES.map((v) => `status.${v}`),
      ...PRIORITIES.map((v) => `priority.${v}`),
      ...TOPICS.map((v) => `topic.${v}`),
      ...LANGUAGES.map((v) => `lang.${v}`),
      ...PARTY_TYPES.map((v) => `party.${v}`),
      ...CHANNELS.map((v) => `channel.${v}`),
      ...DIRECTIONS.map((v) => `direction.${v}`),
      ...CALL_OUTCOMES.map((v) => `calls.outcome.${v}`),
    ];
    expect(wanted.filter((k) => !(k in en))).toEqual([]);
  });

  it('have plural variants only beside a message that counts, in a category the language has, with its placeholders', () => {
    const en2 = en as Record<string, string>;
    const categories = {
      en: new Intl.PluralRules('en').resolvedOptions().pluralCategories,
      nl: new Intl.PluralRules('nl').resolvedOptions().pluralCategories,
    };
    const variants = Object.keys(en).filter((k) => k.includes('#'));
    expect(variants.length).toBeGreaterThan(10);
    const wrong = variants.filter((k) => {
      const [base, category] = k.split('#') as [string, Intl.LDMLPluralRule];
      const counted = placeholders(en2[base] ?? '').some((p) => p === 'n' || p === 'count');
      return (
        !(base in en) ||
        !counted ||
        !categories.en.includes(category) ||
        !categories.nl.includes(category) ||
        placeholders(en2[k] ?? '').join() !== placeholders(en2[base] ?? '').join()
      );
    });
    expect(wrong).toEqual([]);
  });
});

describe('a count in a message', () => {
  it.each([
    ['en', 'answers.uses', 0, 'Used 0 times'],
    ['en', 'answers.uses', 1, 'Used 1 time'],
    ['en', 'answers.uses', 2, 'Used 2 times'],
    ['en', 'answers.uses', 1.5, 'Used 1.5 times'],
    ['nl', 'answers.uses', 1, '1 keer gebruikt'],
    ['nl', 'answers.uses', 7, '7 keer gebruikt'],
    ['en', 'deadline.daysLeft', 1, '1 day left'],
    ['en', 'deadline.daysLeft', 10, '10 days left'],
    ['nl', 'deadline.daysLeft', 1, 'nog 1 dag'],
    ['nl', 'deadline.daysLeft', 0, 'nog 0 dagen'],
    ['nl', 'deadline.passed', 1, '1 dag geleden afgelopen'],
    ['en', 'login.throttled', 1, 'Too many attempts. Try again in 1 second.'],
    ['nl', 'login.throttled', 30, 'Te veel pogingen. Probeer het over 30 seconden opnieuw.'],
    ['nl', 'retention.failedCount', 1, '1 kon nog niet worden verwijderd'],
    ['nl', 'retention.failedCount', 3, '3 konden nog niet worden verwijderd'],
    ['en', 'auditChain.before', 1, 'The 1 entry before it is intact.'],
    ['en', 'auditChain.before', 2, 'The 2 entries before it are intact.'],
  ] as const)('in %s, %s with %d reads "%s"', (locale, key, n, text) => {
    expect(createTranslate(locale)(key, { n })).toBe(text);
  });

  it('is chosen by the {count} parameter too', () => {
    expect(createTranslate('en')('twoFactor.codes.left', { count: 1 })).toBe('You have 1 unused recovery code.');
    expect(createTranslate('nl')('twoFactor.codes.left', { count: 4 })).toBe('Je hebt nog 4 ongebruikte herstelcodes.');
  });

  it('follows the CLDR plural rules of each language', () => {
    expect([0, 1, 2, 1.5].map((n) => pluralCategory('en', n))).toEqual(['other', 'one', 'other', 'other']);
    expect([0, 1, 2, 1.5].map((n) => pluralCategory('nl', n))).toEqual(['other', 'one', 'other', 'other']);
  });
});
