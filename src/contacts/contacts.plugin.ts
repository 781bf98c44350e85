import type { Child } from 'hono/jsx';
import type { PageContext } from '../../views/layout.js';
import type { EventLabeller } from '../../views/contacts/timeline.js';
import type { ContactRow } from './contacts.queries.js';

export type { EventLabeller } from '../../views/contacts/timeline.js';

/**
 * What a channel (calls, email, and next routing, registrations, review) adds to a contact's page. `load` goes
 * through the feature's own service (queries, decryption, auditing there) and answers null when the contact has
 * nothing of that channel; `view` is a plain function of what `load` answered.
 */
export interface ContactPanel<P> {
  /** Unique per app: registering the same name again replaces the panel. */
  name: string;
  load: PanelLoad<P>;
  view: (props: P) => Child;
  /**
   * The id of the panel's root element when it shows what an agent's save changes (the routing suggestion and
   * its "accept" with the contact's version): then it is drawn again after every action on the contact page.
   * Panels with a box being typed in (the reply) leave it out and are never redrawn under the agent's hands.
   */
  redrawAfterSave?: string;
}

/** How a panel loads its props for one contact (see ContactPanel.load). */
export type PanelLoad<P = unknown> = (contact: ContactRow, ctx: PageContext) => Promise<P | null>;

/**
 * The contact page's plug-in contract: features register their panel and the timeline texts of their own event
 * kinds when the app is built. One registry per `Deps` (tests build many apps in one process), never a module global.
 */
export class ContactPlugins {
  // biome-ignore lint/suspicious/noExplicitAny: each panel's props are its own; load and view agree per panel
  private readonly panelsByName = new Map<string, ContactPanel<any>>();
  private readonly labelsByPrefix = new Map<string, EventLabeller>();

  /** Adds a panel to every contact page, after the panels registered before it. */
  registerContactPanel<P>(panel: ContactPanel<P>): void {
    this.panelsByName.set(panel.name, panel);
  }

  /** Gives the timeline texts of the event kinds that start with `prefix` (e.g. `call.`) to `labeller`. */
  registerTimelineLabels(prefix: string, labeller: EventLabeller): void {
    this.labelsByPrefix.set(prefix, labeller);
  }

  /** The panels that have something to show for this contact, in registration order. */
  async panels(contact: ContactRow, ctx: PageContext): Promise<Child[]> {
    const out: Child[] = [];
    for (const panel of this.panelsByName.values()) {
      const props = await panel.load(contact, ctx);
      if (props !== null) out.push(panel.view(props));
    }
    return out;
  }

  /** The panels drawn again after an action (see `redrawAfterSave`), each with the id of its root element. */
  async panelsAfterSave(contact: ContactRow, ctx: PageContext): Promise<{ id: string; child: Child }[]> {
    const out: { id: string; child: Child }[] = [];
    for (const panel of this.panelsByName.values()) {
      if (!panel.redrawAfterSave) continue;
      const props = await panel.load(contact, ctx);
      if (props !== null) out.push({ id: panel.redrawAfterSave, child: panel.view(props) });
    }
    return out;
  }

  /** The registered timeline texts as one labeller: null for a kind no feature claimed. */
  readonly eventLabel: EventLabeller = (t, kind, data, stamp) => {
    for (const [prefix, labeller] of this.labelsByPrefix)
      if (kind.startsWith(prefix)) return labeller(t, kind, data, stamp);
    return null;
  };
}
