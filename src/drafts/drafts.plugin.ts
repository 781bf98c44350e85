import type { Deps } from '../deps.js';
import type { TextSource } from '../contacts/contacts.plugin.js';
import { discardDraftIn } from './drafts.service.js';

/** The draft an agent's words were typed in, by where they were saved: the note box, the reply box, the new-contact form. */
const DRAFT_OF: Partial<Record<TextSource, (contactId: number) => { key: string; field: string }>> = {
  note: (id) => ({ key: String(id), field: 'note' }),
  reply: (id) => ({ key: String(id), field: 'reply' }),
  manual: () => ({ key: 'new', field: 'form' }),
};

/** Plugs drafts into the contacts: once an agent's words are saved, the draft they were typed in is removed (same transaction). */
export function registerDraftsPlugin(deps: Deps): void {
  deps.contactPlugins.registerContactHooks('drafts', {
    text: async (trx, t) => {
      const draft = DRAFT_OF[t.source]?.(t.contactId);
      if (draft && t.actor.id !== null) await discardDraftIn(trx, t.actor.id, draft.key, draft.field);
    },
  });
}
