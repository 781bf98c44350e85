import { isPostgresUrl, openDatabase } from '../db/database.js';
import { loadLabelledSet } from './labelled-set.js';
import { trainDeskModel } from './model-store.js';

/*
 * `npm run routing:train`: trains the classifier's learned half on the labelled set (its held-out fifth excluded)
 * and the agents' corrections in the database at DATABASE_URL (default data/baken.sqlite), and stores it there
 * when it beats the lexicon alone in cross-validation; instances use the newest model from their next start.
 * `npm run routing:report` then prints the figures on the held-out fifth and on the corrections.
 */
async function main() {
  const at = new Date().toISOString();
  const labelled = loadLabelledSet();
  const target = process.env.DATABASE_URL || 'data/baken.sqlite';
  const where = isPostgresUrl(target) ? `the PostgreSQL database ${new URL(target).pathname.slice(1)}` : target;
  const { db } = openDatabase(target);
  try {
    const t = await trainDeskModel(db, labelled, at);
    const cv = t.crossValidation;
    const pct = (x: number) => `${((x / Math.max(cv.n, 1)) * 100).toFixed(1)} %`;
    process.stdout.write(
      `trained on ${t.model.examples.labelled} labelled questions and ${t.model.examples.corrections} corrections (${t.model.vocabulary.length} features, blend ${JSON.stringify(t.model.blend)})\n` +
        `5-fold cross-validation: lexicon alone queue ${pct(cv.lexicon.queue)}, first topic ${pct(cv.lexicon.first)}; blended queue ${pct(cv.blended.queue)}, first topic ${pct(cv.blended.first)}\n` +
        (t.stored
          ? `stored in ${where}; the desk uses it from its next start\n`
          : `not stored: it does not beat the lexicon alone; the desk keeps ${where}'s current model (or the lexicon alone)\n`),
    );
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`routing:train failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
