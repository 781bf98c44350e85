import type { Deps } from '../deps.js';
import { changeContact, changeContactIn, type Actor } from './contact-change.service.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { AppError } from '../shared/app-error.js';
import {
  insertSearchText,
  findContact,
  findContactForChange,
  insertEvent,
  listEvents,
  listTopics,
  listInbox,
  type InboxFilter,
} from './contacts.queries.js';
import type { Channel, Direction, Priority, Queue, Status } from './contacts.table.js';
import { toSearch } from './inbox-search.js';
import { dueAt } from './sla.js';

export type { Actor, ChangeOptions, ChangeResult, ContactChange } from './contact-change.service.js';
export { changeContact, changeContactIn, VERSION_CONFLICT } from './contact-change.service.js';

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
    [notes, input.searchText].filter(Boolean).join('\n'),
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
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findContactForChange(trx, contactId);
    if (!c) throw new AppError(404, 'contact_not_found', 'Not found');
    if (c.may_call_back === 0) throw new AppError(422, 'may_not_call_back', 'The party may not be called back');
    if (outcome === 'voicemail' && c.may_leave_voicemail === 0)
      throw new AppError(422, 'may_not_leave_voicemail', 'No voicemail may be left for the party');
    await changeContactIn(deps, trx, contactId, {}, actor, {
      note,
      events: [{ kind: 'callback', data: { outcome } }],
      auditAction: 'contact.callback',
      auditDetails: { outcome },
    });
  });
  deps.events.publish({ type: 'contact.updated', data: { id: contactId } });
}

/** A contact as an agent sees it: identifying fields decrypted. The view is audited. */
export async function viewContact(deps: Deps, contactId: number, actor: Actor) {
  const row = await findContact(deps.db, contactId);
  if (!row) throw new AppError(404, 'contact_not_found', 'Not found');
  const [events, topics] = await Promise.all([listEvents(deps.db, contactId), listTopics(deps.db, contactId)]);
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
    topics,
    events,
  };
}
export type ContactView = Awaited<ReturnType<typeof viewContact>>;

export interface InboxQuery {
  q?: string;
  queue?: Queue;
  status?: Status | 'active';
  channel?: Channel;
  assignee?: number | 'me' | 'none';
  overdue?: boolean;
  afterHours?: boolean;
  before?: number;
  spam?: boolean;
}

/** Lists the inbox for a user: the filters of the page, with `q` read as reference, phone, email or words. */
export async function listContacts(deps: Deps, query: InboxQuery, userId: number, limit = 50) {
  const f: InboxFilter = {
    limit,
    queue: query.queue,
    channel: query.channel,
    before: query.before,
    afterHours: query.afterHours,
    spam: query.spam,
  };
  if (query.status === 'active') f.openOnly = true;
  else if (query.status) f.status = query.status;
  if (query.assignee === 'me') f.assigneeId = userId;
  else if (query.assignee === 'none') f.unassigned = true;
  else if (typeof query.assignee === 'number') f.assigneeId = query.assignee;
  if (query.overdue) f.overdueAt = deps.clock().toISOString();
  const s = toSearch(query.q);
  if (s?.kind === 'reference') f.reference = s.value;
  else if (s?.kind === 'phone') f.phoneHash = deps.crypto.hash('phone', s.value);
  else if (s?.kind === 'email') f.emailHash = deps.crypto.hash('email', s.value);
  else if (s?.kind === 'text') {
    const exact = await listInbox(deps.db, { ...f, match: s.value });
    return exact.length ? exact : listInbox(deps.db, { ...f, match: s.prefix });
  }
  return listInbox(deps.db, f);
}
