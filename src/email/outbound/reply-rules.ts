// Which language a reply goes out in, and whom a contact flagged "only through the professional" may be mailed. Pure.

export type ReplyLanguage = 'nl' | 'en';

/** The language a reply goes out in unless the agent chooses: the contact's when it is Dutch or English, else English for a known other language, else the desk's default. */
export function defaultReplyLanguage(contactLanguage: string | null, deskDefault: ReplyLanguage): ReplyLanguage {
  if (contactLanguage === 'nl' || contactLanguage === 'en') return contactLanguage;
  return contactLanguage ? 'en' : deskDefault;
}

/** Party types that are not a professional: the person themselves, or someone not (yet) known as one. */
const PERSONAL_PARTY_TYPES = new Set(['victim', 'citizen', 'other', 'unknown']);

/**
 * True when the reply's recipient is a professional: a contact flagged "only through the professional" may be
 * emailed only when its party is the professional (police, shelter, lawyer …), never the person themselves,
 * and not while the party type is unknown.
 */
export function recipientIsProfessional(partyType: string | null): boolean {
  return !!partyType && !PERSONAL_PARTY_TYPES.has(partyType);
}
