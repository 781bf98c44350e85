import type { Deps } from '../deps.js';
import {
  auditActors,
  contactIdOfReference,
  contactReferencesOf,
  listAudit,
  registrationIdsOf,
  userNamesOf,
} from './audit.queries.js';

/** One page of the audit log, newest first, optionally of one action and before an entry. */
export async function auditPage(
  deps: Deps,
  q: {
    action?: string;
    before?: number;
    limit: number;
    actorId?: number;
    subjectType?: string;
    subjectId?: string;
    since?: string;
    until?: string;
  },
) {
  return listAudit(deps.db, q);
}

/** The users the audit page can filter by. */
export const auditUsers = (deps: Deps) => auditActors(deps.db);

/** The contact the audit page's filter names: its reference (HD-2026-000279) or its number; null when none. */
export async function auditContactId(deps: Deps, input: string): Promise<number | null> {
  const v = input.trim().toUpperCase();
  if (/^\d{1,12}$/.test(v)) return Number(v);
  if (/^HD-\d{4}-\d{6,12}$/.test(v)) return (await contactIdOfReference(deps.db, v)) ?? null;
  return null;
}

/**
 * What the page needs to show subjects as words and links: the references of the contacts, the names of the
 * users and the ids of the registrations that these entries are about.
 */
export async function auditSubjects(deps: Deps, rows: { subject_type: string | null; subject_id: string | null }[]) {
  const ids = (type: string) => [
    ...new Set(
      rows
        .filter((r) => r.subject_type === type && r.subject_id && /^\d{1,12}$/.test(r.subject_id))
        .map((r) => Number(r.subject_id)),
    ),
  ];
  const refs = [
    ...new Set(rows.filter((r) => r.subject_type === 'registration' && r.subject_id).map((r) => r.subject_id!)),
  ];
  const [contacts, users, registrations] = await Promise.all([
    contactReferencesOf(deps.db, ids('contact')),
    userNamesOf(deps.db, ids('user')),
    registrationIdsOf(deps.db, refs),
  ]);
  return {
    contacts: new Map(contacts.map((c) => [String(c.id), c.reference])),
    users: new Map(users.map((u) => [String(u.id), u.name])),
    registrations: new Map(registrations.map((r) => [r.reference ?? '', r.id])),
  };
}
