import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { SESSION_COOKIE } from '../http/session.js';
import { lookupSession } from './auth.service.js';

/**
 * The session's remaining time for public/session.js, which warns before it ends. `GET /session/status` never
 * extends the session (the session middleware leaves it untouched); `POST /session/extend` (CSRF-checked like
 * every form) is the agent's own action and extends it. Both answer JSON, 401 without a session.
 */
export function sessionRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const answer = async (c: Context<AppEnv>, extend: boolean) => {
    c.header('Cache-Control', 'no-store');
    if (!c.get('user')) return c.json({ error: 'no session' }, 401);
    const s = await lookupSession(deps, getCookie(c, SESSION_COOKIE), { touch: extend, force: extend });
    if (s.kind !== 'ok') return c.json({ error: 'no session' }, 401);
    return c.json({ idleSeconds: s.idleSeconds, absoluteSeconds: s.absoluteSeconds });
  };
  r.get('/status', (c) => answer(c, false));
  r.post('/extend', (c) => answer(c, true));
  return r;
}
