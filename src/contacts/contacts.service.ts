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
  replaceTopics,
} from './contacts.queries.js';
import type { Channel, Direction, Priority, Queue, Status } from './contacts.table.js';
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
