import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { EmailPanel, type EmailPanelProps } from '../../views/email/thread.js';
import { emailEventLabel } from '../../views/email/email-events.js';
import { emailPanelFor } from './email-panel.service.js';

/** Plugs the email channel into the contact page: its panel and the timeline texts of `email.*` events. */
export function registerEmailPlugin(deps: Deps): void {
  const load: PanelLoad<EmailPanelProps> = (contact, ctx) => emailPanelFor(deps, contact, ctx);
  deps.contactPlugins.registerContactPanel({ name: 'email', load, view: EmailPanel });
  deps.contactPlugins.registerTimelineLabels('email.', emailEventLabel);
}
