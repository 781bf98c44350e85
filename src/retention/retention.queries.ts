import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Kind, RetentionPurgedTable, RetentionRunTable } from './retention.table.js';

// Retention's SQL: the periods, the runs, and per kind the items whose period is over. Portable Kysely only;
// the full-text index is changed through src/db/contact-search.ts.

export async function listSettings(db: Executor) {
  return db.selectFrom('retention_settings').selectAll().execute();
}

export async function upsertSetting(db: Executor, kind: Kind, days: number, at: string, by: number | null) {
  await db
    .insertInto('retention_settings')
    .values({ kind, days, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ days, updated_at: at, updated_by: by }))
    .execute();
}

/** Inserts a running run; throws a unique violation when one is running already. */
export async function insertRun(db: Executor, origin: RetentionRunTable['origin'], by: number | null, at: string) {
  const row = await db
    .insertInto('retention_runs')
    .values({ origin, started_by: by, status: 'running', started_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRun(
  db: Executor,
  id: number,
  set: Partial<{
    status: RetentionRunTable['status'];
    finished_at: string;
    current_kind: Kind | null;
    done_count: number;
    total_count: number;
    counts: string;
    failure: RetentionRunTable['failure'];
  }>,
) {
  await db.updateTable('retention_runs').set(set).where('id', '=', id).execute();
}

export async function markRunningInterrupted(db: Executor, at: string) {
  await db
    .updateTable('retention_runs')
    .set({ status: 'interrupted', finished_at: at, current_kind: null })
    .where('status', '=', 'running')
    .execute();
}

export async function runningRun(db: Executor) {
  return db.selectFrom('retention_runs').selectAll().where('status', '=', 'running').executeTakeFirst();
}

export async function lastRuns(db: Executor, limit: number) {
  return db.selectFrom('retention_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** The status of the run before `runId` ('done' when there was none: nothing is left to erase). */
export async function previousRunStatus(db: Executor, runId: number): Promise<RetentionRunTable['status']> {
  const row = await db
    .selectFrom('retention_runs')
    .select('status')
    .where('id', '<', runId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.status ?? 'done';
}

export async function lastStartedAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('retention_runs')
    .select('started_at')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.started_at ?? null;
}

export async function markPurged(
  db: Executor,
  kind: RetentionPurgedTable['kind'],
  ids: number[],
  at: string,
  runId: number,
) {
  if (!ids.length) return;
  await db
    .insertInto('retention_purged')
    .values(ids.map((item_id) => ({ kind, item_id, purged_at: at, run_id: runId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A contact whose retention may start: resolved before the cutoff, not held in review, no mail waiting to go. */
function contactClosedBefore(cutoff: string, now: string) {
  return sql<boolean>`(c.status = 'resolved' and c.updated_at < ${cutoff}
    and not exists (select 1 from review_items ri where ri.contact_id = c.id and ri.held_until > ${now})
    and not exists (select 1 from mail_outbox o where o.contact_id = c.id and o.status in ('queued', 'sending')))`;
}

function notPurged(kind: RetentionPurgedTable['kind'], col: 'r.id' | 'm.id' | 'g.id') {
  return sql<boolean>`not exists (select 1 from retention_purged p where p.kind = ${kind} and p.item_id = ${sql.ref(col)})`;
}

function recordingsDue(db: Executor, cutoff: string, now: string) {
  return db
    .selectFrom('recordings as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .where(contactClosedBefore(cutoff, now))
    .where(notPurged('recording', 'r.id'));
}
export async function countRecordingsDue(db: Executor, cutoff: string, now: string) {
  const row = await recordingsDue(db, cutoff, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
export async function recordingsDueBatch(db: Executor, cutoff: string, now: string, afterId: number, limit: number) {
  return recordingsDue(db, cutoff, now)
    .select(['r.id', 'r.recording_sid', 'r.contact_id'])
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .limit(limit)
    .execute();
}
export async function clearRecordingUrl(db: Executor, ids: number[], at: string) {
  if (ids.length)
    await db.updateTable('recordings').set({ url: null, updated_at: at }).where('id', 'in', ids).execute();
}

function transcriptionsDue(db: Executor, cutoff: string, now: string) {
  return db
    .selectFrom('recordings as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .where('r.transcription_text', 'is not', null)
    .where(contactClosedBefore(cutoff, now));
}
export async function countTranscriptionsDue(db: Executor, cutoff: string, now: string) {
  const row = await transcriptionsDue(db, cutoff, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
export async function transcriptionsDueBatch(
  db: Executor,
  cutoff: string,
  now: string,
  afterId: number,
  limit: number,
) {
  return transcriptionsDue(db, cutoff, now)
    .select(['r.id', 'r.contact_id', 'r.transcription_text'])
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .limit(limit)
    .execute();
}
export async function clearTranscription(db: Executor, id: number, at: string) {
  await db.updateTable('recordings').set({ transcription_text: null, updated_at: at }).where('id', '=', id).execute();
}

function mailDue(db: Executor, cutoff: string, now: string) {
  return db
    .selectFrom('mail_messages as m')
    .innerJoin('contacts as c', 'c.id', 'm.contact_id')
    .where(contactClosedBefore(cutoff, now))
    .where(notPurged('mail', 'm.id'));
}
export async function countMailDue(db: Executor, cutoff: string, now: string) {
  const row = await mailDue(db, cutoff, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
export async function mailDueBatch(db: Executor, cutoff: string, now: string, afterId: number, limit: number) {
  return mailDue(db, cutoff, now)
    .select(['m.id', 'm.contact_id', 'm.subject', 'm.text_body', 'm.source_file'])
    .where('m.id', '>', afterId)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}
export async function attachmentFilesOf(db: Executor, messageIds: number[]) {
  if (!messageIds.length) return [];
  return db
    .selectFrom('mail_attachments')
    .select(['id', 'sha256'])
    .where('message_id', 'in', messageIds)
    .where('sha256', 'is not', null)
    .execute();
}
/** Blanks a message's body (its headers, direction, times and contact stay) and its attachments' names. */
export async function blankMessages(db: Executor, ids: number[]) {
  if (!ids.length) return;
  await db
    .updateTable('mail_messages')
    .set({ text_body: '', html_safe: null, source_file: null })
    .where('id', 'in', ids)
    .execute();
  await db.updateTable('mail_attachments').set({ filename_enc: null }).where('message_id', 'in', ids).execute();
}
/** Whether a stored file is still used by a message not purged (files are stored once however often they came). */
export async function fileStillUsed(db: Executor, name: string) {
  const att = await db
    .selectFrom('mail_attachments as a')
    .select('a.id')
    .where('a.sha256', '=', name)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('retention_purged as p')
            .select('p.item_id')
            .where('p.kind', '=', 'mail')
            .whereRef('p.item_id', '=', 'a.message_id'),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  if (att) return true;
  const src = await db
    .selectFrom('mail_messages')
    .select('id')
    .where('source_file', '=', name)
    .limit(1)
    .executeTakeFirst();
  return !!src;
}

/**
 * Registrations closed before the cutoff. A care case closed with a date (issue 26) counts from that date: due once
 * it lies before the cutoff's day, whatever changed or runs on after it. A registration without one is closed by
 * inference: not changed since the cutoff, every linked contact resolved before it, and no reflection period,
 * permit or shelter stay running within it.
 */
function registrationsDue(db: Executor, cutoff: string, cutoffDay: string, reflectionDay: string) {
  return db
    .selectFrom('registrations as g')
    .leftJoin('care_cases as k', 'k.registration_id', 'g.id')
    .where((eb) =>
      eb.or([
        eb.and([eb('k.closed_on', 'is not', null), eb('k.closed_on', '<', cutoffDay)]),
        eb.and([
          eb('k.closed_on', 'is', null),
          eb('g.updated_at', '<', cutoff),
          eb.or([eb('g.shelter_ends_on', 'is', null), eb('g.shelter_ends_on', '<', cutoffDay)]),
          eb.or([eb('g.permit_expires_on', 'is', null), eb('g.permit_expires_on', '<', cutoffDay)]),
          eb.or([eb('g.reflection_start', 'is', null), eb('g.reflection_start', '<', reflectionDay)]),
          eb.not(
            eb.exists(
              eb
                .selectFrom('registration_contacts as rc')
                .innerJoin('contacts as c', 'c.id', 'rc.contact_id')
                .select('rc.contact_id')
                .whereRef('rc.registration_id', '=', 'g.id')
                .where((e2) => e2.or([e2('c.status', '<>', 'resolved'), e2('c.updated_at', '>=', cutoff)])),
            ),
          ),
        ]),
      ]),
    )
    .where(notPurged('registration', 'g.id'));
}
export async function countRegistrationsDue(db: Executor, cutoff: string, cutoffDay: string, reflectionDay: string) {
  const row = await registrationsDue(db, cutoff, cutoffDay, reflectionDay)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
export async function registrationsDueBatch(
  db: Executor,
  cutoff: string,
  cutoffDay: string,
  reflectionDay: string,
  afterId: number,
  limit: number,
) {
  return registrationsDue(db, cutoff, cutoffDay, reflectionDay)
    .select('g.id')
    .where('g.id', '>', afterId)
    .orderBy('g.id')
    .limit(limit)
    .execute();
}
/** Blanks the identifying fields and their hashes; every fact the statistics count stays. */
export async function blankIdentifiers(db: Executor, ids: number[]) {
  if (!ids.length) return;
  await db
    .updateTable('registrations')
    .set({
      name_enc: null,
      dob_enc: null,
      phone_enc: null,
      email_enc: null,
      vnumber_enc: null,
      name_year_hash: null,
      phone_hash: null,
      notes: '',
      reflection_override_reason: null, // free text, like the notes
    })
    .where('id', 'in', ids)
    .execute();
}

export async function countAuditDue(db: Executor, cutoff: string) {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '<', cutoff)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
/**
 * Deletes up to `limit` audit rows older than the cutoff (through the gate of migration 0016) from the start of the
 * log only: the chain (src/audit/audit-chain.ts) stays whole when what is removed is its beginning, so the purge
 * stops at the first row in id order that is not older, even if older ones follow (they go once it is). Returns
 * how many, and the last deleted row's id and hash, for the checkpoint.
 */
export async function deleteAuditBatch(db: Executor, cutoff: string, limit: number) {
  const head = await db.selectFrom('audit_log').select(['id', 'at', 'hash']).orderBy('id').limit(limit).execute();
  const stop = head.findIndex((r) => r.at >= cutoff);
  const gone = stop === -1 ? head : head.slice(0, stop);
  const last = gone.at(-1);
  if (!last) return { count: 0, last: null };
  await db.updateTable('retention_audit_gate').set({ cutoff }).where('id', '=', 1).execute();
  await db.deleteFrom('audit_log').where('id', '>=', gone[0]!.id).where('id', '<=', last.id).execute();
  await db.updateTable('retention_audit_gate').set({ cutoff: null }).where('id', '=', 1).execute();
  return { count: gone.length, last: { id: Number(last.id), hash: last.hash } };
}

/**
 * Resolved contacts whose own identifiers are due: closed before the cutoff (as for mail), or linked to a
 * registration whose identifiers were purged already (the same person's name stays on no contact it came from).
 * A contact purged before is due again only when it changed since (reopened, given a new number, closed again).
 */
function contactsDue(db: Executor, cutoff: string, now: string) {
  return db
    .selectFrom('contacts as c')
    .where((eb) =>
      eb.or([
        contactClosedBefore(cutoff, now),
        eb.and([
          sql<boolean>`c.status = 'resolved'`,
          sql<boolean>`not exists (select 1 from review_items ri where ri.contact_id = c.id and ri.held_until > ${now})`,
          sql<boolean>`not exists (select 1 from mail_outbox o where o.contact_id = c.id and o.status in ('queued', 'sending'))`,
          sql<boolean>`exists (select 1 from registration_contacts rc inner join retention_purged rp
            on rp.kind = 'registration' and rp.item_id = rc.registration_id where rc.contact_id = c.id)`,
        ]),
      ]),
    )
    .where(
      sql<boolean>`not exists (select 1 from retention_purged p where p.kind = 'contact' and p.item_id = c.id and p.purged_at >= c.updated_at)`,
    );
}
export async function countContactsDue(db: Executor, cutoff: string, now: string) {
  const row = await contactsDue(db, cutoff, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
export async function contactsDueBatch(db: Executor, cutoff: string, now: string, afterId: number, limit: number) {
  return contactsDue(db, cutoff, now).select('c.id').where('c.id', '>', afterId).orderBy('c.id').limit(limit).execute();
}

/** Blanks the subject and the addresses of these contacts' messages (bodies are the mail kind's). */
export async function blankMailHeaders(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return;
  await db
    .updateTable('mail_messages')
    .set({
      subject: '',
      from_enc: null,
      from_name_enc: null,
      from_hash: null,
      from_mask: null,
      to_enc: null,
      cc_enc: null,
    })
    .where('contact_id', 'in', contactIds)
    .execute();
  await db.deleteFrom('mail_participants').where('contact_id', 'in', contactIds).execute();
  // A delivery error may quote the recipient's address.
  await db
    .updateTable('mail_outbox')
    .set({ last_error: null })
    .where('contact_id', 'in', contactIds)
    .where('last_error', 'is not', null)
    .execute();
}

/** Drops the caller's number (its keyed hash) from these contacts' calls, and any unsaved draft on them. */
export async function blankCallsAndDrafts(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return;
  await db.updateTable('calls').set({ from_hash: null }).where('contact_id', 'in', contactIds).execute();
  await db
    .deleteFrom('drafts')
    .where(
      'contact_key',
      'in',
      contactIds.map((id) => String(id)),
    )
    .execute();
}

/** Marks items purged now, also when they were purged before (a contact purged again after it changed). */
export async function markPurgedNow(
  db: Executor,
  kind: RetentionPurgedTable['kind'],
  ids: number[],
  at: string,
  runId: number,
) {
  if (!ids.length) return;
  await db
    .insertInto('retention_purged')
    .values(ids.map((item_id) => ({ kind, item_id, purged_at: at, run_id: runId })))
    .onConflict((oc) => oc.columns(['kind', 'item_id']).doUpdateSet({ purged_at: at, run_id: runId }))
    .execute();
}

/** The senders acknowledged before the cutoff (a keyed hash each; the 24-hour limit needs none that old). */
export async function forgetAcknowledgedSenders(db: Executor, cutoff: string) {
  await db.deleteFrom('mail_ack_log').where('last_at', '<', cutoff).execute();
}

/** Purge runs recorded per status (for /metrics). */
export async function runCounts(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('retention_runs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
