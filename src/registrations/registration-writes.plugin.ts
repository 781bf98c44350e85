import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { insertChildren } from './registrations.queries.js';

type Lists = Parameters<typeof insertChildren>[2];

/** One write of a registration's row or its coded lists: the columns it sets (`created`: the row was inserted). */
export interface RegistrationRowWrite {
  registrationId: number;
  /** The registration's columns the write sets, and `nationalities` / `care_needs` when it sets those lists. */
  columns: readonly string[];
  created: boolean;
}

/**
 * How another feature reacts to the writes of registrations, inside the registrations feature's own transaction
 * (the hook gets it: what a hook writes commits or rolls back with the registration), the shape of the contacts'
 * hooks (src/contacts/contacts.plugin.ts). Every hook is optional. An insert runs `afterWrite` only, once the row
 * and its lists are written; a change runs `beforeWrite` and `afterWrite` around it; a deletion would run
 * `beforeWrite` only (no feature deletes registrations today).
 */
export interface RegistrationHooks {
  beforeWrite?: (trx: Trx, write: RegistrationRowWrite) => Promise<void>;
  afterWrite?: (trx: Trx, write: RegistrationRowWrite) => Promise<void>;
}

// One registry per Deps (tests build many apps in one process), never a module global's single set.
const registry = new WeakMap<Deps, Map<string, RegistrationHooks>>();

/** Adds a feature's reactions to registration writes (unique per app: the same name again replaces them). */
export function registerRegistrationHooks(deps: Deps, name: string, hooks: RegistrationHooks): void {
  const byName = registry.get(deps) ?? new Map<string, RegistrationHooks>();
  byName.set(name, hooks);
  registry.set(deps, byName);
}

/** Runs one kind of hook, in registration order, one after another in the caller's transaction. */
export async function runRegistrationHooks(
  deps: Deps,
  kind: keyof RegistrationHooks,
  trx: Trx,
  write: RegistrationRowWrite,
): Promise<void> {
  for (const h of registry.get(deps)?.values() ?? []) {
    const hook = h[kind];
    if (hook) await hook(trx, write);
  }
}

/** Changes a registration's row in the caller's transaction with the hooks around it: before, the write, after. */
export async function changeRegistrationIn(
  deps: Deps,
  trx: Trx,
  registrationId: number,
  columns: readonly string[],
  write: () => Promise<void>,
): Promise<void> {
  const w = { registrationId, columns, created: false };
  await runRegistrationHooks(deps, 'beforeWrite', trx, w);
  await write();
  await runRegistrationHooks(deps, 'afterWrite', trx, w);
}

/** Inserts a new registration's lists (its row is written) and then tells the hooks it was created. */
export async function insertListsIn(deps: Deps, trx: Trx, registrationId: number, lists: Lists): Promise<void> {
  await insertChildren(trx, registrationId, lists);
  await runRegistrationHooks(deps, 'afterWrite', trx, { registrationId, columns: [], created: true });
}
