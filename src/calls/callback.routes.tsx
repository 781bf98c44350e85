import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { seeOther } from '../http/htmx.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import type { MessageKey } from '../i18n/i18n.js';
import { placeCallback } from './callback.service.js';

const MESSAGES: Record<string, MessageKey> = {
  may_not_call_back: 'callback.forbidden',
  only_via_professional: 'callback.onlyProfessional',
  no_number: 'callback.noNumber',
  callback_not_configured: 'callback.notConfigured',
  callback_failed: 'callback.failed',
};

/** POST /callbacks/:id — "call back now" on a contact (roles that take calls). */
export function callbackRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('agent', 'legal', 'supervisor'));
  r.post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    try {
      await placeCallback(deps, id, { id: user.id, ip: clientIp(c), user });
    } catch (e) {
      const key = e instanceof AppError ? MESSAGES[e.code] : undefined;
      if (e instanceof AppError && key) throw new AppError(e.code, c.get('t')(key));
      throw e;
    }
    // From a review item the agent goes on where they were; elsewhere to the contact, whose timeline shows the attempt.
    const body = await c.req.parseBody();
    return seeOther(c, body.back === 'review' ? `/review/${id}` : `/contacts/${id}`);
  });
  return r;
}
