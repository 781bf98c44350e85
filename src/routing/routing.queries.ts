import type { Executor } from '../db/database.js';

export interface CorrectionValues {
  contactId: number;
  at: string;
  userId: number | null;
  lexiconVersion: string;
  suggested: { queue: string; topics: string[]; urgent: boolean };
  chosen: { queue: string; topics: string[] };
}

/** Stores an agent's override of the routing suggestion: codes only, never the contact's text. */
export async function insertCorrection(db: Executor, c: CorrectionValues): Promise<number> {
  const r = await db
    .insertInto('routing_corrections')
    .values({
      contact_id: c.contactId,
      at: c.at,
      user_id: c.userId,
      lexicon_version: c.lexiconVersion,
      suggested_queue: c.suggested.queue,
      suggested_topics: JSON.stringify(c.suggested.topics),
      suggested_urgent: c.suggested.urgent ? 1 : 0,
      chosen_queue: c.chosen.queue,
      chosen_topics: JSON.stringify(c.chosen.topics),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Every correction, oldest first (for the accuracy report). */
export async function listCorrections(db: Executor) {
  return db.selectFrom('routing_corrections').selectAll().orderBy('id').execute();
}
