import type { Deps } from '../deps.js';
export { nameHash } from './party-name.js';
import { changeContact, changeContactIn, contactLockKey, type Actor } from './contact-change.service.js';
import { serializeOn } from '../db/locks.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { AppError } from '../shared/app-error.js';
import {
  anyContact,
  contactExists as contactExistsIn,
  insertSearchText,
  insertContact,
  setContactReference,
  findContact,
  listAssignableUsers,
  listEventsSince,
  findContactForChange,
  listEvents,
  listTopics,
  listInbox,
  countOpenByQueue,
  lastContactId,
  replaceTopics,
  type InboxCursor,
  type InboxFilter,
} from './contacts.queries.js';
import type { Channel, Direction, Priority, Queue, Status } from './contacts.table.js';
import { toSearch } from './inbox-search.js';
import { addEventIn, addTextIn } from './contact-text.service.js';
import type { ContactText } from './contacts.plugin.js';
import { nameHash } from './party-name.js';
import { dueAt } from './sla.js';

import type { ContactChange } from './contact-change.service.js';
export type { Actor, ContactChange } from './contact-change.service.js';
export { changeContact, changeContactIn, VERSION_CONFLICT } from './contact-change.service.js';
export { assertContactVisible } from './contact-access.js';
export { cursorAfter } from './contacts.queries.js';

/** True when a contact with this id exists (the presence of an agent on a contact is only kept for real ones). */
export async function contactExists(deps: Deps, id: number): Promise<boolean> {
  return contactExistsIn(deps.db, id);
}

/** Active users, for the assignee pickers and filters. */
export async function assignableUsers(deps: Deps) {
  return listAssignableUsers(deps.db);
}

/** The timeline events after a version, shown beside a form refused as stale (409). */
export async function eventsSince(deps: Deps, contactId: number, version: number) {
  return listEventsSince(deps.db, contactId, version);
}

/** A contact's row as its channel panels read it, or undefined when there is none. */
export async function getContact(deps: Deps, id: number) {
  return findContact(deps.db, id);
}

/** True when the desk has any contact at all (demo data only fills an empty desk). */
export async function hasContacts(deps: Deps): Promise<boolean> {
  return anyContact(deps.db);
}

export interface NewContact {
  channel: Channel;
  /** The agent whose call simulation made this contact (development tools): marked, and counted in no figure. */
  simulatedBy?: number | null;
  direction?: Direction;
  startedAt?: string;
  endedAt?: string | null;
  party?: {
    name?: string | null;
    org?: string | null;
    type?: string | null;
    phone?: string | null;
    email?: string | null;
  };
  language?: string | null;
  subject?: string;
  topic?: string | null;
  /** Topic codes (contact_topics); the first is kept in contacts.topic unless `topic` is given. */
  topics?: string[];
  notes?: string | null;
  /** Searchable text that is not a note (e.g. the body of the email that started the contact). */
  searchText?: string;
  queue?: Queue;
  status?: Status;
  priority?: Priority;
  assigneeId?: number | null;
  dueAt?: string | null;
  safe?: {
    mayCallBack?: boolean | null;
    mayLeaveVoicemail?: boolean | null;
    mayEmail?: boolean | null;
    viaProfessionalOnly?: boolean | null;
  };
  /** Extra data recorded on the `created` event (e.g. a CallSid); never personal data. */
  eventData?: Record<string, unknown>;
  /** The mail intake's sender verification mark (src/email/inbound/sender-auth.ts). */
  senderAuth?: string | null;
  /**
   * The subject and notes are words to react to (a contact logged by hand): the hooks may amend the contact
   * before it is created (routing: born routed) and get its words once it is (contacts.plugin.ts).
   */
  words?: Pick<ContactText, 'source' | 'keepQueue' | 'hint'>;
}

const flag = (v: boolean | null | undefined) => (v === undefined || v === null ? null : v ? 1 : 0);

