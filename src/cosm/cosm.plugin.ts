import type { Deps } from '../deps.js';
import { registerRegistrationPanel } from '../registrations/registration-page.plugin.js';
import { CosmPanel, type CosmPanelProps } from '../../views/cosm/cosm-panel.js';
import { cosmOfRegistration } from './cosm.service.js';

/** Plugs COSM into a registration's page for agents and supervisors: its requests and the form to ask for a place. */
export function registerCosmPlugin(deps: Deps): void {
  registerRegistrationPanel<CosmPanelProps>(deps, {
    name: 'cosm',
    load: async (reg, ctx) => {
      if (!ctx.user?.roles.some((r) => r === 'agent' || r === 'supervisor')) return null;
      const cosm = await cosmOfRegistration(deps, reg.id);
      return cosm ? { ctx, registrationId: reg.id, ...cosm } : null;
    },
    view: CosmPanel,
  });
}
