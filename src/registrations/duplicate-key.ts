import { normalisePhone } from '../crypto/field-crypto.js';
import { normaliseName } from '../shared/person-name.js';

/**
 * What the keyed hashes are made of (the service HMACs them): the normalised name with the birth year (a name
 * alone is too common; without a birth year the name alone), and the phone in E.164. Nulls where nothing is known.
 */
export function duplicateKeys(p: { name?: string | null; birthYear?: number | null; phone?: string | null }): {
  nameYear: string | null;
  phone: string | null;
} {
  const n = normaliseName(p.name);
  return {
    nameYear: n ? `${n}|${p.birthYear ?? ''}` : null,
    phone: normalisePhone(p.phone ?? null),
  };
}
