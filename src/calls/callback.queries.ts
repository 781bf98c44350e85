import type { Executor } from '../db/database.js';
import type { CallbackCallTable } from './callback.table.js';

export async function insertCallbackCall(
  db: Executor,
  row: {
    contact_id: number;
    user_id: number | null;
    call_sid: string | null;
    status: CallbackCallTable['status'];
    at: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('callback_calls')
    .values({
      contact_id: row.contact_id,
      user_id: row.user_id,
      call_sid: row.call_sid,
      status: row.status,
      outcome: null,
      duration: null,
      error: null,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findCallbackCall(db: Executor, id: number) {
  return db.selectFrom('callback_calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCallbackCallBySid(db: Executor, callSid: string) {
  return db.selectFrom('callback_calls').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
}

export async function updateCallbackCall(
  db: Executor,
  id: number,
  set: Partial<{
    call_sid: string | null;
    status: CallbackCallTable['status'];
    outcome: CallbackCallTable['outcome'];
    duration: number | null;
    error: string | null;
    answered_by: string | null;
    machine_hangup: number;
  }> & {
    updated_at: string;
  },
) {
  await db.updateTable('callback_calls').set(set).where('id', '=', id).execute();
}

export async function findDeskPhoneUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'desk_phone', 'roles', 'active']).where('id', '=', id).executeTakeFirst();
}
