/**
 * The audit log in words (issue 23): what happened, to what, and the details — instead of codes and JSON. Pure:
 * the page hands in the texts of the reader's language and the names it looked up.
 */

/** What the audit page says for an action with its own words; the other actions are spelled out from the code. */
export const ACTION_WORDS = [
  'login',
  'login.failed',
  'logout',
  'contact.create',
  'contact.view',
  'contact.update',
  'contact.search',
  'registration.create',
  'registration.view',
  'registration.update',
  'registration.list',
  'statistics.export',
  'email.receive',
  'email.reply',
  'user.create',
  'user.update',
  'care.list',
  'referral.create',
  'answer.use',
  'recording.play',
] as const;

/** An action code spelled out: "two-factor.recovery-code" → "two factor: recovery code". */
export function spellCode(code: string): string {
  const [head, ...rest] = code.split('.');
  const words = (s: string) => s.replace(/[-_]/g, ' ');
  return rest.length ? `${words(head!)}: ${rest.map(words).join(' ')}` : words(head!);
}

/** A detail's key in words: "careRegion" → "care region", "identifiers" → "identifiers". */
export const keyWords = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

export interface DetailWords {
  yes: string;
  no: string;
  none: string;
  /** The words of a key the reader's language has them for (else keyWords). */
  key?: (key: string) => string | undefined;
}

function valueWords(v: unknown, w: DetailWords): string {
  if (v === null || v === undefined || v === '') return w.none;
  if (v === true) return w.yes;
  if (v === false) return w.no;
  if (Array.isArray(v)) return v.length ? v.map((x) => valueWords(x, w)).join(', ') : w.none;
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${w.key?.(k) ?? keyWords(k)} ${valueWords(x, w)}`)
      .join(', ');
  return String(v);
}

/**
 * The stored details (a JSON object) as "key: value" lines in words; a text that is not JSON is shown as it is,
 * and an empty object as nothing.
 */
export function detailLines(details: string | null, w: DetailWords): string[] {
  if (!details) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [details];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [valueWords(parsed, w)];
  return Object.entries(parsed as Record<string, unknown>).map(
    ([k, v]) => `${w.key?.(k) ?? keyWords(k)}: ${valueWords(v, w)}`,
  );
}

/** A calendar day (YYYY-MM-DD) that exists, or null. */
export function validDay(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}