/** The readable reference of a contact: HD-<year>-<id, six digits>. */
const contactReference = (id: number, startedAt: string) =>
  `HD-${startedAt.slice(0, 4)}-${String(id).padStart(6, '0')}`;

/**
 * Creates a contact inside an open transaction: encrypts the party's identifying fields, records whether it
 * came in during office hours, writes its first events, its searchable text and the audit entry.
 * Phone and mail ingestion call this too, inside their own transactions.
 */
export async function createContactIn(
  deps: Deps,
  trx: Trx,
  given: NewContact,
  actor: Actor,
): Promise<{ id: number; reference: string }> {
  const now = deps.clock().toISOString();
  const words = given.words && {
    ...given.words,
    subject: given.subject?.trim() ?? '',
    body: given.notes?.trim() ?? '',
    actor: { id: actor.id },
  };
  const input = words ? deps.contactPlugins.prepareNew(given, words) : given;
  const startedAt = input.startedAt ?? now;
  const phone = normalisePhone(input.party?.phone);
  const email = normaliseEmail(input.party?.email);
  const inHours = deps.officeHours.isOpen(new Date(startedAt));
  const status = input.status ?? 'new';
  const due =
    input.dueAt !== undefined
      ? input.dueAt
      : status === 'resolved'
        ? null
        : dueAt(input.queue ?? 'general', new Date(startedAt), (t, h) =>
            deps.officeHours.addWorkingHours(t, h),
          ).toISOString();
  // The database chooses the id (its own sequence); the reference, made of the id, is set in the same transaction.
  const row = {
    channel: input.channel,
    direction: input.direction ?? 'in',
    started_at: startedAt,
    ended_at: input.endedAt ?? null,
    in_office_hours: inHours ? 1 : 0,
    party_name_enc: deps.crypto.encrypt(input.party?.name?.trim() || null),
    party_name_hash: nameHash(deps, input.party?.name),
    party_org: input.party?.org?.trim() || null,
    party_type: input.party?.type || null,
    party_phone_enc: deps.crypto.encrypt(phone),
    party_phone_hash: phone ? deps.crypto.hash('phone', phone) : null,
    party_phone_mask: phone ? maskPhone(phone) : null,
    party_email_enc: deps.crypto.encrypt(email),
    party_email_hash: email ? deps.crypto.hash('email', email) : null,
    party_email_mask: email ? maskEmail(email) : null,
    language: input.language || null,
    subject: input.subject?.trim() ?? '',
    topic: input.topic ?? input.topics?.[0] ?? null,
    queue: input.queue ?? 'general',
    status,
    priority: input.priority ?? 'normal',
    assignee_id: input.assigneeId ?? null,
    due_at: due,
    may_call_back: flag(input.safe?.mayCallBack),
    may_leave_voicemail: flag(input.safe?.mayLeaveVoicemail),
    may_email: flag(input.safe?.mayEmail),
    via_professional_only: flag(input.safe?.viaProfessionalOnly),
    created_by: actor.id ?? input.simulatedBy ?? null,
    sender_auth: input.senderAuth ?? null,
    ...(input.simulatedBy ? { simulated_by: input.simulatedBy } : {}),
    created_at: now,
    updated_at: now,
  };
  const id = await insertContact(trx, row);
  await deps.contactPlugins.run('afterWrite', trx, { contactId: id, columns: Object.keys(row), created: true });
  const reference = contactReference(id, startedAt);
  await setContactReference(trx, id, reference);
  if (input.topics?.length) await replaceTopics(trx, id, [...new Set(input.topics)]);
  await addEventIn(deps, trx, {
    contactId: id,
    at: now,
    actorId: actor.id,
    kind: 'created',
    data: { channel: input.channel, queue: input.queue ?? 'general', ...input.eventData },
  });
  const notes = input.notes?.trim();
  if (notes)
    await addEventIn(deps, trx, { contactId: id, at: now, actorId: actor.id, kind: 'note', data: { body: notes } });
  await insertSearchText(
    trx,
    id,
    input.subject?.trim() ?? '',
    [notes, input.searchText, input.party?.org?.trim()].filter(Boolean).join('\n'),
  );
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'contact.create',
    subjectType: 'contact',
    subjectId: id,
    ip: actor.ip,
    details: { channel: input.channel },
  });
  // Its words were made searchable above; the hooks react to them in this transaction.
  if (words) await addTextIn(deps, trx, { ...words, contactId: id }, null);
  return { id, reference };
}

