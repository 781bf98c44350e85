/**
 * EU/EEA/Swiss nationals as one group (reference/domain.md §1.2 item 14, §3.1.1): the 27 EU member states, the three
 * other EEA states (Iceland, Liechtenstein, Norway) and Switzerland, which follow EU free-movement law rather than
 * the aliens' rules. The statistics' nationality group, the reflection-period rule and the routing lexicon's `eu`
 * topic all use this list. ISO 3166-1 alpha-2; Greece is GR.
 */
export const EU_MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;
const EEA_NON_EU = ['IS', 'LI', 'NO'] as const;
export const EU_EEA_CH = [...EU_MEMBER_STATES, ...EEA_NON_EU, 'CH'] as const;
/** The group `eu` of the statistics: EU/EEA/CH without the Netherlands (which is its own group). */
export const EU_EEA_CH_OTHER = EU_EEA_CH.filter((c) => c !== 'NL');

export const NATIONALITY_GROUPS = ['nl', 'eu', 'non_eu', 'stateless', 'unknown'] as const;
export type NationalityGroup = (typeof NATIONALITY_GROUPS)[number];

/** The nationality group of one ISO code: `XS` stateless, `XX` (or anything not a country) unknown. */
export function nationalityGroup(code: string): NationalityGroup {
  if (code === 'NL') return 'nl';
  if (code === 'XS') return 'stateless';
  if (code === 'XX' || !/^[A-Z]{2}$/.test(code)) return 'unknown';
  return (EU_EEA_CH_OTHER as readonly string[]).includes(code) ? 'eu' : 'non_eu';
}
