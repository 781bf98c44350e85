import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createContact } from '../../../src/contacts/contacts.service.js';
import { classify, routingModel, useRoutingModel } from '../../../src/routing/classifier.js';
import { loadLabelledSet } from '../../../src/routing/labelled-set.js';
import { correctionTexts, loadDeskModel, trainDeskModel } from '../../../src/routing/model-store.js';
import { insertCorrection } from '../../../src/routing/routing.queries.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  useRoutingModel(null);
  await t.close();
});

// Words the lexicon does not know: a desk's own jargon, which only the agents' corrections can teach.
const JARGON = [
  'Vraag over de flexpool-constructie van een klant bij de champignonkwekerij',
  'Onze cliënt zit in een flexpool-constructie bij een champignonkwekerij, hoe zit dat?',
  'Weer een vraag over een flexpool-constructie, nu in de champignonkwekerij in Limburg',
  'Flexpool-constructie: wat kan onze cliënt doen? Hij werkt in een champignonkwekerij',
];

async function correct(text: string, queue: string, topics: string[]) {
  const { id } = await createContact(t.deps, { channel: 'manual', subject: 'Vraag', notes: text }, { id: null });
  await insertCorrection(t.deps.db, {
    contactId: id,
    at: '2026-11-23T10:00:00.000Z',
    userId: null,
    lexiconVersion: 'test',
    suggested: { queue: 'general', topics: [], urgent: false },
    chosen: { queue, topics },
  });
}

describe("the agents' corrections teach the classifier", () => {
  it('reads each correction with its contact text, the agent choice as the truth', async () => {
    await correct(JARGON[0]!, 'legal', ['work']);
    const texts = await correctionTexts(t.deps.db);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ queue: 'legal', topics: ['work'] });
    expect(texts[0]!.text).toContain('flexpool-constructie');
  });

  it('trains on the labelled set and the corrections, stores the model when it beats the lexicon, and routes with it', async () => {
    for (let i = 0; i < 20; i++) await correct(`${JARGON[i % JARGON.length]} (${i})`, 'legal', ['work']);
    await correct('Mevrouw Pietersen belt over de flexpool-constructie', 'legal', ['work']);
    const text = 'Hoe zit het met een flexpool-constructie in een champignonkwekerij?';
    expect(classify(text, {}, null).queue).toBe('general');
    // A part of the labelled set keeps the test quick; the command trains on all of it.
    const labelled = loadLabelledSet().filter((_, i) => i % 4 === 0);
    const trained = await trainDeskModel(t.deps.db, labelled, '2026-11-23T10:00:00.000Z');
    expect(trained.model.examples).toEqual({ labelled: labelled.filter((q) => !q.heldOut).length, corrections: 21 });
    const cv = trained.crossValidation;
    expect(cv.blended.queue + cv.blended.first).toBeGreaterThan(cv.lexicon.queue + cv.lexicon.first);
    expect(trained.stored).toBe(true);
    const rows = await t.deps.db.selectFrom('routing_models').selectAll().execute();
    expect(rows).toHaveLength(1);
    // A word of a single correction (a name) is not kept in the model.
    expect(rows[0]!.model).toContain('flexpool');
    expect(rows[0]!.model.toLowerCase()).not.toContain('pieters');

    expect(routingModel()).toBeNull();
    const loaded = await loadDeskModel(t.deps.db);
    expect(loaded?.trainedAt).toBe('2026-11-23T10:00:00.000Z');
    const c = classify(text);
    expect(c.queue).toBe('legal');
    expect(c.topics[0]).toMatchObject({ topic: 'work' });
    expect(c.topics[0]!.matched.length).toBeGreaterThan(0);
  });

  it('keeps the lexicon alone when no model was trained, and ignores a damaged one', async () => {
    expect(await loadDeskModel(t.deps.db)).toBeNull();
    await t.deps.db
      .insertInto('routing_models')
      .values({ trained_at: 'x', labelled: 0, corrections: 0, model: '{not json' })
      .execute();
    expect(await loadDeskModel(t.deps.db)).toBeNull();
    expect(routingModel()).toBeNull();
  });
});
