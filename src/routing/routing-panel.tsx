import type { Child } from 'hono/jsx';
import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactView } from '../contacts/contacts.service.js';
import { ContactRouting } from '../../views/routing/contact-routing.js';
import { contactRouting, phoneAnswers } from './routing.service.js';

/** The routing part of a contact's page: its suggestion with the matched words highlighted, and "accept". */
export async function routingPanel(deps: Deps, view: ContactView, ctx: PageContext): Promise<Child | null> {
  const c = view.contact;
  const notes = view.events.flatMap((e) => {
    if (e.kind !== 'note') return [];
    try {
      const body = (JSON.parse(e.data) as { body?: unknown }).body;
      return typeof body === 'string' ? [body] : [];
    } catch {
      return [];
    }
  });
  const data = await contactRouting(deps, c, view.topics, notes);
  const answers =
    c.channel === 'phone' || c.channel === 'voicemail'
      ? await phoneAnswers(deps, view.topics, c.language, ctx.locale)
      : [];
  return (
    <ContactRouting
      ctx={ctx}
      contactId={c.id}
      version={c.version}
      queue={c.queue}
      priority={c.priority}
      topics={view.topics}
      suggestion={data.suggestion}
      routedByAgent={data.routedByAgent}
      differs={data.differs}
      texts={data.texts}
      answers={answers}
    />
  );
}
