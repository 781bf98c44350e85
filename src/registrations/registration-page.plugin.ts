import type { Child } from 'hono/jsx';
import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';

/**
 * What a feature adds to a registration's page (COSM placements, signals…), the counterpart of the contact page's
 * ContactPanel: `load` goes through the feature's own service and answers null when it has nothing to show, `view`
 * is a function of what `load` answered. The registration's own view is audited by its page.
 */
export interface RegistrationPanel<P> {
  name: string;
  load: (registration: { id: number; reference: string | null }, ctx: PageContext) => Promise<P | null>;
  view: (props: P) => Child;
}

// One registry per Deps (tests build many apps in one process), kept beside it rather than in it.
// biome-ignore lint/suspicious/noExplicitAny: each panel's props are its own; load and view agree per panel
const registries = new WeakMap<Deps, Map<string, RegistrationPanel<any>>>();

/** Adds a panel to every registration page, after the panels registered before it (same name: replaced). */
export function registerRegistrationPanel<P>(deps: Deps, panel: RegistrationPanel<P>): void {
  let panels = registries.get(deps);
  if (!panels) {
    panels = new Map();
    registries.set(deps, panels);
  }
  panels.set(panel.name, panel);
}

/** The panels that have something to show for this registration, in registration order. */
export async function registrationPanels(
  deps: Deps,
  registration: { id: number; reference: string | null },
  ctx: PageContext,
): Promise<Child[]> {
  const out: Child[] = [];
  for (const panel of registries.get(deps)?.values() ?? []) {
    const props = await panel.load(registration, ctx);
    if (props !== null) out.push(panel.view(props));
  }
  return out;
}
