import type { Executor } from '../db/database.js';
import { compiled } from '../db/compiled.js';
import type { CallTable, RecordingTable } from './calls.table.js';

/** A call by Twilio's CallSid, with what the webhooks need of its contact (every webhook runs it: compiled once). */
const callBySid = compiled<{ callSid: string }>()((db, v) =>
  db
    .selectFrom('calls')
    .innerJoin('contacts', 'contacts.id', 'calls.contact_id')
    .select([
      'calls.id',
      'calls.call_sid',
      'calls.contact_id',
      'calls.from_hash',
      'calls.in_office_hours',
      'calls.menu_choice',
      'calls.status',
      'calls.dial_status',
      'calls.answered_at',
      'calls.answered_by',
      'calls.duration',
      'calls.started_at',
      'calls.ended_at',
      'contacts.reference',
      'contacts.queue',
      'contacts.topic',
      'contacts.status as contact_status',
      'contacts.priority',
      'contacts.channel',
      'contacts.party_phone_mask',
      'contacts.version',
    ])
    .where('calls.call_sid', '=', v('callSid')),
);
/** A call by Twilio's CallSid, with what the webhooks need of its contact. */
export async function findCallBySid(db: Executor, callSid: string) {
  const r = await callBySid.run(db, { callSid });
  return r.rows[0];
}
export type CallRow = NonNullable<Awaited<ReturnType<typeof findCallBySid>>>;

/** Inserts a call row (the contact exists already) and returns its id. */
export async function insertCall(
  db: Executor,
  row: Pick<
    CallTable,
    'call_sid' | 'contact_id' | 'from_hash' | 'in_office_hours' | 'status' | 'started_at' | 'created_at' | 'updated_at'
  >,
) {
  const r = await insertCallQuery.run(db, row);
  return r.rows[0]!.id;
}
const insertCallQuery = compiled<
  Pick<
    CallTable,
    'call_sid' | 'contact_id' | 'from_hash' | 'in_office_hours' | 'status' | 'started_at' | 'created_at' | 'updated_at'
  >
>()((db, v) =>
  db
    .insertInto('calls')
    .values({
      call_sid: v('call_sid'),
      contact_id: v('contact_id'),
      from_hash: v('from_hash'),
      in_office_hours: v('in_office_hours'),
      status: v('status'),
      started_at: v('started_at'),
      created_at: v('created_at'),
      updated_at: v('updated_at'),
    })
    .returning('id'),
);

/** Changes some columns of a call. */
export async function updateCall(
  db: Executor,
  callSid: string,
  set: Partial<
    Pick<CallTable, 'menu_choice' | 'status' | 'dial_status' | 'answered_at' | 'answered_by' | 'duration' | 'ended_at'>
  > & {
    updated_at: string;
  },
) {
  await db.updateTable('calls').set(set).where('call_sid', '=', callSid).execute();
}

/** The recordings (voicemails) of one call. */
export async function listRecordingsOfCall(db: Executor, callSid: string) {
  return db.selectFrom('recordings').select('id').where('call_sid', '=', callSid).execute();
}

/** The calls of a contact, oldest first (normally one). */
export async function listCallsOfContact(db: Executor, contactId: number) {
  return db.selectFrom('calls').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
}

/** Earlier contacts from the same number (by its keyed hash), newest first, for the screen pop. */
export async function listEarlierContacts(db: Executor, phoneHash: string, exceptContactId: number, limit = 5) {
  return (await earlierContacts.run(db, { phoneHash, exceptContactId, limit })).rows;
}
const earlierContacts = compiled<{ phoneHash: string; exceptContactId: number; limit: number }>()((db, v) =>
  db
    .selectFrom('contacts')
    .select(['id', 'reference', 'subject', 'started_at', 'channel', 'topic', 'call_outcome'])
    .where('party_phone_hash', '=', v('phoneHash'))
    .where('id', '<>', v('exceptContactId'))
    .orderBy('id', 'desc')
    .limit(v('limit')),
);

/**
 * The newest earlier contact from the same number that names its caller or their organisation (the name
 * encrypted), for the screen pop: an agent sees at once who is calling again.
 */
