import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { AppError } from '../shared/app-error.js';
import {
  appendSearchText,
  insertSearchText,
  findContact,
  insertEvent,
  listEvents,
  listInbox,
  countOpenByQueue,
  lastContactId,
  type InboxCursor,
  type InboxFilter,
} from './contacts.queries.js';
import type { Channel, Direction, Priority, Queue, Status } from './contacts.table.js';
import { toSearch } from './inbox-search.js';
import { dueAt } from './sla.js';

export interface Actor {
  id: number | null;
  ip?: string | null;
}

export interface NewContact {
  channel: Channel;
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
}

const flag = (v: boolean | null | undefined) => (v === undefined || v === null ? null : v ? 1 : 0);

/** The readable reference of a contact: HD-<year>-<id, six digits>. */
export const contactReference = (id: number, startedAt: string) =>
  `HD-${startedAt.slice(0, 4)}-${String(id).padStart(6, '0')}`;

/**
 * A party's name as compared for an exact name search: accents, case, punctuation and word order do not count
 * ("Jänsen,  piet" is "piet jansen"). Null when nothing is left.
 */
export function normaliseName(name: string | null | undefined): string | null {
  const words = (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort();
  return words.length ? words.join(' ') : null;
}

/**
 * The keyed hash (HMAC) of a party's normalised name, stored as contacts.party_name_hash so the inbox finds a
 * name by exact match without decrypting anything. Whatever writes a contact's name must set it with this.
 */
export function nameHash(deps: Pick<Deps, 'crypto'>, name: string | null | undefined): string | null {
  const n = normaliseName(name);
  return n ? deps.crypto.hash('name', n) : null;
}

/**
 * Creates a contact inside an open transaction: encrypts the party's identifying fields, records whether it
 * came in during office hours, writes its first events, its searchable text and the audit entry.
 * Phone and mail ingestion call this too, inside their own transactions.
 */
export async function createContactIn(
  deps: Deps,
  trx: Trx,
  input: NewContact,
  actor: Actor,
): Promise<{ id: number; reference: string }> {
  const now = deps.clock().toISOString();
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
  // The id is chosen here (SQLite's own rule: one past the largest) so the reference goes in with the row.
  const next = await trx
    .selectFrom('contacts')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  const id = Number(next?.max ?? 0) + 1;
  const reference = contactReference(id, startedAt);
  await trx
    .insertInto('contacts')
    .values({
      id,
      reference,
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
      topic: input.topic ?? null,
      queue: input.queue ?? 'general',
      status,
      priority: input.priority ?? 'normal',
      assignee_id: input.assigneeId ?? null,
      due_at: due,
      may_call_back: flag(input.safe?.mayCallBack),
      may_leave_voicemail: flag(input.safe?.mayLeaveVoicemail),
      may_email: flag(input.safe?.mayEmail),
      via_professional_only: flag(input.safe?.viaProfessionalOnly),
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const row = { id };
  await insertEvent(trx, {
    contactId: row.id,
    at: now,
    actorId: actor.id,
    kind: 'created',
    data: { channel: input.channel, queue: input.queue ?? 'general', ...input.eventData },
  });
  const notes = input.notes?.trim();
  if (notes)
    await insertEvent(trx, { contactId: row.id, at: now, actorId: actor.id, kind: 'note', data: { body: notes } });
  await insertSearchText(
    trx,
    row.id,
    input.subject?.trim() ?? '',
    [notes, input.searchText, input.party?.org?.trim()].filter(Boolean).join('\n'),
  );
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'contact.create',
    subjectType: 'contact',
    subjectId: row.id,
    ip: actor.ip,
    details: { channel: input.channel },
  });
  return { id: row.id, reference };
}

/** Logs a new contact in its own transaction and tells open browsers about it. */
export async function createContact(deps: Deps, input: NewContact, actor: Actor) {
  const created = await deps.db.transaction().execute((trx) => createContactIn(deps, trx, input, actor));
  deps.events.publish({ type: 'contact.created', data: { id: created.id } });
  return created;
}

/** Adds a note to a contact's timeline and search text. */
export async function addNote(deps: Deps, contactId: number, body: string, actor: Actor): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const touched = await trx
      .updateTable('contacts')
      .set({ updated_at: now })
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!touched.numUpdatedRows) throw new AppError(404, 'contact_not_found', 'Not found');
    await insertEvent(trx, { contactId, at: now, actorId: actor.id, kind: 'note', data: { body } });
    await appendSearchText(trx, contactId, body);
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'contact.note',
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
    });
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
}

export interface ContactChanges {
  queue?: Queue;
  status?: Status;
  priority?: Priority;
  assigneeId?: number | null;
  topic?: string | null;
}

/**
 * Changes queue, status, priority, assignee or topic: one timeline event per field that really changed,
 * and one audit entry, all in one transaction. Returns the names of the fields that changed.
 */
