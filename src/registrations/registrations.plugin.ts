import type { Deps } from '../deps.js';
import type { PanelLoad } from '../contacts/contacts.plugin.js';
import { RegistrationsPanel } from '../../views/registrations/registration-page.js';
import { registrationsForContact } from './registration-read.service.js';

type PanelProps = Parameters<typeof RegistrationsPanel>[0];

/** Plugs registrations into the contact page: the contact's registrations, "register", and linking by reference. */
export function registerRegistrationsPlugin(deps: Deps): void {
  const load: PanelLoad<PanelProps> = async (contact, ctx) => {
    const user = ctx.user;
    if (!user) return null;
    const canRegister = user.roles.some((r) => r === 'agent' || r === 'supervisor');
    const registrations = await registrationsForContact(deps, contact.id, user);
    if (!canRegister && !registrations.length) return null;
    return { ctx, contactId: contact.id, registrations, canRegister };
  };
  deps.contactPlugins.registerContactPanel({ name: 'registrations', load, view: RegistrationsPanel });
}
