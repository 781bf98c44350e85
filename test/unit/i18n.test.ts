import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
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
});
