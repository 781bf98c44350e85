import type { Deps } from '../deps.js';
import { auditActors, listAudit } from './audit.queries.js';

/** One page of the audit log, newest first, optionally of one action and before an entry. */
export async function auditPage(
  deps: Deps,
  q: { action?: string; before?: number; limit: number; actorId?: number; subjectType?: string; subjectId?: string },
) {
  return listAudit(deps.db, q);
}

/** The users the audit page can filter by. */
export const auditUsers = (deps: Deps) => auditActors(deps.db);
