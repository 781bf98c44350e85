import { describe, expect, it } from 'vitest';
import { predictModel, strongestFeatures, trainModel, type TrainingExample } from '../../src/routing/model.js';
import { classify, modelFeatures } from '../../src/routing/classifier.js';
import { featureWords } from '../../src/routing/classifier-words.js';

const ex = (words: string[], topics: string[], queue: string): TrainingExample => ({
  features: Object.fromEntries(words.map((w) => [w, 1])),
  topics,
  queue,
});
const examples = [
  ...Array.from({ length: 6 }, () => ex(['n:opvang', 'n:vannacht'], ['shelter'], 'care')),
  ...Array.from({ length: 6 }, () => ex(['n:bedenktijd', 'n:dagen'], ['reflection'], 'legal')),
  ...Array.from({ length: 6 }, () => ex(['n:training', 'n:school'], ['training'], 'general')),
  ex(['n:jansen'], ['shelter'], 'care'),
];

describe('the learned model', () => {
  const model = trainModel(examples, { labelled: examples.length, corrections: 0 }, '2026-12-07T00:00:00.000Z');

  it('learns which words go with which queue, first topic and topics', () => {
    const p = predictModel(model, { 'n:bedenktijd': 1 });
    expect(Object.entries(p.queue).sort((a, b) => b[1] - a[1])[0]![0]).toBe('legal');
    expect(Object.entries(p.primary).sort((a, b) => b[1] - a[1])[0]![0]).toBe('reflection');
    expect(p.topics.reflection!).toBeGreaterThan(0.5);
    expect(p.topics.shelter!).toBeLessThan(0.5);
  });

  it('keeps no word seen in only one example (a name does not end up in the model)', () => {
    expect(model.vocabulary).not.toContain('n:jansen');
    expect(model.vocabulary).toContain('n:opvang');
  });

  it('is the same model for the same examples', () => {
    const again = trainModel(examples, { labelled: examples.length, corrections: 0 }, '2026-12-07T00:00:00.000Z');
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
  });

  it('explains a topic by the words that weigh most for it', () => {
    expect(strongestFeatures(model, 'shelter', ['n:opvang', 'n:school', 'n:vannacht'])).toEqual(
      expect.arrayContaining(['n:opvang', 'n:vannacht']),
    );
  });
});

describe('blending the lexicon with a model', () => {
  it('reads stems and pairs of a text, leaving numbers out', () => {
    const f = featureWords('Bel 0612345678 over de bedenktijd van mijn cliënt').map((w) => w.feature);
    expect(f).toContain('n:bedenktijd');
    expect(f.some((x) => x.includes('0612345678'))).toBe(false);
    expect(f.some((x) => x.startsWith('b:'))).toBe(true);
  });

  it('gives the model the lexicon findings and the menu choice as features', () => {
    const text = 'Heeft zij recht op bedenktijd?';
    const f = modelFeatures(text, { menu: '1' }, classify(text, {}, null));
    expect(f['lex:reflection']).toBeGreaterThan(0);
    expect(f['menu:1']).toBe(1);
  });

  it('always sends acute danger to care, whatever the model says', () => {
    const legalOnly = trainModel(
      Array.from({ length: 10 }, () => ex(['n:vannacht', 'n:opvang'], ['reflection'], 'legal')),
      { labelled: 10, corrections: 0 },
      'x',
    );
    const c = classify(
      'Zij heeft vannacht geen slaapplek en wordt bedreigd',
      {},
      { ...legalOnly, blend: { lexicon: 0, threshold: 0.3 } },
    );
    expect(c).toMatchObject({ queue: 'care', urgent: true });
  });

  it('explains a topic only the model found in the text own words', () => {
    const m = trainModel(
      Array.from({ length: 8 }, () => ex(['n:kassen', 'e:kassen'], ['work'], 'legal')),
      { labelled: 8, corrections: 0 },
      'x',
    );
    const c = classify('Hij werkte in de kassen', {}, { ...m, blend: { lexicon: 0.2, threshold: 0.3 } });
    const work = c.topics.find((t) => t.topic === 'work');
    expect(work?.matched).toContain('kassen');
  });
});
