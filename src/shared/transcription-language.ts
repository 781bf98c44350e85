// The language a voicemail is transcribed in, per menu path (pure; no I/O). Twilio's real-time transcription takes
// a BCP-47 code; the caller's language follows the menu path they took, Dutch unless a path is set otherwise.

/** The menu paths: `default` (no choice: the desk was closed, or nobody pressed a key) and the menu keys. */
const TRANSCRIPTION_PATHS = ['default', '1', '2', '3'] as const;
type TranscriptionPath = (typeof TRANSCRIPTION_PATHS)[number];
export type TranscriptionLanguages = Record<TranscriptionPath, string>;

/** The languages Baken accepts for a path: those Twilio's real-time transcription lists for nl and en. */
const TRANSCRIPTION_LANGUAGE_CODES = ['nl-NL', 'en-GB', 'en-US'] as const;

export const DEFAULT_TRANSCRIPTION_LANGUAGES: TranscriptionLanguages = {
  default: 'nl-NL',
  '1': 'nl-NL',
  '2': 'nl-NL',
  '3': 'nl-NL',
};

/**
 * Reads TWILIO_TRANSCRIPTION_LANGUAGES: comma-separated `path=code` pairs, e.g. `default=nl-NL,3=en-GB`. A path
 * not named keeps Dutch. Throws (with a message naming the fault) on an unknown path or code.
 */
export function parseTranscriptionLanguages(value: string | undefined): TranscriptionLanguages {
  const out: TranscriptionLanguages = { ...DEFAULT_TRANSCRIPTION_LANGUAGES };
  if (value === undefined || value.trim() === '') return out;
  for (const pair of value.split(',')) {
    const [path, code, ...rest] = pair.split('=').map((s) => s.trim());
    if (rest.length || !path || !code) throw new Error(`"${pair.trim()}" is not path=language`);
    if (!(TRANSCRIPTION_PATHS as readonly string[]).includes(path))
      throw new Error(`"${path}" is not a menu path (${TRANSCRIPTION_PATHS.join(', ')})`);
    if (!(TRANSCRIPTION_LANGUAGE_CODES as readonly string[]).includes(code))
      throw new Error(`"${code}" is not a transcription language (${TRANSCRIPTION_LANGUAGE_CODES.join(', ')})`);
    out[path as TranscriptionPath] = code;
  }
  return out;
}

/** The transcription language of a voicemail left on this menu path (null: no choice made). */
export function transcriptionLanguage(languages: TranscriptionLanguages, choice: string | null | undefined): string {
  const path = choice === '1' || choice === '2' || choice === '3' ? choice : 'default';
  return languages[path];
}
