import type { Deps } from '../deps.js';
import { listAudit } from './audit.queries.js';

/** One page of the audit log, newest first, optionally of one action and before an entry. */
export async function auditPage(deps: Deps, q: { action?: string; before?: number; limit: number }) {
  return listAudit(deps.db, q);
}
