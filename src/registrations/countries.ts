import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/nl.json'));

/** Besides ISO 3166-1 alpha-2: unknown and stateless (SPEC section 10). */
export const SPECIAL_NATIONALITIES = ['XX', 'XS'] as const;

/** True for an ISO 3166-1 alpha-2 code (upper case), or XX / XS when `special`. */
export function isCountryCode(code: string, special = false): boolean {
  if (special && (SPECIAL_NATIONALITIES as readonly string[]).includes(code)) return true;
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

/** Every country as code and name in the user's language, sorted by name, for the selects. */
export function countryOptions(locale: 'nl' | 'en'): { value: string; label: string }[] {
  const names = countries.getNames(locale, { select: 'official' });
  return Object.entries(names)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A country's name in the user's language (the code itself when unknown). */
export const countryName = (code: string, locale: 'nl' | 'en') => countries.getName(code, locale) ?? code;
