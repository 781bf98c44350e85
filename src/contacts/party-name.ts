import type { Deps } from '../deps.js';
import { normaliseName } from '../shared/person-name.js';

/**
 * The keyed hash (HMAC) of a party's normalised name, stored as contacts.party_name_hash so the inbox finds a
 * name by exact match without decrypting anything. Whatever writes a contact's name must set it with this.
 */
export function nameHash(deps: Pick<Deps, 'crypto'>, name: string | null | undefined): string | null {
  const n = normaliseName(name);
  return n ? deps.crypto.hash('name', n) : null;
}