export async function updateContact(
  deps: Deps,
  contactId: number,
  changes: ContactChanges,
  actor: Actor,
): Promise<string[]> {
  const now = deps.clock().toISOString();
  const changed = await deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('contacts')
      .select(['queue', 'status', 'priority', 'assignee_id', 'topic'])
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!c) throw new AppError(404, 'contact_not_found', 'Not found');
    const fields: string[] = [];
    const set: Record<string, unknown> = {};
    for (const [key, col] of [
      ['queue', 'queue'],
      ['status', 'status'],
      ['priority', 'priority'],
      ['topic', 'topic'],
    ] as const) {
      const to = changes[key];
      if (to !== undefined && to !== c[col]) {
        set[col] = to;
        fields.push(key);
        await insertEvent(trx, { contactId, at: now, actorId: actor.id, kind: key, data: { from: c[col], to } });
      }
    }
    if (changes.assigneeId !== undefined && changes.assigneeId !== c.assignee_id) {
      let toName: string | null = null;
      if (changes.assigneeId !== null) {
        const u = await trx
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', changes.assigneeId)
          .where('active', '=', 1)
          .executeTakeFirst();
        if (!u) throw new AppError(422, 'assignee_unknown', 'That user does not exist or is not active');
        toName = u.name;
      }
      set.assignee_id = changes.assigneeId;
      fields.push('assignee');
      await insertEvent(trx, {
        contactId,
        at: now,
        actorId: actor.id,
        kind: changes.assigneeId === null ? 'unassigned' : 'assigned',
        data: { from: c.assignee_id, to: changes.assigneeId, toName },
      });
    }
    if (fields.length === 0) return fields;
    if (c.status === 'new' && set.status === undefined && fields.includes('assignee')) {
      set.status = 'open';
    }
    await trx
      .updateTable('contacts')
      .set({ ...set, updated_at: now })
      .where('id', '=', contactId)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'contact.update',
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
      details: { fields },
    });
    return fields;
  });
  if (changed.length) deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
  return changed;
}

/** A contact as an agent sees it: identifying fields decrypted. The view is audited. */
export async function viewContact(deps: Deps, contactId: number, actor: Actor) {
  const row = await findContact(deps.db, contactId);
  if (!row) throw new AppError(404, 'contact_not_found', 'Not found');
  const events = await listEvents(deps.db, contactId);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'contact.view',
    subjectType: 'contact',
    subjectId: contactId,
    ip: actor.ip,
  });
  return {
    contact: row,
    party: {
      name: deps.crypto.decrypt(row.party_name_enc),
      phone: deps.crypto.decrypt(row.party_phone_enc),
      email: deps.crypto.decrypt(row.party_email_enc),
      org: row.party_org,
      type: row.party_type,
    },
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
    const words = exact.length ? exact : await listInbox(deps.db, { ...f, match: s.prefix });
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

// Counting the open contacts of every queue walks an index of all open contacts (some 20 ms at a million):
// the counts are kept until a contact is created or changed, or for 30 seconds at most.
const queueCounts = new WeakMap<
  Deps['events'],
  { at: number; counts: Promise<Partial<Record<Queue, number>>> | null }
>();
function cachedQueueCounts(deps: Deps) {
  let entry = queueCounts.get(deps.events);
  if (!entry) {
    const fresh = { at: 0, counts: null as Promise<Partial<Record<Queue, number>>> | null };
    deps.events.subscribe((e) => {
      if (e.type.startsWith('contact.') || e.type === 'call.incoming') fresh.counts = null;
    });
    queueCounts.set(deps.events, fresh);
    entry = fresh;
  }
  const now = deps.clock().getTime();
  if (!entry.counts || now - entry.at > 30_000 || now < entry.at) {
    entry.at = now;
    const e = entry;
    e.counts = countOpenByQueue(deps.db).catch((err: unknown) => {
      e.counts = null;
      throw err;
    });
    return e.counts;
  }
  return entry.counts;
}

/** Open contacts per queue, and the highest contact id (what the inbox counts "new" after). */
export async function inboxOverview(deps: Deps) {
  const [perQueue, lastId] = await Promise.all([cachedQueueCounts(deps), lastContactId(deps.db)]);
  return { perQueue, lastId };
}

const taking = new Map<number, Promise<unknown>>();

/**
 * "Take this call": assigns the contact to the agent (through the contacts' own update function) unless
 * someone else already has it, then tells every open screen pop who took it. Takes on one contact run one
 * after the other, so two agents pressing at once never both get it.
 */
export async function takeContact(deps: Deps, contactId: number, actor: Actor & { id: number }) {
  const before = taking.get(contactId) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(async () => {
      const c = await findContact(deps.db, contactId);
      if (!c) throw new AppError(404, 'contact_not_found', 'Not found');
      if (c.assignee_id !== null && c.assignee_id !== actor.id)
        return { taken: false as const, byId: c.assignee_id, byName: c.assignee_name ?? '' };
      if (c.assignee_id !== actor.id) await updateContact(deps, contactId, { assigneeId: actor.id }, actor);
      const me = await findContact(deps.db, contactId);
      return { taken: true as const, byId: actor.id, byName: me?.assignee_name ?? '' };
    });
  taking.set(contactId, run);
  try {
    const result = await run;
    if (result.taken)
      deps.events.publish({
        type: 'contact.taken',
        roles: ['agent', 'supervisor', 'legal'],
        data: { contactId, byId: result.byId, byName: result.byName },
      });
    return result;
  } finally {
    if (taking.get(contactId) === run) taking.delete(contactId);
  }
}
