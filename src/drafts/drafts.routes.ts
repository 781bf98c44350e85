import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { discardDraft, parseDraftKey, readDrafts, saveDraft } from './drafts.service.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The agent's own drafts, for public/app.js: read them back after a reload or a new sign-in, keep them while
 * typing, drop them after a successful save. JSON answers; CSRF (header) and role checked like every form.
 */
export function draftsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('agent', 'supervisor', 'legal'));
  r.get('/:key', async (c) => {
    c.header('Cache-Control', 'no-store');
    const drafts = await readDrafts(deps, c.get('user')!.id, parseDraftKey(c.req.param('key')));
    return c.json({ drafts });
  });
  r.post('/:key', async (c) => {
    const body = await c.req.parseBody();
    await saveDraft(deps, c.get('user')!.id, parseDraftKey(c.req.param('key')), str(body.field), str(body.text));
    return c.body(null, 204);
  });
  r.post('/:key/delete', async (c) => {
    const body = await c.req.parseBody();
    const field = str(body.field) || undefined;
    await discardDraft(deps, c.get('user')!.id, parseDraftKey(c.req.param('key')), field);
    return c.body(null, 204);
  });
  return r;
}