export async function findLastKnownCaller(db: Executor, phoneHash: string, exceptContactId: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'party_name_enc', 'party_org'])
    .where('party_phone_hash', '=', phoneHash)
    .where('id', '<>', exceptContactId)
    .where((eb) => eb.or([eb('party_name_enc', 'is not', null), eb('party_org', 'is not', null)]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The agent a contact is assigned to, by name (the pop says who took the call). */
export async function findAssigneeName(db: Executor, contactId: number) {
  const row = await db
    .selectFrom('contacts')
    .innerJoin('users', 'users.id', 'contacts.assignee_id')
    .select('users.name')
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The call that made a contact (a phone contact has one), by its contact, newest first. */
export async function findCallSidOfContact(db: Executor, contactId: number) {
  const row = await db
    .selectFrom('calls')
    .select('call_sid')
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.call_sid ?? null;
}

/** A recording by Twilio's RecordingSid. */
export async function findRecordingBySid(db: Executor, recordingSid: string) {
  return db.selectFrom('recordings').selectAll().where('recording_sid', '=', recordingSid).executeTakeFirst();
}

/** A recording by our id, for playback. */
export async function findRecording(db: Executor, id: number) {
  return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a recording row. */
export async function insertRecording(
  db: Executor,
  row: Pick<
    RecordingTable,
    'recording_sid' | 'call_sid' | 'contact_id' | 'url' | 'duration' | 'created_at' | 'updated_at'
  >,
) {
  const r = await db.insertInto('recordings').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Changes some columns of a recording. */
export async function updateRecording(
  db: Executor,
  id: number,
  set: Partial<
    Pick<
      RecordingTable,
      | 'url'
      | 'duration'
      | 'transcription_sid'
      | 'transcription_status'
      | 'transcription_text'
      | 'played_at'
      | 'played_by'
    >
  > & { updated_at: string },
) {
  await db.updateTable('recordings').set(set).where('id', '=', id).execute();
}

/** The recordings of a contact, oldest first. */
export async function listRecordingsOfContact(db: Executor, contactId: number) {
  return db.selectFrom('recordings').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
}

/** Transcriptions still stored in clear (written before they were encrypted), a batch at a time. */
export async function listClearTranscriptions(db: Executor, limit: number) {
  return db
    .selectFrom('recordings')
    .select(['id', 'transcription_text'])
    .where('transcription_text', 'is not', null)
    .where('transcription_text', 'not like', 'v1.%')
    .limit(limit)
    .execute();
}

/** Replaces a stored transcription (the encrypted form of the same text). */
export async function setTranscriptionText(db: Executor, id: number, value: string) {
  await db.updateTable('recordings').set({ transcription_text: value }).where('id', '=', id).execute();
}

/** Notes that the simulator is about to send this call, for this agent (development tools). */
export async function insertSimulatedCall(
  db: Executor,
  row: { call_sid: string; user_id: number; created_at: string },
) {
  await db.insertInto('simulated_calls').values(row).execute();
}

/** The agent who is simulating this call, or null for a real call. */
export async function simulatedCallBy(db: Executor, callSid: string): Promise<number | null> {
  const r = await db.selectFrom('simulated_calls').select('user_id').where('call_sid', '=', callSid).executeTakeFirst();
  return r?.user_id ?? null;
}

/** One agent's play of one voicemail (what reached them, whether it played to the end), if any. */
export async function findPlay(db: Executor, recordingId: number, userId: number) {
  return db
    .selectFrom('recording_plays')
    .selectAll()
    .where('recording_id', '=', recordingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Writes one agent's play of one voicemail (a row per recording and user). */
export async function savePlay(
  db: Executor,
  row: {
    recording_id: number;
    user_id: number;
    streamed_bytes: number;
    total_bytes: number | null;
    streamed_at: string | null;
    heard_at: string | null;
    failed_at: string | null;
  },
) {
  await db
    .insertInto('recording_plays')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['recording_id', 'user_id']).doUpdateSet({
        streamed_bytes: row.streamed_bytes,
        total_bytes: row.total_bytes,
        streamed_at: row.streamed_at,
        heard_at: row.heard_at,
        failed_at: row.failed_at,
      }),
    )
    .execute();
}

/** One agent's plays of some voicemails. */
export async function playsOf(db: Executor, recordingIds: number[], userId: number) {
  if (!recordingIds.length) return [];
  return db
    .selectFrom('recording_plays')
    .selectAll()
    .where('recording_id', 'in', recordingIds)
    .where('user_id', '=', userId)
    .execute();
}
