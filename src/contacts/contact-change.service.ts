// The one owner of a contact's changes (a feature owns its tables; others change them through it): agents,
// the phone webhooks, the mail intake, triage and the outbox all change a contact through changeContactIn,
// which writes the columns, one timeline event per field that really changed and one audit entry, in the
// caller's transaction.
import { serializeOn } from '../db/locks.js';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import { AppError } from '../shared/app-error.js';
import {
  appendSearchText,
  findActiveUserName,
  findContactForChange,
  lastNoteBy,
  listTopics,
  replaceTopics,
  setSearchSubject,
  updateContactRow,
  type ContactRecord,
} from './contacts.queries.js';
import {
  SAFE_FLAGS,
  type CallOutcome,
  type Channel,
  type Priority,
  type Queue,
  type SafeFlag,
  type Status,
} from './contacts.table.js';
import { dueAt } from './sla.js';
import { nameHash } from './party-name.js';
import { addEventIn, addTextIn, aroundRowWrite } from './contact-text.service.js';
import type { TextSource } from './contacts.plugin.js';

export interface Actor {
  id: number | null;
  ip?: string | null;
}

/** What may change on a contact; a field left undefined stays as it is. */
export interface ContactChange {
  subject?: string;
  partyName?: string | null;
  partyOrg?: string | null;
  partyType?: string | null;
  phone?: string | null;
  email?: string | null;
  language?: string | null;
  /** The contact's topic codes (replaces them all; the first is kept in contacts.topic). */
  topics?: string[];
  /** One topic added to the list, the others kept (an answer's macro). */
  addTopic?: string;
  /** A single topic hint without touching the topic list (the phone menu's choice). */
  topic?: string | null;
  queue?: Queue;
  status?: Status;
  priority?: Priority;
  assigneeId?: number | null;
  safe?: Partial<Record<SafeFlag, boolean | null>>;
  spam?: boolean;
  mistaken?: boolean;
  /** System bookkeeping: no version bump. */
  channel?: Channel;
  endedAt?: string | null;
  dueAt?: string | null;
  callOutcome?: CallOutcome | null;
  /** The mail intake's sender verification mark (src/email/inbound/sender-auth.ts). */
  senderAuth?: string | null;
}

export interface ChangeOptions {
  /** The version the change was made on; another version answers 409 and changes nothing. */
  expectedVersion?: number;
  /** A note added in the same transaction. */
  note?: string;
  /** Where the note came from, for the text hooks (default 'note': an agent's note on the contact's page). */
  noteSource?: TextSource;
  /** The agent set the fields themselves on the contact's form (routing keeps topics and queue as theirs). */
  byHand?: boolean;
  /** Events a system writer records with the change (e.g. `call.missed`), after the field events. */
  events?: { kind: string; data?: Record<string, unknown> }[];
  /** Audit action (default `contact.update`) and extra, never personal, details (e.g. `via`). */
  auditAction?: string;
  auditDetails?: Record<string, unknown>;
  /** Write updated_at even when nothing else changed (new mail on the thread). */
  touch?: boolean;
}

export interface ChangeResult {
  /** Names of the fields that really changed. */
  changed: string[];
  version: number;
  noteAdded: boolean;
}

/** A stale version: the stable code routes and callers test for. */
export const VERSION_CONFLICT = 'contact_version_conflict';

/** A double submit of the same note by the same agent within this window adds it once. */
const SAME_NOTE_MS = 10 * 60_000;

const flagValue = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
const blank = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);

/**
 * Changes a contact inside an open transaction: the columns, one timeline event per field that really changed
 * (values of encrypted fields never go into events: a name change says only that it changed, a number or
 * address its mask), the optional note and system events, and one audit entry. The version goes up when a
 * field an agent edits changed. Throws 404 for an unknown contact and 409 (`contact_version_conflict`) for a
 * stale `expectedVersion`, before anything is written.
 */
/** The key that serialises the changes of one contact (src/db/locks.ts). */
export const contactLockKey = (contactId: number) => `contact:${contactId}`;

