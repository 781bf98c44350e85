import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment } from '../http/render.js';
import { RoutingSuggestion } from '../../views/routing/suggestion.js';
import { MAX_CLASSIFY_TEXT, suggestFor } from './routing.service.js';

type Parsed = { ok: true; text: string; menu: string | null } | { ok: false; status: 413 | 422; error: string };

async function readText(c: Context<AppEnv>): Promise<Parsed> {
  const body = await c.req.parseBody();
  const text = body.text;
  const menu = typeof body.hint === 'string' && /^[1-3]$/.test(body.hint) ? body.hint : null;
  if (typeof text !== 'string') return { ok: false, status: 422, error: 'text_required' };
  if (text.length > MAX_CLASSIFY_TEXT) return { ok: false, status: 413, error: 'text_too_long' };
  return { ok: true, text, menu };
}

/**
 * Routing endpoints for signed-in users (CSRF as any form): `POST /routing/classify` answers JSON;
 * `POST /routing/suggest` the same suggestion as an HTML fragment for the live suggestion while typing.
 * An optional `hint` field carries the IVR menu choice (1–3).
 */
export function routingRoutes(_deps: Deps) {
  const r = new Hono<AppEnv>();

  r.post('/classify', async (c) => {
    const t = c.get('t');
    const p = await readText(c);
    c.header('Cache-Control', 'no-store');
    if (!p.ok)
      return c.json(
        {
          error: p.error,
          message: p.status === 413 ? t('routing.textTooLong', { max: MAX_CLASSIFY_TEXT }) : t('routing.textRequired'),
        },
        p.status,
      );
    const s = suggestFor(p.text, { menu: p.menu });
    return c.json({ queue: s.queue, urgent: s.urgent, minor: s.minor, topics: s.topics });
  });

  r.post('/suggest', async (c) => {
    const p = await readText(c);
    const s = suggestFor(p.ok ? p.text : '', { menu: p.ok ? p.menu : null });
    return fragment(c, <RoutingSuggestion t={c.get('t')} suggestion={s} />, p.ok ? 200 : 422);
  });

  return r;
}
