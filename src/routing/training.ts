import { classifyByLexicon, classify, modelFeatures } from './classifier.js';
import type { LabelledQuestion } from './labelled-set.js';
import { type RoutingModel, type TrainingExample, trainModel } from './model.js';

/*
 * Training the learned half of the classifier (pure; the command in train.ts does the I/O): examples from the
 * labelled set and the agents' corrections, the blend chosen by cross-validation on the training examples only —
 * the held-out fifth of the labelled set is never seen, so its figures stay honest.
 */

/** A text an agent routed differently from the suggestion: the agent's choice counts as the truth. */
export interface CorrectionText {
  text: string;
  topics: string[];
  queue: string;
}

/** The model's training examples: a labelled question or a correction, with the lexicon's findings as features. */
function toExample(q: { text: string; hint?: string; topics: readonly string[]; queue: string }): TrainingExample {
  const hint = { menu: q.hint };
  return { features: modelFeatures(q.text, hint, classifyByLexicon(q.text, hint)), topics: q.topics, queue: q.queue };
}

const BLENDS = [0.2, 0.35, 0.5, 0.65].flatMap((lexicon) =>
  [0.3, 0.4, 0.5].map((threshold) => ({ lexicon, threshold })),
);

/** Right queue and right first topic, the two figures the desk's targets name (pure). */
function hits(
  model: RoutingModel | null,
  items: readonly { text: string; hint?: string; topics: readonly string[]; queue: string }[],
) {
  let queue = 0;
  let first = 0;
  for (const q of items) {
    const c = classify(q.text, { menu: q.hint }, model);
    if (c.queue === q.queue) queue++;
    // The first topic is right when the person named it among the text's topics (a text without topics: none found).
    if (c.topics[0] ? q.topics.includes(c.topics[0].topic) : q.topics.length === 0) first++;
  }
  return { n: items.length, queue, first };
}

/** A trained model with how it and the lexicon alone did in the same cross-validation (right queue + first topic). */
export interface TrainedRouting {
  model: RoutingModel;
  crossValidation: { n: number; lexicon: { queue: number; first: number }; blended: { queue: number; first: number } };
}

/**
 * Trains on the labelled questions (without the held-out ones) and the corrections; the blend of lexicon and model
 * is the one that does best in a 5-fold cross-validation over those same examples, which also tells whether the
 * blend beats the lexicon alone (the caller keeps a model only then).
 */
export function trainRouting(
  labelled: readonly LabelledQuestion[],
  corrections: readonly CorrectionText[],
  at: string,
): TrainedRouting {
  const items = [...labelled.filter((q) => !q.heldOut), ...corrections];
  const examples = items.map(toExample);
  const folds = 5;
  const perBlend = BLENDS.map(() => ({ queue: 0, first: 0 }));
  const lexicon = { queue: 0, first: 0 };
  for (let k = 0; k < folds; k++) {
    const train = examples.filter((_, i) => i % folds !== k);
    const test = items.filter((_, i) => i % folds === k);
    const model = trainModel(train, { labelled: 0, corrections: 0 }, at);
    BLENDS.forEach((blend, b) => {
      const h = hits({ ...model, blend }, test);
      perBlend[b]!.queue += h.queue;
      perBlend[b]!.first += h.first;
    });
    const l = hits(null, test);
    lexicon.queue += l.queue;
    lexicon.first += l.first;
  }
  const totals = perBlend.map((h) => h.queue + h.first);
  const best = totals.indexOf(Math.max(...totals));
  const model = trainModel(
    examples,
    { labelled: items.length - corrections.length, corrections: corrections.length },
    at,
  );
  return {
    model: { ...model, blend: BLENDS[best]! },
    crossValidation: { n: items.length, lexicon, blended: perBlend[best]! },
  };
}
