import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { mayOpen } from '../http/areas.js';
import { registrationsForContact } from './registration-read.service.js';

/**
 * A care coordinator opens the hand-over contact a registration made for her (the link in a list, a bookmark):
 * she may not open contacts, so it opens as the task it is — on the registration's page, where she works it.
 * A contact of no registration she may see is 404, as for anyone else. Mounted before the contact routes; every
 * other user falls through to them.
 */
export function handOverRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/:id{[0-9]{1,12}}', async (c, next) => {
    const user = c.get('user');
    if (!user || mayOpen(user.roles, 'inbox') || !mayOpen(user.roles, 'registrations')) return next();
    const [reg] = await registrationsForContact(deps, Number(c.req.param('id')), user);
    if (!reg) throw new AppError('contact_not_found', 'Not found');
    return c.redirect(`/registrations/${reg.id}#reg-contacts`, 303);
  });
  return r;
}
