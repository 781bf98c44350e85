// A country as typed into a registration's country combobox: its common name in Dutch or English (whatever the
// country list of countries.ts calls it), the words for unknown and stateless, or the ISO code itself.
import { createTranslate } from '../i18n/i18n.js';
import { valueFromInput } from '../shared/combobox-value.js';
import { countryOptions } from './countries.js';

let entries: { value: string; label: string }[] | null = null;
function allNames() {
  if (!entries) {
    const special = (['nl', 'en'] as const).flatMap((l) => {
      const t = createTranslate(l);
      return [
        { value: 'XX', label: t('reg.unknownCountry') },
        { value: 'XS', label: t('reg.stateless') },
      ];
    });
    entries = [...special, ...countryOptions('nl'), ...countryOptions('en')];
  }
  return entries;
}

/**
 * The code for a typed country (name in either language, or a code, upper or lower case), or the text itself
 * when it names none: the form's check then refuses it by the field, and the agent sees what they typed.
 */
export function countryFromInput(text: string): string {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  return valueFromInput(trimmed, allNames()) ?? text;
}
