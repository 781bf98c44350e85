import type { Deps } from '../deps.js';
import { registerRegistrationPanel } from '../registrations/registration-page.plugin.js';
import { CosmPanel, type CosmPanelProps } from '../../views/cosm/cosm-panel.js';
import { cosmOfRegistration } from './cosm.service.js';

/** Plugs COSM into a registration's page for the desk and the region's coordinator: its requests and the form to ask for a place. */
export function registerCosmPlugin(deps: Deps): void {
  registerRegistrationPanel<CosmPanelProps>(deps, {
    name: 'cosm',
    load: async (reg, ctx) => {
      // The desk works the list; a coordinator (who sees only her regions' registrations) asks for a place and
      // follows her request here.
      const roles = ctx.user?.roles ?? [];
      if (!roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'coordinator')) return null;
      const cosm = await cosmOfRegistration(deps, reg.id);
      const desk = roles.some((r) => r === 'agent' || r === 'supervisor');
      return cosm ? { ctx, registrationId: reg.id, desk, ...cosm } : null;
    },
    view: CosmPanel,
  });
}
