import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, routingModel } from './classifier.js';
import type { RoutingModel } from './model.js';
import type { Judged } from './accuracy.js';

/** One hand-labelled help-desk question of test/fixtures/routing/labelled.json. */
export interface LabelledQuestion {
  id: string;
  caller: string;
  text: string;
  hint?: string;
  topics: string[];
  queue: string;
  urgent: boolean;
  minor: boolean;
  /** Kept out of tuning: the lexicon is never adjusted to these. */
  heldOut?: boolean;
}

/** The labelled set, found from this module's folder upwards (source tree only; the build does not ship it). */
export function loadLabelledSet(): LabelledQuestion[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const path = join(dir, 'test', 'fixtures', 'routing', 'labelled.json');
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as LabelledQuestion[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    dir = dirname(dir);
  }
  throw new Error('test/fixtures/routing/labelled.json not found');
}

/** Classifies each labelled question and pairs the answer with the label. */
export function judge(
  set: readonly LabelledQuestion[],
  model: RoutingModel | null = routingModel(),
): (Judged & { id: string })[] {
  return set.map((q) => {
    const c = classify(q.text, { menu: q.hint }, model);
    return {
      id: q.id,
      expected: { topics: q.topics, queue: q.queue, urgent: q.urgent, minor: q.minor },
      predicted: { topics: c.topics.map((t) => t.topic), queue: c.queue, urgent: c.urgent, minor: c.minor },
    };
  });
}
