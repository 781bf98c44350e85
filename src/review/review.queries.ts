import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { ReviewItemTable } from './review.table.js';

/**
 * What makes a contact an after-hours review item: it came in while the desk was closed, by voicemail, mail or
 * a call nobody answered, and is still open, not spam, not a mistake and not decided.
 */
const isWaitingItem = (eb: ExpressionBuilder<DB, 'contacts' | 'review_items'>) =>
  eb.and([
    eb('contacts.in_office_hours', '=', 0),
    eb('contacts.direction', '=', 'in'),
    eb.or([
      eb('contacts.channel', 'in', ['voicemail', 'email']),
      eb.and([eb('contacts.channel', '=', 'phone'), eb('contacts.call_outcome', '=', 'missed')]),
    ]),
    eb('contacts.status', '<>', 'resolved'),
    eb('contacts.spam_at', 'is', null),
    eb('contacts.mistaken_at', 'is', null),
    eb('review_items.decided_at', 'is', null),
  ]);

const itemColumns = [
  'contacts.id',
  'contacts.reference',
  'contacts.channel',
  'contacts.started_at',
  'contacts.subject',
  'contacts.priority',
  'contacts.queue',
  'contacts.party_phone_mask',
  'contacts.party_email_mask',
  'contacts.party_phone_hash',
  'contacts.party_email_hash',
  'contacts.may_call_back',
  'contacts.may_leave_voicemail',
  'contacts.may_email',
  'contacts.via_professional_only',
  'contacts.simulated_by',
  'contact_routing.urgent',
  'contact_routing.minor',
  'review_items.held_by',
  'review_items.held_until',
  'review_items.recording_gone_at',
  'holder.name as holder_name',
] as const;

/** Every waiting after-hours item with its routing flags and hold (the service orders them). */
export async function listWaitingItems(db: Executor, limit = 1000) {
  return db
    .selectFrom('contacts')
    .leftJoin('review_items', 'review_items.contact_id', 'contacts.id')
    .leftJoin('contact_routing', 'contact_routing.contact_id', 'contacts.id')
    .leftJoin('users as holder', 'holder.id', 'review_items.held_by')
    .select(itemColumns)
    .select((eb) =>
      eb
        .selectFrom('contacts as earlier')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('earlier.id', '<>', 'contacts.id')
        .whereRef('earlier.started_at', '<', 'contacts.started_at')
        .where((w) =>
          w.or([
            w.and([
              w('contacts.party_phone_hash', 'is not', null),
              w('earlier.party_phone_hash', '=', w.ref('contacts.party_phone_hash')),
            ]),
            w.and([
              w('contacts.party_email_hash', 'is not', null),
              w('earlier.party_email_hash', '=', w.ref('contacts.party_email_hash')),
            ]),
          ]),
        )
        .as('earlier_count'),
    )
    .where(isWaitingItem)
    .orderBy('contacts.started_at')
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
}
export type WaitingItemRow = Awaited<ReturnType<typeof listWaitingItems>>[number];

/** One after-hours contact as a review item, decided or not; undefined when it is no review item at all. */
export async function findItem(db: Executor, contactId: number) {
  return db
    .selectFrom('contacts')
    .leftJoin('review_items', 'review_items.contact_id', 'contacts.id')
    .leftJoin('contact_routing', 'contact_routing.contact_id', 'contacts.id')
    .leftJoin('users as holder', 'holder.id', 'review_items.held_by')
    .select(itemColumns)
    .select(['review_items.decided_at', 'contacts.status', 'contacts.spam_at', 'contacts.mistaken_at'])
    .where('contacts.id', '=', contactId)
    .where('contacts.in_office_hours', '=', 0)
    .where('contacts.direction', '=', 'in')
    .where('contacts.channel', 'in', ['voicemail', 'email', 'phone'])
    .executeTakeFirst();
}

/** Whether a contact is a waiting item right now (in the caller's transaction). */
export async function isWaiting(db: Executor, contactId: number): Promise<boolean> {
  const row = await db
    .selectFrom('contacts')
    .leftJoin('review_items', 'review_items.contact_id', 'contacts.id')
    .select('contacts.id')
    .where('contacts.id', '=', contactId)
    .where(isWaitingItem)
    .executeTakeFirst();
  return !!row;
}

/** The review row of an item (none until it was first opened). */
export async function findReviewRow(db: Executor, contactId: number) {
  return db.selectFrom('review_items').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
}

/** Makes sure an item has its review row. */
export async function ensureReviewRow(db: Executor, contactId: number): Promise<void> {
  await db
    .insertInto('review_items')
    .values({ contact_id: contactId })
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .execute();
}

/**
 * Takes the hold for a user when nobody else holds it (or their hold expired): one conditional UPDATE, so two
 * agents opening the same item at once cannot both get it. True when the user holds it now.
 */
