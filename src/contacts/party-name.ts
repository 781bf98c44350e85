import type { Deps } from '../deps.js';

/**
 * A party's name as compared for an exact name search: accents, case, punctuation and word order do not count
 * ("Jänsen,  piet" is "piet jansen"). Null when nothing is left.
 */
export function normaliseName(name: string | null | undefined): string | null {
  const words = (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort();
  return words.length ? words.join(' ') : null;
}

/**
 * The keyed hash (HMAC) of a party's normalised name, stored as contacts.party_name_hash so the inbox finds a
 * name by exact match without decrypting anything. Whatever writes a contact's name must set it with this.
 */
export function nameHash(deps: Pick<Deps, 'crypto'>, name: string | null | undefined): string | null {
  const n = normaliseName(name);
  return n ? deps.crypto.hash('name', n) : null;
}
