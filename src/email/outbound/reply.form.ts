import type { ReplyInput } from './outbox.service.js';

const str = (body: Record<string, unknown>, key: string) =>
  typeof body[key] === 'string' ? (body[key] as string) : undefined;

/** An optional whole number field: absent → undefined, empty → null, digits → the number, anything else → NaN. */
const optionalId = (v: string | undefined) =>
  v === undefined ? undefined : v === '' ? null : /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;

/**
 * Reads the reply box: the text, the reply's language, the newest message and contact version the agent saw,
 * and what becomes of the contact ("after": resolved or waiting). `ok` is false for a value that cannot come
 * from the form (the text is still returned, so it is never lost).
 */
export function parseReplyForm(body: Record<string, unknown>): {
  ok: boolean;
  body: string;
  macroAnswerId: number | null;
  input: ReplyInput;
} {
  const text = str(body, 'body') ?? '';
  const lang = str(body, 'lang') || undefined;
  const after = str(body, 'after') || undefined;
  const seen = optionalId(str(body, 'last_message'));
  const version = optionalId(str(body, 'version'));
  const macro = optionalId(str(body, 'macro'));
  const ok =
    (lang === undefined || lang === 'nl' || lang === 'en') &&
    (after === undefined || after === 'resolved' || after === 'waiting') &&
    !Number.isNaN(seen) &&
    !Number.isNaN(version) &&
    !Number.isNaN(macro);
  return {
    ok,
    body: text,
    /** The answer inserted with "Insert and apply", whose topic, queue and status go with the reply. */
    macroAnswerId: typeof macro === 'number' ? macro : null,
    input: {
      body: text,
      lang: lang === 'nl' || lang === 'en' ? lang : undefined,
      status: after === 'resolved' || after === 'waiting' ? after : undefined,
      seenMessageId: Number.isNaN(seen) ? undefined : seen,
      version: Number.isNaN(version) || version === undefined ? null : version,
    },
  };
}
