// A topic typed into the contact page's topic combobox, mapped back to its code (see src/shared/combobox-value.ts).
import { valueFromInput } from '../shared/combobox-value.js';
import { TOPICS } from './contacts.table.js';

/** A topic code from its label in any of the given languages, or from the code itself; null for anything else. */
export function topicFromInput(text: string, labels: (code: string) => string[]): string | null {
  return valueFromInput(
    text,
    TOPICS.flatMap((code) => labels(code).map((label) => ({ value: code, label }))),
  );
}
