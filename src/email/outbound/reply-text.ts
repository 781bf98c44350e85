// The text of an agent's reply as it leaves: the agent's words, their signature in the reply's language and
// the message being answered, quoted. Pure: the service gathers the parts, this only puts them together.

/** Longest part of the answered message that is quoted; the rest is left out with a marker. */
const MAX_QUOTE_CHARS = 10_000;
/** Longest signature a user may keep, per language. */
export const MAX_SIGNATURE_CHARS = 1_000;

export interface QuotedMessage {
  /** The attribution line in the reply's language: "On 23-11-2026 11:00, Jan <jan@politie.nl> wrote:". */
  header: string;
  body: string;
}

/** Normalises line ends and trims trailing blanks of each line and of the whole text. */
const clean = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

/** Quotes a text as mail clients do: "> " before each line, ">" alone on an empty one, ">>" for a line already quoted. */
export function quoteLines(text: string, max = MAX_QUOTE_CHARS): string {
  let body = clean(text);
  const cut = body.length > max;
  if (cut) body = `${body.slice(0, max).trimEnd()}\n[…]`;
  return body
    .split('\n')
    .map((l) => (l === '' ? '>' : l.startsWith('>') ? `>${l}` : `> ${l}`))
    .join('\n');
}

/**
 * The whole outgoing text: the agent's reply, then the signature after the usual "-- " separator (when there
 * is one), then the attribution line and the quoted message (when there is one).
 */
export function composeReply(parts: { text: string; signature: string | null; quote: QuotedMessage | null }): string {
  const out = [clean(parts.text)];
  const signature = parts.signature ? clean(parts.signature) : '';
  if (signature) out.push(`-- \n${signature}`);
  if (parts.quote && clean(parts.quote.body)) out.push(`${parts.quote.header}\n${quoteLines(parts.quote.body)}`);
  return out.join('\n\n');
}