/** Logs a new contact in its own transaction and tells open browsers about it. */
export async function createContact(deps: Deps, input: NewContact, actor: Actor) {
  const created = await deps.db.transaction().execute((trx) => createContactIn(deps, trx, input, actor));
  deps.events.publish({ type: 'contact.created', data: { id: created.id } });
  return created;
}

/** Adds a note to a contact's timeline and search text; a note never conflicts, so it carries no version. */
export async function addNote(deps: Deps, contactId: number, body: string, actor: Actor): Promise<void> {
  await changeContact(deps, contactId, {}, actor, { note: body });
}

export const CALLBACK_OUTCOMES = ['reached', 'no-answer', 'voicemail'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/**
 * Logs a callback to the party (with the agent's note, if any), refusing what the safe-contact flags forbid:
 * no callback when the party may not be called back, no voicemail when none may be left (422, nothing saved).
 * Like a note it changes no field, so it carries no version.
 */
export async function logCallback(
  deps: Deps,
  contactId: number,
  outcome: CallbackOutcome,
  note: string,
  actor: Actor,
  /** The rest of the form, saved with the callback (one save loses nothing); checked against the version. */
  rest: { change?: ContactChange; expectedVersion?: number } = {},
): Promise<void> {
  const { version } = await deps.db.transaction().execute(async (trx) => {
    const c = await findContactForChange(trx, contactId);
    if (!c) throw new AppError('contact_not_found', 'Not found');
    if (c.may_call_back === 0) throw new AppError('may_not_call_back', 'The party may not be called back');
    if (outcome === 'voicemail' && c.may_leave_voicemail === 0)
      throw new AppError('may_not_leave_voicemail', 'No voicemail may be left for the party');
    return changeContactIn(deps, trx, contactId, rest.change ?? {}, actor, {
      expectedVersion: rest.expectedVersion,
      note,
      noteSource: 'callback',
      events: [{ kind: 'callback', data: { outcome } }],
      auditAction: 'contact.callback',
      auditDetails: { outcome },
    });
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId, version } });
}

/**
 * Audits that an agent was shown a contact (its page, or its thread in the answer to an action): every read of
 * personal data is in the audit log. `via` names the way it was reached when that was not the page itself.
 */
export async function auditContactView(deps: Deps, contactId: number, actor: Actor, via?: string): Promise<void> {
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'contact.view',
    subjectType: 'contact',
    subjectId: contactId,
    ip: actor.ip,
    ...(via ? { details: { via } } : {}),
  });
}

/** A contact as an agent sees it: identifying fields decrypted. The view is audited. */
export async function viewContact(deps: Deps, contactId: number, actor: Actor) {
  const row = await findContact(deps.db, contactId);
  if (!row) throw new AppError('contact_not_found', 'Not found');
  const [events, topics] = await Promise.all([
    listEvents(deps.db, contactId),
    listTopics(deps.db, contactId),
    auditContactView(deps, contactId, actor),
  ]);
  return {
    contact: row,
    party: {
      name: deps.crypto.decrypt(row.party_name_enc),
      phone: deps.crypto.decrypt(row.party_phone_enc),
      email: deps.crypto.decrypt(row.party_email_enc),
      org: row.party_org,
      type: row.party_type,
    },
    topics,
    events,
  };
}
export type ContactView = Awaited<ReturnType<typeof viewContact>>;

export interface InboxQuery {
  q?: string;
  queue?: Queue;
  /** Empty: open contacts (every status but resolved) when browsing; every status in a search or the spam list. */
  status?: Status | 'active' | 'all';
  channel?: Channel;
  assignee?: number | 'me' | 'none';
  overdue?: boolean;
  afterHours?: boolean;
  before?: InboxCursor;
  spam?: boolean;
  /** A topic code (docs/contract.md `?topic=`) and urgent contacts only (`?urgent=1`). */
  topic?: string;
  urgent?: boolean;
}

