import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/nl.json'));

/** Besides ISO 3166-1 alpha-2: unknown and stateless (docs/contract.md). */
const SPECIAL_NATIONALITIES = ['XX', 'XS'] as const;

/** True for an ISO 3166-1 alpha-2 code (upper case), or XX / XS when `special`. */
export function isCountryCode(code: string, special = false): boolean {
  if (special && (SPECIAL_NATIONALITIES as readonly string[]).includes(code)) return true;
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

type Locale = 'nl' | 'en';

/**
 * The few common names CLDR writes otherwise than people at the desk say them: a territory's status ("SAR
 * China"), a second name in brackets. The same in every ICU version, so no page differs from another.
 */
const OWN_NAMES: Record<Locale, Record<string, string>> = {
  nl: { HK: 'Hongkong', MO: 'Macau', PS: 'Palestina', MM: 'Myanmar' },
  en: { HK: 'Hong Kong', MO: 'Macao', PS: 'Palestine', MM: 'Myanmar', CI: 'Ivory Coast' },
};

/** Unknown and stateless, as the registration form and the statistics write them. */
const SPECIAL_NAMES: Record<Locale, Record<string, string>> = {
  nl: { XX: 'Onbekend', XS: 'Staatloos' },
  en: { XX: 'Unknown', XS: 'Stateless' },
};

const display: Record<Locale, Intl.DisplayNames> = {
  nl: new Intl.DisplayNames(['nl'], { type: 'region', fallback: 'code' }),
  en: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }),
};

/** CLDR's common name, made plain: "Trinidad and Tobago", "Saint Kitts and Nevis", "Congo-Kinshasa". */
function commonName(code: string, locale: Locale): string {
  const own = OWN_NAMES[locale][code] ?? SPECIAL_NAMES[locale][code];
  if (own) return own;
  const name = display[locale].of(code) ?? code;
  if (name === code) return countries.getName(code, locale, { select: 'alias' }) ?? code;
  return locale === 'en'
    ? name
        .replace(/ & /g, ' and ')
        .replace(/^St\. /, 'Saint ')
        .replace(/ - /g, '-')
    : name;
}

const names = new Map<string, string>();

/**
 * A country's common name in the user's language — "Nigeria", "Nederland", "Roemenië", "Verenigd Koninkrijk" —
 * the one name every page, list, statistic and readable export uses (never the official long form). The code
 * itself for an unknown code; the contract's exports keep their codes.
 */
export function countryName(code: string, locale: Locale): string {
  const key = `${locale}:${code}`;
  let name = names.get(key);
  if (name === undefined) {
    name = isCountryCode(code, true) ? commonName(code, locale) : code;
    names.set(key, name);
  }
  return name;
}

/**
 * The nationalities the desk registers most (domain.md §2.2: CoMensha and the NRM name the Netherlands, Poland,
 * Nigeria, Romania, Bulgaria, Uganda and Vietnam). When a part typed starts several names ("Nig": Niger, Nigeria),
 * the combobox completes it to the one of these among them; typed whole, any other name is kept ("Niger").
 */
export const DESK_COMMON_COUNTRIES: readonly string[] = ['NL', 'PL', 'NG', 'RO', 'BG', 'UG', 'VN'];

export interface CountryOption {
  value: string;
  label: string;
  /** one of DESK_COMMON_COUNTRIES */
  common?: true;
}

const options = new Map<Locale, CountryOption[]>();

/** Every country as code and common name in the user's language, sorted by name, for the selects and typeahead. */
export function countryOptions(locale: Locale): CountryOption[] {
  let list = options.get(locale);
  if (!list) {
    const collator = new Intl.Collator(locale);
    list = Object.keys(countries.getAlpha2Codes())
      .map((value): CountryOption => {
        const label = countryName(value, locale);
        return DESK_COMMON_COUNTRIES.includes(value) ? { value, label, common: true } : { value, label };
      })
      .sort((a, b) => collator.compare(a.label, b.label));
    options.set(locale, list);
  }
  return list.map((o) => ({ ...o }));
}
