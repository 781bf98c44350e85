import { existsSync } from 'node:fs';
import { isPostgresUrl, openDatabase } from '../db/database.js';
import { accuracyOf, formatAccuracy } from './accuracy.js';
import { judge, loadLabelledSet } from './labelled-set.js';
import { classify } from './classifier.js';
import { correctionTexts, loadDeskModel } from './model-store.js';
import { listCorrections } from './routing.queries.js';
import { LEXICON_VERSION } from './routing.service.js';

/*
 * `npm run routing:report`: the classifier's accuracy on the labelled set (the tuning part and the held-out
 * part separately, then the whole), and on the agents' corrections in the database at DATABASE_URL (default
 * data/baken.sqlite) when it exists. A correction counts the agent's choice as the truth and the suggestion as
 * the prediction; only corrected contacts are stored, so these figures show where the classifier goes wrong,
 * not its overall rate.
 */
async function main() {
  const set = loadLabelledSet();
  const judged = judge(set);
  const tuning = judged.filter((_, i) => !set[i]!.heldOut);
  const heldOut = judged.filter((_, i) => set[i]!.heldOut);
  const out = process.stdout;
  out.write(`Baken routing report — lexicon ${LEXICON_VERSION}\n\n`);
  out.write(formatAccuracy('labelled set, tuning part', accuracyOf(tuning)));
  out.write(`\n${formatAccuracy('labelled set, held-out part (never tuned on)', accuracyOf(heldOut))}`);
  out.write(`\n${formatAccuracy('labelled set, whole', accuracyOf(judged))}`);
  const wrong = judged.filter((j) => j.expected.queue !== j.predicted.queue);
  if (wrong.length)
    out.write(
      `\nqueue wrong for: ${wrong.map((j) => `${j.id} (${j.expected.queue} → ${j.predicted.queue})`).join(', ')}\n`,
    );

  const target = process.env.DATABASE_URL || 'data/baken.sqlite';
  // A PostgreSQL URL is named by its database only: the URL may hold a password.
  const path = isPostgresUrl(target) ? `the PostgreSQL database ${new URL(target).pathname.slice(1)}` : target;
  if (!isPostgresUrl(target) && !existsSync(target)) {
    out.write(`\nagents' corrections: no SQLite database at ${path}\n`);
    return;
  }
  const { db } = openDatabase(target);
  try {
    const rows = await listCorrections(db).catch(() => null);
    if (!rows) {
      out.write(`\nagents' corrections: ${path} has no routing_corrections table (not migrated yet)\n`);
      return;
    }
    const parse = (s: string) => {
      try {
        const v = JSON.parse(s);
        return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      } catch {
        return [];
      }
    };
    const corrections = rows.map((r) => ({
      expected: { topics: parse(r.chosen_topics), queue: r.chosen_queue },
      predicted: { topics: parse(r.suggested_topics), queue: r.suggested_queue },
    }));
    out.write(`\n${formatAccuracy(`agents' corrections in ${path}`, accuracyOf(corrections))}`);
    // The desk's trained model, when `npm run routing:train` stored one: the held-out fifth with the blend, and the
    // corrected texts classified again now (the blend was trained on them, so this shows what it learnt).
    const model = await loadDeskModel(db);
    if (model) {
      const blended = judge(set, model).filter((_, i) => set[i]!.heldOut);
      out.write(
        `\n${formatAccuracy(`labelled set, held-out part, blended with the model trained ${model.trainedAt}`, accuracyOf(blended))}`,
      );
      const texts = await correctionTexts(db);
      const again = texts.map((t) => {
        const c = classify(t.text, {}, model);
        return {
          expected: { topics: t.topics, queue: t.queue },
          predicted: { topics: c.topics.map((x) => x.topic), queue: c.queue },
        };
      });
      out.write(`\n${formatAccuracy("agents' corrections, classified again with the blend", accuracyOf(again))}`);
    } else out.write(`\nno trained model in ${path}: the desk routes with the lexicon alone\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`routing report failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