export async function changeContactIn(
  deps: Deps,
  trx: Trx,
  contactId: number,
  change: ContactChange,
  actor: Actor,
  opts: ChangeOptions = {},
): Promise<ChangeResult> {
  const now = deps.clock().toISOString();
  // Read, check the version and write as one step per contact (on PostgreSQL, two transactions could otherwise
  // both read the same version and both write).
  await serializeOn(trx, contactLockKey(contactId));
  const c = await findContactForChange(trx, contactId);
  if (!c) throw new AppError('contact_not_found', 'Not found');
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version)
    throw new AppError(VERSION_CONFLICT, 'This contact was changed by someone else');

  const set: Record<string, unknown> = {};
  const changed: string[] = [];
  const events: { kind: string; data: Record<string, unknown> }[] = [];
  const field = (name: string, kind: string, data: Record<string, unknown>) => {
    changed.push(name);
    events.push({ kind, data });
  };
  const plain = <K extends keyof ContactRecord>(
    name: string,
    col: K,
    to: ContactRecord[K] | undefined,
    kind = name,
  ) => {
    if (to === undefined || to === c[col]) return;
    set[col] = to;
    field(name, kind, { from: c[col], to });
  };

  const subject = change.subject?.trim();
  if (subject !== undefined && subject !== c.subject) {
    set.subject = subject;
    field('subject', 'subject', { from: c.subject, to: subject });
  }
  const name = blank(change.partyName);
  if (name !== undefined && name !== deps.crypto.decrypt(c.party_name_enc)) {
    set.party_name_enc = deps.crypto.encrypt(name);
    set.party_name_hash = nameHash(deps, name);
    field('partyName', 'party.name', { set: name !== null });
  }
  plain('partyOrg', 'party_org', blank(change.partyOrg), 'party.org');
  plain('partyType', 'party_type', blank(change.partyType), 'party.type');
  if (change.phone !== undefined) {
    const phone = normalisePhone(change.phone);
    if (phone !== deps.crypto.decrypt(c.party_phone_enc)) {
      const mask = phone ? maskPhone(phone) : null;
      Object.assign(set, {
        party_phone_enc: deps.crypto.encrypt(phone),
        party_phone_hash: phone ? deps.crypto.hash('phone', phone) : null,
        party_phone_mask: mask,
      });
      field('phone', 'party.phone', { from: c.party_phone_mask, to: mask });
    }
  }
  if (change.email !== undefined) {
    const email = normaliseEmail(change.email);
    if (email !== deps.crypto.decrypt(c.party_email_enc)) {
      const mask = email ? maskEmail(email) : null;
      Object.assign(set, {
        party_email_enc: deps.crypto.encrypt(email),
        party_email_hash: email ? deps.crypto.hash('email', email) : null,
        party_email_mask: mask,
      });
      field('email', 'party.email', { from: c.party_email_mask, to: mask });
    }
  }
  plain('language', 'language', blank(change.language));
  if (change.topics !== undefined || change.addTopic !== undefined) {
    const from = await listTopics(trx, contactId);
    // An added topic joins the list; a contact with only a topic hint (contacts.topic) keeps that hint in it.
    const base = from.length > 0 ? from : c.topic ? [c.topic] : [];
    const to = [...new Set(change.topics ?? [...base, change.addTopic!])];
    if (to.join(',') !== from.join(',')) {
      await replaceTopics(trx, contactId, to);
      if ((to[0] ?? null) !== c.topic) set.topic = to[0] ?? null;
      field('topics', 'topics', { from, to });
    }
  }
  if (change.topic !== undefined && change.topic !== c.topic && set.topic === undefined) {
    set.topic = change.topic;
    field('topic', 'topic', { from: c.topic, to: change.topic });
  }
  plain('queue', 'queue', change.queue);
  plain('status', 'status', change.status);
  plain('priority', 'priority', change.priority);
  if (change.assigneeId !== undefined && change.assigneeId !== c.assignee_id) {
    let toName: string | null = null;
    if (change.assigneeId !== null) {
      toName = (await findActiveUserName(trx, change.assigneeId)) ?? null;
      if (toName === null) throw new AppError('assignee_unknown', 'That user does not exist or is not active');
    }
    set.assignee_id = change.assigneeId;
    field('assignee', change.assigneeId === null ? 'unassigned' : 'assigned', {
      from: c.assignee_id,
      to: change.assigneeId,
      toName,
    });
    // Taking a new contact opens it (unless the same change sets the status itself).
    // (A whole form posted with "assign to me" carries the status as it was: that is no status of its own.)
    if (
      c.status === 'new' &&
      change.assigneeId !== null &&
      set.status === undefined &&
      (change.status === undefined || change.status === c.status)
    ) {
      set.status = 'open';
      field('status', 'status', { from: 'new', to: 'open' });
    }
  }
  for (const [key, col] of Object.entries(SAFE_FLAGS) as [SafeFlag, (typeof SAFE_FLAGS)[SafeFlag]][]) {
    const v = change.safe?.[key];
    if (v === undefined) continue;
    const to = flagValue(v);
    if (to !== c[col]) {
      set[col] = to;
      field(key, 'flag', { flag: key, from: c[col], to });
    }
  }
  if (change.spam !== undefined && change.spam !== !!c.spam_at) {
    set.spam_at = change.spam ? now : null;
    field('spam', change.spam ? 'email.spam' : 'email.not-spam', {});
  }
  if (change.mistaken !== undefined && change.mistaken !== !!c.mistaken_at) {
    set.mistaken_at = change.mistaken ? now : null;
    set.mistaken_by = change.mistaken ? actor.id : null;
    field('mistaken', change.mistaken ? 'mistaken' : 'not-mistaken', {});
  }
  const versioned = changed.length > 0;
  // Bookkeeping: no version bump, and an event only where it says something to the agent.
  if (change.channel !== undefined && change.channel !== c.channel) {
    set.channel = change.channel;
    field('channel', 'channel', { from: c.channel, to: change.channel });
  }
  if (change.endedAt !== undefined && change.endedAt !== c.ended_at) {
    set.ended_at = change.endedAt;
    changed.push('endedAt');
  }
  if (change.callOutcome !== undefined && change.callOutcome !== c.call_outcome) {
    set.call_outcome = change.callOutcome;
    changed.push('callOutcome');
  }
  if (change.senderAuth !== undefined && change.senderAuth !== c.sender_auth) {
    set.sender_auth = change.senderAuth;
    changed.push('senderAuth');
  }
  // The due time: given by the caller, or recomputed by the queue's SLA when the queue changes.
  const queueTo = set.queue as Queue | undefined;
  const due =
    change.dueAt !== undefined
      ? change.dueAt
      : queueTo && (set.status ?? c.status) !== 'resolved'
        ? dueAt(queueTo, new Date(c.started_at), (t, h) => deps.officeHours.addWorkingHours(t, h)).toISOString()
        : undefined;
  if (due !== undefined && due !== c.due_at) {
    set.due_at = due;
    changed.push('dueAt');
  }

  const note = opts.note?.trim() || '';
  let noteAdded = false;
  if (note) {
    // A double submit of the same note (same agent, same text, moments apart) is one note.
    const last = await lastNoteBy(trx, contactId, actor.id);
    const lastBody = last ? (JSON.parse(last.data) as { body?: string }).body : undefined;
    noteAdded = !(lastBody === note && Date.parse(now) - Date.parse(last!.at) < SAME_NOTE_MS);
  }
  const systemEvents = opts.events ?? [];
  if (changed.length === 0 && !noteAdded && systemEvents.length === 0 && !opts.touch)
    return { changed, version: c.version, noteAdded };

  const version = versioned ? c.version + 1 : c.version;
  const row = { ...set, ...(versioned ? { version } : {}), updated_at: now };
  const written = await aroundRowWrite(deps, trx, { contactId, columns: Object.keys(row), created: false }, () =>
    updateContactRow(trx, contactId, row, c.version),
  );
  if (!written) throw new AppError(VERSION_CONFLICT, 'This contact was changed by someone else');
  for (const e of [...events, ...systemEvents])
    await addEventIn(deps, trx, { contactId, at: now, actorId: actor.id, kind: e.kind, data: e.data, version });
  if (subject !== undefined && set.subject !== undefined) await setSearchSubject(trx, contactId, subject);
  // The organisation is found by the inbox search: a new one joins the contact's searchable text.
  if (typeof set.party_org === 'string') await appendSearchText(trx, contactId, set.party_org);
  if (noteAdded)
    await addEventIn(deps, trx, { contactId, at: now, actorId: actor.id, kind: 'note', data: { body: note } });
  if (changed.length || noteAdded || systemEvents.length)
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: opts.auditAction ?? (changed.length || systemEvents.length ? 'contact.update' : 'contact.note'),
      subjectType: 'contact',
      subjectId: contactId,
      ip: actor.ip,
      details: { fields: changed, ...(noteAdded ? { note: true } : {}), ...opts.auditDetails },
    });
  // What reacts to the change and to the note does so in this transaction, after its audit entry.
  const byHand = !!opts.byHand;
  if (changed.length || noteAdded)
    await deps.contactPlugins.run('changed', trx, {
      contactId,
      fields: changed,
      actor: { id: actor.id },
      byHand,
      ...(noteAdded ? { note } : {}),
    });
  if (noteAdded)
    await addTextIn(deps, trx, {
      contactId,
      body: note,
      source: opts.noteSource ?? 'note',
      actor: { id: actor.id },
      ...(byHand ? { withFields: changed } : {}),
    });
  return { changed, version, noteAdded };
}

/** Changes a contact in its own transaction and tells open browsers about it. */
export async function changeContact(
  deps: Deps,
  contactId: number,
  change: ContactChange,
  actor: Actor,
  opts: ChangeOptions = {},
): Promise<ChangeResult> {
  const result = await deps.db
    .transaction()
    .execute((trx) => changeContactIn(deps, trx, contactId, change, actor, opts));
  if (result.changed.length || result.noteAdded)
    deps.events.publish({ type: 'contact.updated', data: { id: contactId, version: result.version } });
  return result;
}
