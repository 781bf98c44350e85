import { sql, type Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { SignalTable } from './signals.table.js';

export async function insertSignal(db: Executor, row: Insertable<SignalTable>) {
  return (await db.insertInto('signals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The signals marked on one contact or one registration, newest first, with who marked them. */
export const signalsOn = (db: Executor, on: 'contact' | 'registration', id: number) =>
  db
    .selectFrom('signals as s')
    .leftJoin('users as u', 'u.id', 's.marked_by')
    .select(['s.id', 's.code', 's.note_enc', 's.marked_on', 's.marked_at', 'u.name as marked_by_name'])
    .where(on === 'contact' ? 's.contact_id' : 's.registration_id', '=', id)
    .orderBy('s.id', 'desc')
    .limit(100)
    .execute();

/** Signals per day marked and code in a range (YYYY-MM-DD, '' for open): what the statistics roll up. */
export async function signalCounts(db: Executor, from: string, to: string) {
  let q = db.selectFrom('signals');
  if (from) q = q.where('marked_on', '>=', from);
  if (to) q = q.where('marked_on', '<=', to);
  return q
    .select(['marked_on as period', 'code as value', sql<number>`count(*)`.as('n')])
    .groupBy(['marked_on', 'code'])
    .execute();
}

/** Every signal marked in [from, to] for the policy export: code, day, the kind of record and the note. */
export const signalsBetween = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('signals')
    .select(['id', 'code', 'on_kind', 'marked_on', 'note_enc'])
    .where('marked_on', '>=', from)
    .where('marked_on', '<=', to)
    .orderBy('marked_on')
    .orderBy('id')
    .execute();

/** Takes the notes out of the signals of these contacts or registrations (their code and day stay for the figures). */
export async function blankSignalNotes(db: Executor, on: 'contact' | 'registration', ids: number[]) {
  if (!ids.length) return;
  await db
    .updateTable('signals')
    .set({ note_enc: null })
    .where(on === 'contact' ? 'contact_id' : 'registration_id', 'in', ids)
    .where('note_enc', 'is not', null)
    .execute();
}
