import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { CallPanelView, type CallPanelProps } from '../../views/calls/call-panel.js';
import { callEventLabel } from '../../views/calls/call-events.js';
import { callPanelProps } from './call-panel.service.js';
import { CallbackPanelView, type CallbackPanelProps } from '../../views/calls/callback-panel.js';
import { callbackPanelState } from './callback.service.js';
import { callbackEventLabel } from '../../views/calls/callback-panel.js';

/** Plugs the phone channel into the contact page: its panel and the timeline texts of `call.*` events. */
export function registerCallsPlugin(deps: Deps): void {
  const load: PanelLoad<CallPanelProps> = (contact, ctx) => callPanelProps(deps, contact, ctx);
  deps.contactPlugins.registerContactPanel({ name: 'calls', load, view: CallPanelView });
  deps.contactPlugins.registerTimelineLabels('call.', callEventLabel);
  // "Call back now" (issue 25): offered on a contact with a number, or saying why not.
  const loadCallback: PanelLoad<CallbackPanelProps> = async (contact, ctx) =>
    contact.party_phone_enc || contact.may_call_back === 0
      ? { ctx, contactId: contact.id, ...callbackPanelState(deps, contact) }
      : null;
  deps.contactPlugins.registerContactPanel({ name: 'callback', load: loadCallback, view: CallbackPanelView });
  deps.contactPlugins.registerTimelineLabels('callback.', callbackEventLabel);
}
