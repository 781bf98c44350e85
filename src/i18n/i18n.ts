import { en } from './en.js';
import { nl } from './nl.js';

export type Locale = 'nl' | 'en';
export type MessageKey = keyof typeof en;
/** Looks up a message in the user's language and fills `{name}` placeholders. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, nl };

/** Creates the translate function for one locale; a key missing in Dutch falls back to English. */
export function createTranslate(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, params) => {
    const text = dict[key] ?? en[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)) : text;
  };
}
