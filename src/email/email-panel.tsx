import type { Child } from 'hono/jsx';
import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactRow } from '../contacts/contacts.queries.js';

/** What the email channel adds to a contact's page (messages, attachments, reply box); null when nothing. */
export async function emailPanel(deps: Deps, contact: ContactRow, ctx: PageContext): Promise<Child | null> {
  void deps; void contact; void ctx;
  return null;
}
