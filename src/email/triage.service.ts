import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import type { Actor } from '../contacts/contacts.service.js';
import { appendSearchText, searchTextOf } from '../contacts/contacts.queries.js';
import { changeContactIn } from '../contacts/contacts.service.js';
import { AppError } from '../shared/app-error.js';
import { addParticipant, contactBrief, currentContactId } from './email.queries.js';

/**
 * Audits that an agent was shown a contact's thread outside its own page (an action answered with the email
 * panel, such as a refused spam mark or merge): every read of personal data is in the audit log.
 */
export async function auditThreadView(deps: Deps, contactId: number, actor: Actor, via: string): Promise<void> {
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'contact.view',
    subjectType: 'contact',
    subjectId: contactId,
    ip: actor.ip,
    details: { via },
  });
}

/**
 * Marks a contact as spam (it is resolved and the inbox hides it) or takes the mark away (it opens again);
 * a timeline event and an audit entry either way. Returns false when nothing changed.
 */
export async function setSpam(deps: Deps, contactId: number, spam: boolean, actor: Actor): Promise<boolean> {
  const version = await deps.db.transaction().execute(async (trx) => {
    const done = await changeContactIn(deps, trx, contactId, { spam, status: spam ? 'resolved' : 'open' }, actor, {
      auditAction: spam ? 'contact.spam' : 'contact.not-spam',
    });
    return done.changed.includes('spam') ? done.version : null;
  });
  if (version !== null) deps.events.publish({ type: 'contact.updated', data: { id: contactId, version } });
  return version !== null;
}

/**
 * Merges two contacts that are one conversation: the source's messages, outgoing mail, participants and
 * timeline move to the target, its searchable text is added to the target's, and the source stays behind,
 * resolved, with a pointer to the target (contact_merges) — so mail that still names the source threads
 * into the target. One transaction, audited on both contacts.
 */
export async function mergeContacts(
  deps: Deps,
  sourceId: number,
  targetRef: string,
  actor: Actor,
): Promise<{ targetId: number; targetReference: string }> {
  const now = deps.clock().toISOString();
  const ref = targetRef
    .trim()
    .replace(/^\[?#?/, '')
    .replace(/\]$/, '')
    .toUpperCase();
  const out = await deps.db.transaction().execute(async (trx) => {
    const source = await contactBrief(trx, { id: sourceId });
    if (!source) throw new AppError(404, 'contact_not_found', 'Not found');
    if ((await currentContactId(trx, sourceId)) !== sourceId)
      throw new AppError(409, 'already_merged', 'This contact was already merged');
    const named = /^\d{1,12}$/.test(ref)
      ? await contactBrief(trx, { id: Number(ref) })
      : await contactBrief(trx, { reference: ref });
    if (!named) throw new AppError(422, 'merge_target_unknown', 'No contact has that reference');
    const targetId = await currentContactId(trx, named.id);
    if (targetId === sourceId) throw new AppError(422, 'merge_into_itself', 'A contact cannot be merged into itself');
    const target = (await contactBrief(trx, { id: targetId }))!;

    await trx.updateTable('mail_messages').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
    await trx.updateTable('mail_outbox').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
    await trx
      .insertInto('mail_participants')
      .columns(['contact_id', 'address_hash'])
      .expression(
        trx
          .selectFrom('mail_participants')
          .select([sql<number>`${targetId}`.as('contact_id'), 'address_hash'])
          .where('contact_id', '=', sourceId),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    if (source.party_email_hash) await addParticipant(trx, targetId, source.party_email_hash);
    await trx.deleteFrom('mail_participants').where('contact_id', '=', sourceId).execute();
    await trx.updateTable('contact_events').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
    const text = await searchTextOf(trx, sourceId);
    if (text) await appendSearchText(trx, targetId, `${text.subject}\n${text.body}`);
    await trx
      .insertInto('contact_merges')
      .values({ source_id: sourceId, target_id: targetId, merged_by: actor.id, merged_at: now })
      .execute();
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