type SearchKind = 'text' | 'phone' | 'email' | 'reference' | 'name';

/** The inbox's query as a filter for the queries module: what it finds, and in which order. */
function inboxFilter(deps: Deps, query: InboxQuery, userId: number, limit: number) {
  const s = toSearch(query.q);
  const f: InboxFilter = {
    limit,
    queue: query.queue,
    channel: query.channel,
    afterHours: query.afterHours,
    spam: query.spam,
    topic: query.topic,
    urgent: query.urgent,
    // Open work by urgency; a search, and the resolved ones, newest first (urgency means nothing there).
    order: s || query.status === 'resolved' || query.status === 'all' ? 'newest' : 'urgency',
  };
  // Browsing shows open contacts; a search, or the spam list (spam is resolved when marked), every status.
  if (query.status === 'active' || (!query.status && !s && !query.spam)) f.openOnly = true;
  else if (query.status && query.status !== 'all') f.status = query.status;
  if (query.assignee === 'me') f.assigneeId = userId;
  else if (query.assignee === 'none') f.unassigned = true;
  else if (typeof query.assignee === 'number') f.assigneeId = query.assignee;
  if (query.overdue) f.overdueAt = deps.clock().toISOString();
  if (s?.kind === 'reference') f.reference = s.value;
  else if (s?.kind === 'phone') f.phoneHash = deps.crypto.hash('phone', s.value);
  else if (s?.kind === 'email') f.emailHash = deps.crypto.hash('email', s.value);
  return { f, s };
}

/**
 * Lists the inbox for a user: open contacts by urgency and due time, or with `q` read as reference, phone,
 * email, a party's exact name or words (newest first). Every search is audited with its kind, never its text
 * (it may be a phone number or a name).
 */
export async function listContacts(deps: Deps, query: InboxQuery, actor: Actor & { id: number }, limit = 50) {
  const { f, s } = inboxFilter(deps, { ...query, before: undefined }, actor.id, limit);
  const c = query.before;
  if (c) f.before = f.order === 'urgency' ? c : { id: c.id };
  let kind: SearchKind | null = s?.kind ?? null;
  let rows: Awaited<ReturnType<typeof listInbox>>;
  if (s?.kind === 'text') {
    // A party's name, exactly (by its keyed hash), comes first on the first page; then the words.
    const hash = nameHash(deps, query.q);
    const byName = hash && !c ? await listInbox(deps.db, { ...f, nameHash: hash, before: undefined }) : [];
    const exact = await listInbox(deps.db, { ...f, match: s.value });
    const begun = exact.length ? exact : await listInbox(deps.db, { ...f, match: s.prefix });
    // Last, other forms of the words (Dutch and English stems: `slachtoffers` finds `slachtoffer`); PostgreSQL
    // only — on SQLite this step finds nothing (src/db/contact-search.ts).
    const words = begun.length ? begun : await listInbox(deps.db, { ...f, match: s.value, wordForms: true });
    const seen = new Set(byName.map((r) => r.id));
    rows = [...byName, ...words.filter((r) => !seen.has(r.id))].slice(0, Math.max(limit, byName.length));
    if (byName.length) kind = 'name';
  } else rows = await listInbox(deps.db, f);
  if (kind)
    await writeAudit(deps.db, {
      at: deps.clock().toISOString(),
      actorId: actor.id,
      action: 'contact.search',
      subjectType: 'contact',
      ip: actor.ip,
      details: { kind, results: rows.length, page: c ? 'next' : 'first' },
    });
  return { rows, order: f.order ?? 'urgency' };
}

