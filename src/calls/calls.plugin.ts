import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { CallPanelView, type CallPanelProps } from '../../views/calls/call-panel.js';
import { callEventLabel } from '../../views/calls/call-events.js';
import { callPanelProps } from './call-panel.service.js';

/** Plugs the phone channel into the contact page: its panel and the timeline texts of `call.*` events. */
export function registerCallsPlugin(deps: Deps): void {
  const load: PanelLoad<CallPanelProps> = (contact, ctx) => callPanelProps(deps, contact, ctx);
  deps.contactPlugins.registerContactPanel({ name: 'calls', load, view: CallPanelView });
  deps.contactPlugins.registerTimelineLabels('call.', callEventLabel);
}
