import type { Executor } from '../db/database.js';

/** A user's drafts for one contact (or 'new'), encrypted as stored. */
export async function listDrafts(db: Executor, userId: number, contactKey: string) {
  return db
    .selectFrom('drafts')
    .select(['field', 'text_enc', 'updated_at'])
    .where('user_id', '=', userId)
    .where('contact_key', '=', contactKey)
    .execute();
}

/** Writes one draft, replacing the one before. */
export async function upsertDraft(
  db: Executor,
  d: { userId: number; contactKey: string; field: string; textEnc: string; at: string },
) {
  await db
    .insertInto('drafts')
    .values({ user_id: d.userId, contact_key: d.contactKey, field: d.field, text_enc: d.textEnc, updated_at: d.at })
    .onConflict((oc) =>
      oc.columns(['user_id', 'contact_key', 'field']).doUpdateSet({ text_enc: d.textEnc, updated_at: d.at }),
    )
    .execute();
}

/** Removes one draft, or every draft of the contact when no field is given. */
export async function deleteDrafts(db: Executor, userId: number, contactKey: string, field?: string) {
  let q = db.deleteFrom('drafts').where('user_id', '=', userId).where('contact_key', '=', contactKey);
  if (field) q = q.where('field', '=', field);
  await q.execute();
}
