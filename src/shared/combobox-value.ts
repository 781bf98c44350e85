// What an agent typed into a combobox (a text field with a list of suggestions), mapped back to the code the
// list stands for. Pure: the labels are given by the caller (in the reader's language). Typing is forgiving
// about case, accents and spacing ("roemenie" is "Roemenië"), never about the words themselves: a text that is
// not a whole entry of the list is refused, so a typo never quietly becomes another topic or country.
/** Lower case, accents removed, runs of white space as one space: the form in which typed text is compared. */
function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The code of the entry whose label (or code) is the typed text, or null when none is. Texts longer than 200
 * characters are never a list entry.
 */
export function valueFromInput(text: string, entries: readonly { value: string; label: string }[]): string | null {
  if (text.length > 200) return null;
  const typed = comparable(text);
  if (!typed) return null;
  const hit = entries.find((e) => comparable(e.label) === typed) ?? entries.find((e) => comparable(e.value) === typed);
  return hit ? hit.value : null;
}
