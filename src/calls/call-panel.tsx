import type { Child } from 'hono/jsx';
import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactRow } from '../contacts/contacts.queries.js';

/** What the phone channel adds to a contact's page (call details, voicemail player); null when nothing. */
export async function callPanel(deps: Deps, contact: ContactRow, ctx: PageContext): Promise<Child | null> {
  void deps; void contact; void ctx;
  return null;
}
