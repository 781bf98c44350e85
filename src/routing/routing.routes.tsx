import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment } from '../http/render.js';
import { RoutingSuggestion } from '../../views/routing/suggestion.js';
import { MAX_CLASSIFY_TEXT, legalQueue, suggestFor, takeContact } from './routing.service.js';
import { LegalQueuePage } from '../../views/routing/legal-queue.js';
import { formatStamp, page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { AppError } from '../shared/app-error.js';
import { assertContactVisible } from '../contacts/contacts.service.js';

type Parsed =
  | { ok: true; text: string; menu: string | null; fromForm: boolean }
  | { ok: false; status: 413 | 422; error: string };

async function readText(c: Context<AppEnv>, formFields = false): Promise<Parsed> {
  const body = await c.req.parseBody();
  // The live suggestion is posted by a contact form: its subject and notes are the words (no `text` field).
  const fromForm =
    formFields && typeof body.text !== 'string' && (typeof body.subject === 'string' || typeof body.notes === 'string');
  const text = fromForm
    ? [body.subject, body.notes].filter((x): x is string => typeof x === 'string').join('\n')
    : body.text;
  const menu = typeof body.hint === 'string' && /^[1-3]$/.test(body.hint) ? body.hint : null;
  if (typeof text !== 'string') return { ok: false, status: 422, error: 'text_required' };
  if (text.length > MAX_CLASSIFY_TEXT) return { ok: false, status: 413, error: 'text_too_long' };
  return { ok: true, text, menu, fromForm };
}

/**
 * Routing endpoints for signed-in users (CSRF as any form): `POST /routing/classify` answers JSON;
 * `POST /routing/suggest` the same suggestion as an HTML fragment for the live suggestion while typing.
 * An optional `hint` field carries the IVR menu choice (1–3).
 */
export function routingRoutes(deps: Deps) {
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
    const p = await readText(c, true);
    const s = suggestFor(p.ok ? p.text : '', { menu: p.ok ? p.menu : null });
    c.header('Cache-Control', 'no-store');
    return fragment(c, <RoutingSuggestion t={c.get('t')} suggestion={s} fill={p.ok && p.fromForm} />, p.ok ? 200 : 422);
  });

  // The legal queue (docs/product.md §5): legal advisors, agents and supervisors; "take" assigns to me (409 when taken).
  r.use('/legal', requireRole(...areaRoles('legalQueue')));
  r.use('/legal/*', requireRole(...areaRoles('legalQueue')));
  const showLegal = async (
    c: Context<AppEnv>,
    flash?: { kind: 'ok' | 'error'; text: string },
    status: 200 | 409 = 200,
  ) => {
    const zone = deps.config.office.timeZone;
    const groups = (await legalQueue(deps)).map((g) => ({
      topic: g.topic,
      items: g.items.map((r) => ({
        id: r.id,
        reference: r.reference,
        subject: r.subject,
        channel: r.channel,
        status: r.status,
        priority: r.priority,
        due: formatStamp(r.due_at, zone),
        overdue: r.overdue,
        assigneeId: r.assignee_id,
        assigneeName: r.assignee_name,
        urgent: !!r.urgent,
        minor: !!r.minor,
        alsoTopics: r.alsoTopics,
      })),
    }));
    c.header('Cache-Control', 'no-store');
    return page(
      c,
      deps,
      c.get('t')('legal.title'),
      <LegalQueuePage ctx={pageContext(c, deps)} groups={groups} flash={flash} />,
      status,
    );
  };
  r.get('/legal', (c) => showLegal(c));
  r.post('/legal/:id/take', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,12}$/.test(id)) throw new AppError('not_found');
    const user = c.get('user')!;
    await assertContactVisible(deps, user, Number(id));
    const result = await takeContact(deps, Number(id), { id: user.id, ip: clientIp(c) });
    if (!result.taken)
      return showLegal(c, { kind: 'error', text: c.get('t')('legal.takenBy', { name: result.byName }) }, 409);
    return seeOther(c, `/contacts/${id}`);
  });

  return r;
}
