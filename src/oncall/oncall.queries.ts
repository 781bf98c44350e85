import type { Executor } from '../db/database.js';
import type { DeskSettingKey, OncallChannel, OncallStatus } from './oncall.table.js';

export async function listDeskSettings(db: Executor) {
  return db.selectFrom('desk_settings').select(['key', 'value', 'updated_at', 'updated_by']).execute();
}

export async function upsertDeskSetting(
  db: Executor,
  row: { key: DeskSettingKey; value: string | null; updated_at: string; updated_by: number | null },
) {
  await db
    .insertInto('desk_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}

/** Inserts a notice unless the item already has one on that channel; answers whether it was new. */
export async function insertNoticeOnce(
  db: Executor,
  row: { contact_id: number; channel: OncallChannel; next_attempt_at: string; created_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('oncall_notices')
    .values({ ...row, claimed_until: null, last_error: null, provider_sid: null, sent_at: null })
    .onConflict((oc) => oc.columns(['contact_id', 'channel']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Notices due now: queued and due, or left `sending` by an instance whose claim ran out. */
export async function listDueNotices(db: Executor, now: string, limit = 20) {
  return db
    .selectFrom('oncall_notices')
    .select(['id', 'contact_id', 'channel', 'attempts'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Takes a due notice for this instance (one instance wins); answers whether it did. */
export async function claimNotice(db: Executor, id: number, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('oncall_notices')
    .set((eb) => ({ status: 'sending', claimed_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishNotice(
  db: Executor,
  id: number,
  change: {
    status: OncallStatus;
    next_attempt_at?: string;
    last_error?: string | null;
    provider_sid?: string | null;
    sent_at?: string | null;
  },
) {
  await db
    .updateTable('oncall_notices')
    .set({ ...change, claimed_until: null })
    .where('id', '=', id)
    .execute();
}

export async function findNotice(db: Executor, id: number) {
  return db.selectFrom('oncall_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest notices for the admin page: ids, channels, states and error codes only. */
export async function listRecentNotices(db: Executor, limit = 50) {
  return db.selectFrom('oncall_notices').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** A failed notice goes back in the queue with its tries counted afresh (an admin's retry). */
export async function requeueNotice(db: Executor, id: number, now: string) {
  await db
    .updateTable('oncall_notices')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, claimed_until: null })
    .where('id', '=', id)
    .execute();
}
