import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { SignalsPanel, type SignalsPanelProps } from '../../views/signals/signals-panel.js';
import { registerRegistrationPanel } from '../registrations/registration-page.plugin.js';
import { signalsOf } from './signals.service.js';

/** Plugs signals for policy into the contact page: the obstacles marked on the contact and the form to mark one. */
export function registerSignalsPlugin(deps: Deps): void {
  const load: PanelLoad<SignalsPanelProps> = async (contact, ctx) => {
    if (!ctx.user?.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'coordinator')) return null;
    return { ctx, action: `/contacts/${contact.id}/signals`, signals: await signalsOf(deps, 'contact', contact.id) };
  };
  deps.contactPlugins.registerContactPanel({ name: 'signals', load, view: SignalsPanel });
  // On a registration's page: whoever may open the page may mark a signal on it.
  registerRegistrationPanel<SignalsPanelProps>(deps, {
    name: 'signals',
    load: async (reg, ctx) => ({
      ctx,
      action: `/registrations/${reg.id}/signals`,
      signals: await signalsOf(deps, 'registration', reg.id),
    }),
    view: SignalsPanel,
  });
}