/** How many contacts matching the inbox's filters were logged after `afterId` (at most 100): "3 new — show". */
export async function countNewContacts(deps: Deps, query: InboxQuery, userId: number, afterId: number) {
  const { f, s } = inboxFilter(deps, { ...query, before: undefined }, userId, 100);
  f.afterId = afterId;
  f.order = 'newest';
  if (s?.kind === 'text') f.match = s.value;
  return (await listInbox(deps.db, f)).length;
}

// Counting the open contacts of every queue walks an index of all open contacts (some 25 ms at a million):
// the counts are kept until a contact is created or changed, or for 30 seconds at most. While contacts pour in
// (a flood of calls and mail changes one every few milliseconds) a count that took long is not redone sooner
// than 20 times its own duration (at most a second): the tabs lag by under a second, and counting never takes
// more than a twentieth of the server's time. A count under 5 ms (a small desk, the tests) is always fresh.
/** Whether queue counts made at `at` (taking `tookMs`, `stale` since a contact changed) must be made again at `now`. */
export function mustRecount(c: { at: number; tookMs: number; stale: boolean }, now: number): boolean {
  const age = now - c.at;
  if (age > 30_000 || age < 0) return true;
  if (!c.stale) return false;
  return !(c.tookMs >= 5 && age < Math.min(1000, c.tookMs * 20));
}

const queueCounts = new WeakMap<
  Deps['events'],
  { at: number; tookMs: number; stale: boolean; counts: Promise<Partial<Record<Queue, number>>> | null }
>();
function cachedQueueCounts(deps: Deps) {
  let entry = queueCounts.get(deps.events);
  if (!entry) {
    const fresh = {
      at: 0,
      tookMs: 0,
      stale: false,
      counts: null as Promise<Partial<Record<Queue, number>>> | null,
    };
    deps.events.subscribe((e) => {
      if (e.type.startsWith('contact.') || e.type === 'call.incoming') fresh.stale = true;
    });
    queueCounts.set(deps.events, fresh);
    entry = fresh;
  }
  const now = deps.clock().getTime();
  if (!entry.counts || mustRecount(entry, now)) {
    entry.at = now;
    entry.stale = false;
    const e = entry;
    const t0 = performance.now();
    e.counts = countOpenByQueue(deps.db).then(
      (counts) => {
        e.tookMs = performance.now() - t0;
        return counts;
      },
      (err: unknown) => {
        e.counts = null;
        throw err;
      },
    );
    return e.counts;
  }
  return entry.counts;
}

/** Open contacts per queue, and the highest contact id (what the inbox counts "new" after). */
export async function inboxOverview(deps: Deps) {
  const [perQueue, lastId] = await Promise.all([cachedQueueCounts(deps), lastContactId(deps.db)]);
  return { perQueue, lastId };
}

/**
 * "Take this call": assigns the contact to the agent through the contacts' one change function unless someone
 * else already has it, then tells every open screen pop who took it. The check and the change are one
 * transaction, so two agents pressing at once never both get it.
 */
export async function takeContact(deps: Deps, contactId: number, actor: Actor & { id: number }) {
  const result = await deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, contactLockKey(contactId));
    const c = await findContact(trx, contactId);
    if (!c) throw new AppError('contact_not_found', 'Not found');
    if (c.assignee_id !== null && c.assignee_id !== actor.id)
      return { taken: false as const, byId: c.assignee_id, byName: c.assignee_name ?? '', changed: false };
    const changed = c.assignee_id !== actor.id;
    const version = changed
      ? (await changeContactIn(deps, trx, contactId, { assigneeId: actor.id }, actor)).version
      : undefined;
    const me = await findContact(trx, contactId);
    return { taken: true as const, byId: actor.id, byName: me?.assignee_name ?? '', changed, version };
  });
  if (result.changed)
    deps.events.publish({ type: 'contact.updated', data: { id: contactId, version: result.version } });
  if (result.taken)
    deps.events.publish({
      type: 'contact.taken',
      roles: ['agent', 'supervisor', 'legal'],
      data: { contactId, byId: result.byId, byName: result.byName },
    });
  const { changed: _changed, version: _version, ...answer } = result;
  return answer;
}
