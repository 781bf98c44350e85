import type { Child } from 'hono/jsx';
import type { PageContext } from '../../views/layout.js';
import type { EventLabeller } from '../../views/contacts/timeline.js';
import type { Trx } from '../db/database.js';
import type { ContactRow } from './contacts.queries.js';
import type { NewContact } from './contacts.service.js';

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

/** Where words on a contact came from. */
export type TextSource = 'manual' | 'note' | 'email' | 'voicemail' | 'reply' | 'callback' | 'review';

/** New words on a contact (a hand-made contact's subject and notes, a note, a mail, a transcription, a reply). */
export interface ContactText {
  contactId: number;
  subject?: string | null;
  body: string;
  source: TextSource;
  /** Who wrote them (null: the system, e.g. the mail intake). */
  actor: { id: number | null };
  /** The phone menu's choice, for a transcription. */
  hint?: { menu?: string | null };
  /** The agent chose the queue of this new contact themselves. */
  keepQueue?: boolean;
  /** Words of a mail marked as spam: kept searchable, nothing reacts to them. */
  spam?: boolean;
  /**
   * Set by a reaction that found acute danger in the words (routing's classifier), for the reactions registered
   * after it (the on-call notice): hooks run in registration order on the same object.
   */
  urgent?: boolean;
  /** The fields the agent set by hand in the same edit as this note (see ContactEdit.byHand). */
  withFields?: readonly string[];
}

/** One write of a contact's row: the columns it sets (`created`: the row was inserted). */
export interface ContactRowWrite {
  contactId: number;
  columns: readonly string[];
  created: boolean;
}

/** A change of a contact that was written (after its timeline events and audit entry). */
interface ContactEdit {
  contactId: number;
  /** The fields that changed (see ChangeResult.changed). */
  fields: readonly string[];
  actor: { id: number | null };
  /** The agent set these fields themselves on the contact's form (not a system, a review or a macro). */
  byHand: boolean;
  /** The note added with the change, if one was. */
  note?: string;
}

/**
 * How another feature reacts to what happens to contacts, inside the contacts feature's own transaction (the
 * hook gets it: what a hook writes commits or rolls back with the contact). Every hook is optional.
 */
export interface ContactHooks {
  /** Before a contact with words is created: may amend what is created (e.g. born routed at version 1). */
  prepareNew?: (input: NewContact, text: Omit<ContactText, 'contactId'>) => NewContact;
  /** New words on a contact, after they were stored and made searchable. */
  text?: (trx: Trx, text: ContactText) => Promise<void>;
  /** Before and after a write of the contact's row (insert: after only). */
  beforeWrite?: (trx: Trx, write: ContactRowWrite) => Promise<void>;
  afterWrite?: (trx: Trx, write: ContactRowWrite) => Promise<void>;
  /** A change was written (changeContactIn), at its end. */
  changed?: (trx: Trx, edit: ContactEdit) => Promise<void>;
}

/**
 * The contacts' plug-in contract: features register their panel and the timeline texts of their own event kinds,
 * and their hooks (ContactHooks), when the deps are built (src/plugins.ts). One registry per `Deps` (tests build
 * many apps in one process), never a module global.
 */
export class ContactPlugins {
  // biome-ignore lint/suspicious/noExplicitAny: each panel's props are its own; load and view agree per panel
  private readonly panelsByName = new Map<string, ContactPanel<any>>();
  private readonly labelsByPrefix = new Map<string, EventLabeller>();
  private readonly hooksByName = new Map<string, ContactHooks>();

  /** Adds a feature's reactions to contact writes (unique per app: the same name again replaces them). */
  registerContactHooks(name: string, hooks: ContactHooks): void {
    this.hooksByName.set(name, hooks);
  }

  /** Runs the prepareNew hooks in registration order, each on what the one before answered. */
  prepareNew(input: NewContact, text: Omit<ContactText, 'contactId'>): NewContact {
    let out = input;
    for (const h of this.hooksByName.values()) if (h.prepareNew) out = h.prepareNew(out, text);
    return out;
  }

  /** Runs one kind of hook, in registration order, one after another in the caller's transaction. */
  async run<K extends Exclude<keyof ContactHooks, 'prepareNew'>>(
    kind: K,
    trx: Trx,
    arg: Parameters<NonNullable<ContactHooks[K]>>[1],
  ): Promise<void> {
    for (const h of this.hooksByName.values()) {
      const hook = h[kind] as ((trx: Trx, arg: unknown) => Promise<void>) | undefined;
      if (hook) await hook(trx, arg);
    }
  }

  /** Adds a panel to every contact page, after the panels registered before it. */
  registerContactPanel<P>(panel: ContactPanel<P>): void {
    this.panelsByName.set(panel.name, panel);
  }

  /** Gives the timeline texts of the event kinds that start with `prefix` (e.g. `call.`) to `labeller`. */
  registerTimelineLabels(prefix: string, labeller: EventLabeller): void {
    this.labelsByPrefix.set(prefix, labeller);
  }

  /** The panels that have something to show for this contact, in registration order, their loads run concurrently. */
  async panels(contact: ContactRow, ctx: PageContext): Promise<Child[]> {
    // Loaded at once (on PostgreSQL each on its own pooled connection), drawn in registration order.
    const panels = [...this.panelsByName.values()];
    const loaded = await Promise.all(panels.map((panel) => panel.load(contact, ctx)));
    return panels.flatMap((panel, i) => (loaded[i] === null ? [] : [panel.view(loaded[i])]));
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
