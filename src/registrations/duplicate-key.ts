import { normalisePhone } from '../crypto/field-crypto.js';

/**
 * A person's name as compared for duplicates: accents, case, punctuation and word order do not count
 * ("Ána  MARIA Popescu" is "ana maria popescu", and so is "Popescu, Ana-Maria"). Null when nothing is left.
 */
export function normalisedName(name: string | null | undefined): string | null {
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
 * What the keyed hashes are made of (the service HMACs them): the normalised name with the birth year (a name
 * alone is too common; without a birth year the name alone), and the phone in E.164. Nulls where nothing is known.
 */
export function duplicateKeys(p: { name?: string | null; birthYear?: number | null; phone?: string | null }): {
  nameYear: string | null;
  phone: string | null;
} {
  const n = normalisedName(p.name);
  return {
    nameYear: n ? `${n}|${p.birthYear ?? ''}` : null,
    phone: normalisePhone(p.phone ?? null),
  };
}
