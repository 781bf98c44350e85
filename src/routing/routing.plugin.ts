import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { ContactRouting, type ContactRoutingProps } from '../../views/routing/contact-routing.js';
import { routingEventLabel } from '../../views/routing/routing-events.js';
import { routingPanelProps } from './routing.service.js';

/** Plugs routing into the contact page: the suggestion with its matched words, and the `routing.*` timeline texts. */
export function registerRoutingPlugin(deps: Deps): void {
  const load: PanelLoad<ContactRoutingProps> = (contact, ctx) => routingPanelProps(deps, contact, ctx);
  deps.contactPlugins.registerContactPanel({
    name: 'routing',
    load,
    view: ContactRouting,
    redrawAfterSave: 'routing-panel',
  });
  deps.contactPlugins.registerTimelineLabels('routing.', routingEventLabel);
}
