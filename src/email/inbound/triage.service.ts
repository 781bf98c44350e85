import type { Deps } from '../../deps.js';
import { auditContactView, type Actor } from '../../contacts/contacts.service.js';
import { mergeContacts as mergeContactsOf } from '../../contacts/contact-merge.service.js';
import { changeContactIn } from '../../contacts/contacts.service.js';
import { contactBrief } from '../../contacts/contacts.queries.js';
import { addParticipant, moveMailToContact } from '../email.queries.js';
import { CONTACT_SENDER_MARKS, worseMark } from './sender-auth.js';

/** Audits that an agent was shown a contact's thread outside its own page (e.g. a refused spam mark or merge). */
export const auditThreadView = (deps: Deps, contactId: number, actor: Actor, via: string) =>
  auditContactView(deps, contactId, actor, via);

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
 * Merges two mail contacts that are one conversation (see the contacts feature's mergeContacts): the source's
 * messages, outgoing mail and participants, its sender's address included, move to the target, and the target
 * keeps the less trusted sender mark of the two (a forged sender does not become trusted by a merge).
 */
export async function mergeContacts(
  deps: Deps,
  sourceId: number,
  targetRef: string,
  actor: Actor,
): Promise<{ targetId: number; targetReference: string }> {
  return mergeContactsOf(deps, sourceId, targetRef, actor, async (trx, source, targetId) => {
    if (source.party_email_hash) await addParticipant(trx, targetId, source.party_email_hash);
    await moveMailToContact(trx, source.id, targetId);
    const mark = CONTACT_SENDER_MARKS.find((m) => m === source.sender_auth);
    const target = mark ? await contactBrief(trx, { id: targetId }) : undefined;
    if (mark && target) {
      const worse = worseMark(target.sender_auth, mark);
      if (worse !== target.sender_auth) await changeContactIn(deps, trx, targetId, { senderAuth: worse }, actor);
    }
  });
}
