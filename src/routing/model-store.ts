import type { Executor } from '../db/database.js';
import { useRoutingModel } from './classifier.js';
import type { LabelledQuestion } from './labelled-set.js';
import type { RoutingModel } from './model.js';
import { correctionsWithText, insertRoutingModel, newestRoutingModel } from './routing.queries.js';
import { type CorrectionText, trainRouting } from './training.js';
import { isTopic } from './topics.js';

const parseTopics = (s: string) => {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter(isTopic) : [];
  } catch {
    return [];
  }
};

/** The agents' corrections as training texts: their choice is the truth, the contact's words the text. */
export async function correctionTexts(db: Executor): Promise<CorrectionText[]> {
  return (await correctionsWithText(db))
    .map((r) => ({
      text: `${r.subject}\n${r.body}`.trim(),
      topics: parseTopics(r.chosen_topics),
      queue: r.chosen_queue,
    }))
    .filter((c) => c.text.length > 0 && c.queue !== 'after-hours');
}

/**
 * Trains on the labelled set and this database's corrections, and stores the model only when, in cross-validation,
 * the blend beats the lexicon alone (right queue plus right first topic); returns the training either way.
 */
export async function trainDeskModel(db: Executor, labelled: readonly LabelledQuestion[], at: string) {
  const corrections = await correctionTexts(db);
  const trained = trainRouting(labelled, corrections, at);
  const cv = trained.crossValidation;
  const better = cv.blended.queue + cv.blended.first > cv.lexicon.queue + cv.lexicon.first;
  if (better)
    await insertRoutingModel(db, {
      trainedAt: at,
      labelled: trained.model.examples.labelled,
      corrections: trained.model.examples.corrections,
      json: JSON.stringify(trained.model),
    });
  return { ...trained, stored: better };
}

/** Puts this database's newest trained model in use (at start); the shipped one when none was trained here. */
export async function loadDeskModel(db: Executor): Promise<RoutingModel | null> {
  const row = await newestRoutingModel(db).catch(() => undefined);
  let model: RoutingModel | null = null;
  try {
    model = row ? (JSON.parse(row.model) as RoutingModel) : null;
  } catch {
    model = null;
  }
  useRoutingModel(model?.version === 1 ? model : null);
  return model;
}
