import { en } from './en.js';
import { nl } from './nl.js';

export type Locale = 'nl' | 'en';
/** A message's key; its plural variants (`key#one`, …) are chosen by the translate function, never named. */
export type MessageKey = Exclude<keyof typeof en, `${string}#${string}`>;
/** Looks up a message in the user's language and fills `{name}` placeholders. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Locale, Record<string, string>> = { en, nl };

/**
 * The plural category of a count in a language, from the CLDR rules of Intl.PluralRules: "one" for 1 in Dutch and
 * English, "other" for 0, 2, 1.5 …; languages with more forms (few, many) need no change here.
 */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  return pluralRules[locale].select(count);
}
const pluralRules: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  nl: new Intl.PluralRules('nl'),
};

/**
 * Creates the translate function for one locale; a key missing in Dutch falls back to English. A message that
 * counts something has plural variants beside it (`answers.uses#one`, the key itself being "other"): the variant
 * for the number in its `n` or `count` parameter is chosen by the language's plural rules.
 */
export function createTranslate(locale: Locale): Translate {
  const dict = dictionaries[locale];
  const lookup = (key: string): string | undefined => dict[key] ?? (en as Record<string, string>)[key];
  return (key, params) => {
    const count = params ? (params.n ?? params.count) : undefined;
    const text =
      (typeof count === 'number' ? lookup(`${key}#${pluralCategory(locale, count)}`) : undefined) ?? lookup(key) ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)) : text;
  };
}
