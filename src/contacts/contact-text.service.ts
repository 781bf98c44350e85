// The one way any feature writes a contact's timeline and searchable text (channels included): the event or
// the words go in through here, inside the caller's transaction, and the features that react to contacts
// (routing, statistics, drafts) do so through the hooks of the contacts' registry (contacts.plugin.ts).
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { ContactRowWrite, ContactText } from './contacts.plugin.js';
import {
  appendSearchText,
  firstActionInTimeline,
  firstActionOf,
  insertEvent,
  moveEvents,
  removeEventDataField,
  setFirstAction,
} from './contacts.queries.js';

export type { ContactText } from './contacts.plugin.js';

/** One event for a contact's timeline. */
export interface TimelineEvent {
  contactId: number;
  at: string;
  actorId: number | null;
  kind: string;
  /** Never personal data in clear beyond what the timeline shows (a note's body, a mail's subject). */
  data?: Record<string, unknown>;
  version?: number | null;
}

/** Runs the before/after-write hooks around one write of a contact's row. */
export async function aroundRowWrite<T>(
  deps: Deps,
  trx: Trx,
  write: ContactRowWrite,
  doWrite: () => Promise<T>,
): Promise<T> {
  if (!write.created) await deps.contactPlugins.run('beforeWrite', trx, write);
  const out = await doWrite();
  await deps.contactPlugins.run('afterWrite', trx, write);
  return out;
}

/** Sets when an agent first acted on a contact (its creation aside), with the row-write hooks around it. */
async function setFirstActionIn(deps: Deps, trx: Trx, contactId: number, at: string | null) {
  await aroundRowWrite(deps, trx, { contactId, columns: ['first_action_at'], created: false }, () =>
    setFirstAction(trx, contactId, at),
  );
}

/** Appends an event to a contact's timeline; an agent's first action on it (creation aside) is kept on the contact. */
export async function addEventIn(deps: Deps, trx: Trx, e: TimelineEvent): Promise<void> {
  await insertEvent(trx, e);
  if (e.actorId === null || e.kind === 'created') return;
  const first = await firstActionOf(trx, e.contactId);
  if (first !== undefined && (first === null || first > e.at)) await setFirstActionIn(deps, trx, e.contactId, e.at);
}

/**
 * New words on a contact: made searchable (`search`, by default the subject and body; null when the caller
 * already stored them, e.g. with a new contact) and handed to the text hooks, in the caller's transaction.
 */
export async function addTextIn(
  deps: Deps,
  trx: Trx,
  text: ContactText,
  search: string | null = [text.subject, text.body].filter(Boolean).join('\n'),
): Promise<void> {
  if (search) await appendSearchText(trx, text.contactId, search);
  await deps.contactPlugins.run('text', trx, text);
}

/** Moves a merged contact's timeline to its target; the first agent action of both is worked out again. */
export async function moveTimelineIn(deps: Deps, trx: Trx, sourceId: number, targetId: number): Promise<void> {
  await moveEvents(trx, sourceId, targetId);
  for (const id of [sourceId, targetId]) await setFirstActionIn(deps, trx, id, await firstActionInTimeline(trx, id));
}

/** Takes one field out of the data of every timeline event of a kind (a channel that moved a text out of its events). */
export async function removeEventField(deps: Pick<Deps, 'db'>, kind: string, field: string): Promise<void> {
  await removeEventDataField(deps.db, kind, field);
}
