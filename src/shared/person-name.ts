/**
 * A person's name as compared, for an exact name search of contacts and for duplicate registrations alike:
 * accents, case, punctuation and word order do not count ("Jänsen,  piet" is "piet jansen", "Popescu, Ana-Maria"
 * is "ana maria popescu"). Null when nothing is left. The one name normaliser: keyed hashes made of it must agree.
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
