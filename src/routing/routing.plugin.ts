import type { Deps } from '../deps.js';
import type { ContactText, PanelLoad, TextSource } from '../contacts/contacts.plugin.js';
import { registerAnswerLibrary } from '../email/answer-library.plugin.js';
import { registerReviewHooks } from '../review/review.plugin.js';
import { ContactRouting, type ContactRoutingProps } from '../../views/routing/contact-routing.js';
import { routingEventLabel } from '../../views/routing/routing-events.js';
import {
  classifyContactText,
  highlight,
  noteAgentRoutingIn,
  routeContactIn,
  routeNewContact,
  routingPanelProps,
  storeSuggestionIn,
  type RoutingSource,
} from './routing.service.js';
import { answerLibraryProvider, recordAnswerUse } from './answers.service.js';

/** The words routing classifies, by where they came from (replies, callback and review notes are not routed). */
const ROUTED: Partial<Record<TextSource, RoutingSource>> = {
  manual: 'manual',
  note: 'note',
  email: 'email',
  voicemail: 'voicemail',
};

/** Classifies new words on a contact in the contact's transaction (see routeContactIn). */
async function onText(deps: Deps, trx: Parameters<typeof routeContactIn>[1], t: ContactText): Promise<void> {
  const source = ROUTED[t.source];
  if (!source || t.spam) return;
  const words = { subject: t.subject ?? null, body: t.body };
  // A hand-made contact was born routed (prepareNew): only its suggestion is kept.
  if (source === 'manual') {
    const s = classifyContactText({ ...words, hint: t.hint ?? {} });
    if (s.urgent) t.urgent = true;
    return storeSuggestionIn(deps, trx, t.contactId, s, source);
  }
  // A note saved with topics or a queue chosen by hand is the agent's routing (the `changed` hook), not words to route.
  if (t.withFields?.some((f) => f === 'topics' || f === 'queue')) return;
  const s = await routeContactIn(deps, trx, t.contactId, words, { source, ...(t.hint ? { hint: t.hint } : {}) });
  if (s.urgent) t.urgent = true;
}

/**
 * Plugs routing into the contacts: it classifies new words in the contact's own transaction and keeps an agent's
 * choice of topics and queue as their routing (hooks); the suggestion with its matched words on the contact page,
 * the `routing.*` timeline texts; the answer library offered in the reply box; the marked words of the review list.
 */
export function registerRoutingPlugin(deps: Deps): void {
  const load: PanelLoad<ContactRoutingProps> = (contact, ctx) => routingPanelProps(deps, contact, ctx);
  deps.contactPlugins.registerContactPanel({
    name: 'routing',
    load,
    view: ContactRouting,
    redrawAfterSave: 'routing-panel',
  });
  deps.contactPlugins.registerTimelineLabels('routing.', routingEventLabel);
  deps.contactPlugins.registerContactHooks('routing', {
    prepareNew: (input, t) =>
      ROUTED[t.source] && !t.spam
        ? routeNewContact(
            input,
            { subject: t.subject ?? null, body: t.body },
            {
              keepQueue: !!t.keepQueue,
              ...(t.hint ? { hint: t.hint } : {}),
            },
          ).input
        : input,
    text: (trx, t) => onText(deps, trx, t),
    changed: async (trx, e) => {
      if (e.byHand) await noteAgentRoutingIn(deps, trx, e.contactId, e.fields, e.actor, e.note);
    },
  });
  // The review list marks the words routing matched in a transcription or a mail.
  registerReviewHooks(deps, 'routing', { highlight });
  registerAnswerLibrary(deps, {
    answers: answerLibraryProvider(deps),
    recordUse: async (answerId, contactId, actor) => {
      await recordAnswerUse(deps, answerId, contactId, { id: actor.id, ip: actor.ip ?? null });
    },
  });
}
