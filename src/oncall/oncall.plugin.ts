import type { Deps } from '../deps.js';
import { kickOncall, queueOncallNoticesIn } from './oncall.service.js';

/**
 * Plugs the on-call notice into the contacts: words of a voicemail or a mail that a reaction before it (routing)
 * found urgent queue one notice per channel while the desk is closed, in the contact's own transaction (so a
 * retry or a second instance never queues two); once that change is announced (after the commit), the notices
 * are sent at once rather than at the job's next run. The channels (calls, email) know nothing of on-call.
 */
export function registerOncallPlugin(deps: Deps): void {
  // Contacts whose notice was queued in a transaction that has not been announced yet.
  const pending = new Set<number>();
  deps.contactPlugins.registerContactHooks('oncall', {
    text: async (trx, t) => {
      if (t.spam || !t.urgent || (t.source !== 'voicemail' && t.source !== 'email')) return;
      if (await queueOncallNoticesIn(deps, trx, t.contactId, { urgent: true })) pending.add(t.contactId);
    },
  });
  deps.events.subscribe((e) => {
    if (e.type !== 'contact.created' && e.type !== 'contact.updated') return;
    const id = (e.data as { id?: number }).id;
    if (id === undefined || !pending.delete(id)) return;
    kickOncall(deps);
  });
}