export async function takeHold(db: Executor, contactId: number, userId: number, until: string, now: string) {
  const r = await db
    .updateTable('review_items')
    .set({ held_by: userId, held_until: until })
    .where('contact_id', '=', contactId)
    .where('decided_at', 'is', null)
    .where((eb) => eb.or([eb('held_by', 'is', null), eb('held_by', '=', userId), eb('held_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the first review (time and agent) if it has none yet; true when it did. */
export async function markFirstReview(db: Executor, contactId: number, userId: number, at: string) {
  const r = await db
    .updateTable('review_items')
    .set({ first_reviewed_at: at, first_reviewed_by: userId })
    .where('contact_id', '=', contactId)
    .where('first_reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the decision and releases the hold; false when it was decided already (a double submit). */
export async function markDecided(
  db: Executor,
  contactId: number,
  d: Pick<
    ReviewItemTable,
    'decided_at' | 'decided_by' | 'decision' | 'reason' | 'callback_contact_id' | 'merged_into' | 'unplayable'
  >,
) {
  const r = await db
    .updateTable('review_items')
    .set({ ...d, held_by: null, held_until: null })
    .where('contact_id', '=', contactId)
    .where('decided_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks that Twilio no longer has the item's voicemail. */
export async function markRecordingGone(db: Executor, contactId: number, at: string) {
  await db
    .updateTable('review_items')
    .set({ recording_gone_at: at })
    .where('contact_id', '=', contactId)
    .where('recording_gone_at', 'is', null)
    .execute();
}

/** The voicemails of some contacts (newest first): id, duration, whether played, the stored transcription. */
export async function recordingsOf(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return [];
  return db
    .selectFrom('recordings')
    .select(['id', 'contact_id', 'duration', 'played_at', 'transcription_text'])
    .where('contact_id', 'in', contactIds)
    .orderBy('id', 'desc')
    .execute();
}

/** How long the calls of some contacts lasted (seconds, when known). */
export async function callDurationsOf(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return [];
  return db
    .selectFrom('calls')
    .select(['contact_id', 'duration'])
    .where('contact_id', 'in', contactIds)
    .orderBy('id')
    .execute();
}

/** The first incoming mail of some contacts: subject and text body. */
export async function firstMailsOf(db: Executor, contactIds: number[]) {
  if (!contactIds.length) return [];
  return db
    .selectFrom('mail_messages')
    .select(['contact_id', 'subject', 'text_body'])
    .where('contact_id', 'in', contactIds)
    .where('direction', '=', 'in')
    .where(
      'mail_messages.id',
      'in',
      db
        .selectFrom('mail_messages as m')
        .select((eb) => eb.fn.min('m.id').as('id'))
        .where('m.contact_id', 'in', contactIds)
        .where('m.direction', '=', 'in')
        .groupBy('m.contact_id'),
    )
    .execute();
}

/** Items first reviewed since an instant, for the supervisor's figures. */
export async function reviewedSince(db: Executor, since: string) {
  return db
    .selectFrom('review_items')
    .innerJoin('contacts', 'contacts.id', 'review_items.contact_id')
    .select(['contacts.channel', 'contacts.started_at', 'review_items.first_reviewed_at'])
    .where('review_items.first_reviewed_at', '>=', since)
    .where('contacts.simulated_by', 'is', null) // a simulated call counts in no figure
    .execute();
}

/** The newest other contact with this party's phone or email hash (merging by number or address). */
export async function latestContactByHash(db: Executor, by: 'phone' | 'email', hash: string, exceptId: number) {
  const row = await db
    .selectFrom('contacts')
    .select(['id'])
    .where(by === 'phone' ? 'party_phone_hash' : 'party_email_hash', '=', hash)
    .where('id', '<>', exceptId)
    .where('mistaken_at', 'is', null)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Lets go of the other items a user holds (an agent works one item at a time). */
export async function releaseOtherHolds(db: Executor, userId: number, keepContactId: number) {
  await db
    .updateTable('review_items')
    .set({ held_by: null, held_until: null })
    .where('held_by', '=', userId)
    .where('contact_id', '<>', keepContactId)
    .execute();
}

/** Earlier contacts of the same party (by the keyed hash of the number or address), newest first. */
export async function earlierContacts(
  db: Executor,
  c: { id: number; startedAt: string; phoneHash: string | null; emailHash: string | null },
  limit = 5,
) {
  if (!c.phoneHash && !c.emailHash) return [];
  return db
    .selectFrom('contacts')
    .select(['id', 'reference', 'channel', 'started_at', 'queue', 'status'])
    .where('id', '<>', c.id)
    .where('started_at', '<', c.startedAt)
    .where((eb) =>
      eb.or([
        ...(c.phoneHash ? [eb('party_phone_hash', '=', c.phoneHash)] : []),
        ...(c.emailHash ? [eb('party_email_hash', '=', c.emailHash)] : []),
      ]),
    )
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

/** How many after-hours items wait for review and when the oldest began (for /metrics). */
export async function waitingSummary(db: Executor): Promise<{ n: number; oldest: string | null }> {
  const r = await db
    .selectFrom('contacts')
    .leftJoin('review_items', 'review_items.contact_id', 'contacts.id')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('contacts.started_at').as('oldest')])
    .where(isWaitingItem)
    .executeTakeFirst();
  return { n: Number(r?.n ?? 0), oldest: (r?.oldest as string | null | undefined) ?? null };
}
