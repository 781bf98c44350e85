import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Availability } from './softphone.table.js';

/** An agent's availability; away when they never set it. */
export async function findAvailability(db: Executor, userId: number): Promise<Availability> {
  const row = await db
    .selectFrom('agent_availability')
    .select('status')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.status ?? 'away';
}

/** Sets an agent's availability (one row per user, written by whichever instance served the request). */
export async function upsertAvailability(db: Executor, userId: number, status: Availability, now: string) {
  await db
    .insertInto('agent_availability')
    .values({ user_id: userId, status, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ status, updated_at: now }))
    .execute();
}

/**
 * The active users who said they are available, are still signed in (a session seen since `seenSince`: a session
 * that ran out leaves no one to ring) and are not on a call begun since `callsSince`, with their roles, longest
 * available first.
 */
export async function listAvailableAgents(db: Executor, seenSince: string, callsSince: string) {
  return (
    db
      .selectFrom('agent_availability')
      .innerJoin('users', 'users.id', 'agent_availability.user_id')
      .select(['users.id', 'users.roles'])
      .where('agent_availability.status', '=', 'available')
      .where('users.active', '=', 1)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('sessions')
            .select('sessions.id')
            .whereRef('sessions.user_id', '=', 'users.id')
            .where('sessions.factor_pending', '=', 0)
            .where('sessions.last_seen_at', '>=', seenSince),
        ),
      )
      // Already on a call answered on their softphone (not ended, begun recently: a lost status callback frees them).
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('calls')
              .select('calls.id')
              .where('calls.answered_by', '=', sql<string>`${'client:user'} || ${eb.ref('users.id')}`)
              .where('calls.ended_at', 'is', null)
              .where('calls.started_at', '>=', callsSince),
          ),
        ),
      )
      .orderBy('agent_availability.updated_at')
      .orderBy('users.id')
      .execute()
  );
}

/** A user's name by id (for the timeline's "answered by"). */
export async function findUserName(db: Executor, userId: number) {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? null;
}

/** The conference a call was moved into, if any. */
export async function findConference(db: Executor, callSid: string) {
  return db.selectFrom('call_conferences').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
}

/** Notes that a call now lives in a conference (once; a second move keeps the first row). */
export async function insertConference(
  db: Executor,
  row: { call_sid: string; name: string; started_by: number; started_at: string },
) {
  await db
    .insertInto('call_conferences')
    .values(row)
    .onConflict((oc) => oc.column('call_sid').doNothing())
    .execute();
}

/** The active users who take calls, for the transfer list (id and name, by name). */
export async function listColleagues(db: Executor, exceptId: number) {
  return db
    .selectFrom('users')
    .leftJoin('agent_availability', 'agent_availability.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.roles', 'agent_availability.status'])
    .where('users.active', '=', 1)
    .where('users.id', '!=', exceptId)
    .orderBy('users.name')
    .execute();
}
