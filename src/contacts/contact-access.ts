import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { findContact } from './contacts.queries.js';

// Who may open which contact. Agents and supervisors work every queue. The `legal` role works the
// legal-questions queue and keeps the answer library: a user who is only legal sees the contacts in the legal
// queue and those assigned to them — not registrations, care or after-hours contacts. Others are answered 404,
// as if the contact did not exist.

/** True when the user's only contact-facing role is legal. */
export const legalOnly = (user: Pick<CurrentUser, 'roles'>) =>
  user.roles.includes('legal') && !user.roles.some((r) => r === 'agent' || r === 'supervisor');

/** The pure rule: may this user see a contact in this queue with this assignee? */
function maySeeContact(
  user: Pick<CurrentUser, 'id' | 'roles'>,
  contact: { queue: string; assignee_id: number | null },
): boolean {
  if (user.roles.some((r) => r === 'agent' || r === 'supervisor')) return true;
  if (user.roles.includes('legal')) return contact.queue === 'legal' || contact.assignee_id === user.id;
  return false;
}

/** Throws 404 unless the user may see the contact (and it exists). */
export async function assertContactVisible(deps: Deps, user: CurrentUser, contactId: number): Promise<void> {
  if (!legalOnly(user)) return;
  const contact = await findContact(deps.db, contactId);
  if (!contact || !maySeeContact(user, contact)) throw new AppError('contact_not_found', 'Not found');
}
