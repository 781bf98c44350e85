import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { insertionOrder } from '../db/row-order.js';
import { searchTextOf } from '../contacts/contacts.queries.js';

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

export interface RoutingValues {
  contactId: number;
  topics: { topic: string; score: number; matched: string[] }[];
  queue: string;
  urgent: boolean;
  minor: boolean;
  lexiconVersion: string;
  at: string;
  source: 'email' | 'voicemail' | 'manual' | 'note' | 'call';
}

/** A contact's stored routing (its latest suggestion and whether an agent routed it), or undefined. */
export async function findRouting(db: Executor, contactId: number) {
  return db.selectFrom('contact_routing').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
}
export type RoutingRow = NonNullable<Awaited<ReturnType<typeof findRouting>>>;

/** Stores a contact's latest suggestion, keeping whether an agent routed it. */
export async function upsertRouting(db: Executor, r: RoutingValues): Promise<void> {
  const values = {
    topics: JSON.stringify(r.topics),
    queue: r.queue,
    urgent: r.urgent ? 1 : 0,
    minor: r.minor ? 1 : 0,
    lexicon_version: r.lexiconVersion,
    at: r.at,
    source: r.source,
  };
  await db
    .insertInto('contact_routing')
    .values({ contact_id: r.contactId, ...values })
    .onConflict((oc) => oc.column('contact_id').doUpdateSet(values))
    .execute();
}

/** Marks a contact as routed by an agent: from now on new words only change the suggestion. */
export async function markRoutedByAgent(db: Executor, contactId: number, userId: number | null, at: string) {
  await db
    .updateTable('contact_routing')
    .set({ routed_by_agent: 1, routed_by: userId, routed_at: at })
    .where('contact_id', '=', contactId)
    .execute();
}

/** The newest incoming mail bodies of a contact (for highlighting the matched words), newest first. */
export async function incomingMailTexts(db: Executor, contactId: number, limit = 3) {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'subject', 'text_body'])
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'in')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The encrypted transcriptions of a contact's voicemails, newest first. */
export async function transcriptionsOf(db: Executor, contactId: number, limit = 3) {
  return db
    .selectFrom('recordings')
    .select(['id', 'transcription_text'])
    .where('contact_id', '=', contactId)
    .where('transcription_text', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Open legal-queue contacts with their topics and routing flags, for the legal queue page (by due time). */
export async function listLegalQueue(db: Executor, limit = 500) {
  return db
    .selectFrom('contacts')
    .leftJoin('users as assignee', 'assignee.id', 'contacts.assignee_id')
    .leftJoin('contact_routing', 'contact_routing.contact_id', 'contacts.id')
    .select([
      'contacts.id',
      'contacts.reference',
      'contacts.channel',
      'contacts.subject',
      'contacts.status',
      'contacts.priority',
      'contacts.due_at',
      'contacts.started_at',
      'contacts.assignee_id',
      'contacts.version',
      'assignee.name as assignee_name',
      'contact_routing.urgent',
      'contact_routing.minor',
    ])
    .where('contacts.queue', '=', 'legal')
    .where('contacts.status', '<>', 'resolved')
    .where('contacts.spam_at', 'is', null)
    .where('contacts.mistaken_at', 'is', null)
    .orderBy(sql`COALESCE(contacts.due_at, '~')`)
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
}

/** The topic codes of some contacts, in the order they were given. */
export async function topicsOfContacts(db: Executor, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('contact_topics')
    .select(['contact_id', 'topic'])
    .where('contact_id', 'in', ids)
    .orderBy(insertionOrder())
    .execute();
}

/** Stores a trained model (the newest is the one in use). */
export async function insertRoutingModel(
  db: Executor,
  m: { trainedAt: string; labelled: number; corrections: number; json: string },
) {
  await db
    .insertInto('routing_models')
    .values({ trained_at: m.trainedAt, labelled: m.labelled, corrections: m.corrections, model: m.json })
    .execute();
}

/** The newest trained model's JSON, or undefined when none was trained on this database. */
export async function newestRoutingModel(db: Executor) {
  return db
    .selectFrom('routing_models')
    .select(['model', 'trained_at'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The agents' corrections with their contact's searchable text (subject and body), for training. */
export async function correctionsWithText(db: Executor) {
  const rows = await listCorrections(db);
  const out: { chosen_queue: string; chosen_topics: string; subject: string; body: string }[] = [];
  for (const r of rows) {
    const text = await searchTextOf(db, r.contact_id);
    if (text)
      out.push({
        chosen_queue: r.chosen_queue,
        chosen_topics: r.chosen_topics,
        subject: text.subject,
        body: text.body,
      });
  }
  return out;
}
