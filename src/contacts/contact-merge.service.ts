import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../shared/app-error.js';
import {
  type ContactBrief,
  appendSearchText,
  contactBrief,
  currentContactId,
  insertMerge,
  searchTextOf,
} from './contacts.queries.js';
import { moveTimelineIn } from './contact-text.service.js';
import { type Actor, changeContactIn } from './contacts.service.js';

/** What a channel moves from the source to the target of a merge, in the merge's own transaction. */
export type MoveChannelData = (trx: Trx, source: ContactBrief, targetId: number) => Promise<void>;

/**
 * Merges two contacts that are one conversation: the channel's data (moved by `moveChannelData`) and the
 * timeline move to the target, its searchable text is added to the target's, and the source stays behind,
 * resolved, with a pointer to the target (contact_merges) — so mail that still names the source threads
 * into the target. One transaction, audited on both contacts.
 */
export async function mergeContacts(
  deps: Deps,
  sourceId: number,
  targetRef: string,
  actor: Actor,
  moveChannelData: MoveChannelData,
): Promise<{ targetId: number; targetReference: string }> {
  const now = deps.clock().toISOString();
  const ref = targetRef
    .trim()
    .replace(/^\[?#?/, '')
    .replace(/\]$/, '')
    .toUpperCase();
  const out = await deps.db.transaction().execute(async (trx) => {
    const source = await contactBrief(trx, { id: sourceId });
    if (!source) throw new AppError('contact_not_found', 'Not found');
    if ((await currentContactId(trx, sourceId)) !== sourceId)
      throw new AppError('already_merged', 'This contact was already merged');
    const named = /^\d{1,12}$/.test(ref)
      ? await contactBrief(trx, { id: Number(ref) })
      : await contactBrief(trx, { reference: ref });
    if (!named) throw new AppError('merge_target_unknown', 'No contact has that reference');
    const targetId = await currentContactId(trx, named.id);
    if (targetId === sourceId) throw new AppError('merge_into_itself', 'A contact cannot be merged into itself');
    const target = (await contactBrief(trx, { id: targetId }))!;

    await moveChannelData(trx, source, targetId);
    await moveTimelineIn(deps, trx, sourceId, targetId);
    const text = await searchTextOf(trx, sourceId);
    if (text) await appendSearchText(trx, targetId, `${text.subject}\n${text.body}`);
    await insertMerge(trx, { sourceId, targetId, by: actor.id, at: now });
    const merge = (role: 'source' | 'target') => ({
      auditAction: 'contact.merge',
      auditDetails: { role, source: sourceId, target: targetId },
    });
    await changeContactIn(deps, trx, sourceId, { status: 'resolved' }, actor, {
      ...merge('source'),
      events: [{ kind: 'email.merged-into', data: { target: targetId, ref: target.reference } }],
    });
    await changeContactIn(deps, trx, targetId, target.status === 'resolved' ? { status: 'open' } : {}, actor, {
      ...merge('target'),
      events: [{ kind: 'email.merged-from', data: { source: sourceId, ref: source.reference } }],
    });
    return { targetId, targetReference: target.reference ?? '' };
  });
  deps.events.publish({ type: 'contact.updated', data: { id: sourceId } });
  deps.events.publish({ type: 'contact.updated', data: { id: out.targetId } });
  return out;
}
