import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import type { LiveEvent } from '../shared/event-bus.js';

/**
 * Server-sent events for the open pages of signed-in users: screen pops, inbox refreshes. The browser's
 * EventSource reconnects by itself; a comment every 20 s keeps proxies from closing the stream.
 */
export function liveRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/events', (c) => {
    const user = c.get('user')!;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = deps.events.subscribe((e) => {
        if (e.roles?.length && !e.roles.some((r) => (user.roles as string[]).includes(r))) return;
        queue.push(e);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => { open = false; unsubscribe(); wake?.(); });
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
      while (open) {
        while (queue.length) {
          const e = queue.shift()!;
          await stream.writeSSE({ event: e.type, data: JSON.stringify(e.data) });
        }
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 20_000); });
        wake = null;
        if (open && !queue.length) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });
  return r;
}
