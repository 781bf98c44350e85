import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import type { LiveEvent } from '../shared/event-bus.js';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, requireRole } from '../http/session.js';
import { lookupSession, SESSION_ENDED } from '../auth/auth.service.js';
import { assertContactVisible, contactExists } from '../contacts/contacts.service.js';
import { liveFragment, type Reader } from './live-fragments.js';
import { PresenceText } from '../../views/contacts/presence.js';

/** How often an idle stream sends a keep-alive comment and checks that its session is still valid. */
const KEEPALIVE_MS = 20_000;

/**
 * Server-sent events for the open pages of signed-in users, read by htmx's SSE support (public/live.js): for each
 * event first the HTML it draws on the reader's pages, in the reader's language (an unnamed message that htmx
 * swaps: screen pops, presence, the inbox's notice; src/live/live-fragments.tsx), then the event itself by name
 * with its ids (a DOM event for the little script that stays: the contact page's "changed elsewhere", the review
 * list). htmx reconnects a stream that ended; a comment every 20 s keeps proxies from closing it.
 */
export function liveRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/events', (c) => {
    const user = c.get('user')!;
    const sessionId = c.get('sessionId');
    const token = getCookie(c, SESSION_COOKIE);
    const reader: Reader = { userId: user.id, t: c.get('t'), csrfToken: c.get('csrfToken'), ip: c.get('clientIp') };
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      let open = true;
      const close = () => {
        open = false;
        wake?.();
      };
      const unsubscribe = deps.events.subscribe((e) => {
        if (e.type === SESSION_ENDED) {
          if (e.data.sessionId === sessionId || e.data.userId === user.id) close();
          return;
        }
        if (e.roles?.length && !e.roles.some((r) => (user.roles as string[]).includes(r))) return;
        queue.push(e);
        wake?.();
      });
      stream.onAbort(close);
      // The session is checked again before every delivery and at every keep-alive: a stream never outlives
      // sign-out, deactivation, the idle timeout or the absolute lifetime. The check never extends the session.
      const stillSignedIn = async () => (await lookupSession(deps, token, { touch: false })).kind === 'ok';
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
        while (open) {
          if (queue.length && !(await stillSignedIn())) break;
          while (open && queue.length) {
            const e = queue.shift()!;
            const html = await liveFragment(deps, e, reader).catch((err: unknown) => {
              deps.log.warn('live fragment not drawn', { type: e.type, code: (err as { code?: string }).code ?? null });
              return null;
            });
            if (html) await stream.writeSSE({ data: html });
            await stream.writeSSE({ event: e.type, data: JSON.stringify(e.data) });
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, KEEPALIVE_MS);
          });
          wake = null;
          if (open && !queue.length) {
            if (!(await stillSignedIn())) break;
            await stream.write(': keep-alive\n\n');
          }
        }
      } catch (e) {
        // The session could not be checked (the database is away) or the stream could not be written: it ends
        // without a word, and the browser opens a new one (public/live.js retries until the desk serves again).
        deps.log.warn('live stream ended by an error', { code: (e as { code?: string }).code ?? null });
        return;
      } finally {
        unsubscribe();
      }
      if (!stream.aborted) await stream.writeSSE({ event: 'session-ended', data: '{}', retry: 60_000 }).catch(() => {});
    });
  });

  // The contact page tells every 20 s that its agent is still there (htmx, from #presence), and once more when they
  // leave (public/presence.js); everyone is told who is on which contact. The answer lists the others: as the
  // presence line's HTML for htmx, as JSON otherwise.
  r.post('/presence/:id', requireRole('agent', 'supervisor', 'legal'), async (c) => {
    const id = /^\d{1,12}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : 0;
    if (id <= 0) return c.json({ error: 'unknown contact' }, 404);
    const user = c.get('user')!;
    await assertContactVisible(deps, user, id);
    const now = deps.clock().getTime();
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    let others: string[] = [];
    if (body.leave === '1') deps.presence.leave(id, user.id);
    else {
      if (!(await contactExists(deps, id))) return c.json({ error: 'unknown contact' }, 404);
      others = deps.presence.touch(id, user, now);
    }
    deps.events.publish({
      type: 'presence',
      roles: ['agent', 'supervisor', 'legal'],
      data: {
        contactId: id,
        present: deps.presence.present(id, now),
        ...(body.leave === '1' ? { left: user.id } : {}),
      },
    });
    if (c.req.header('HX-Request') === 'true') {
      c.header('Cache-Control', 'no-store');
      return c.html(<PresenceText t={c.get('t')} names={others} />);
    }
    return c.json({ others });
  });
  return r;
}
