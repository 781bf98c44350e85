import { francAll } from 'franc';
import type { LANGUAGES } from '../../contacts/contacts.table.js';

type Language = (typeof LANGUAGES)[number];

/**
 * The languages franc chooses among: the contact form's languages, and the others the desk's mail arrives in
 * (which become "other"). Leaving out Afrikaans, Frisian and Scots keeps short Dutch and English mail from being
 * taken for them.
 */
const TO_CONTACT: Record<string, Language> = {
  nld: 'nl',
  eng: 'en',
  deu: 'de',
  fra: 'fr',
  pol: 'pl',
  ron: 'ro',
  bul: 'bg',
  spa: 'es',
  arb: 'ar',
};
const OTHERS = [
  'por',
  'ita',
  'tur',
  'rus',
  'ukr',
  'hun',
  'ces',
  'slk',
  'lit',
  'lvs',
  'vie',
  'tha',
  'tgl',
  'ind',
  'cmn',
  'som',
  'tir',
  'amh',
  'pes',
  'urd',
  'hin',
  'ben',
  'swh',
  'yor',
  'hau',
  'ibo',
  'ell',
  'als',
  'srp',
  'hrv',
  'slv',
  'mkd',
];
const ONLY = [...Object.keys(TO_CONTACT), ...OTHERS];

/** Below this many letters a guess is worse than none. */
const MIN_LETTERS = 20;

/**
 * The language of an incoming mail as the contact's language field holds it (`nl`, `en`, … or `other`), from its
 * subject and its own text (quoted lines and anything after a signature or forwarded header left out); null when
 * the text is too short to tell.
 */
export function detectMailLanguage(subject: string, text: string): Language | null {
  const own: string[] = [];
  for (const line of text.slice(0, 8000).split(/\r?\n/)) {
    if (/^(-- ?|_{5,}|-{5,}.*|On .+ wrote:|Op .+ schreef .+:)$/.test(line.trim())) break;
    if (!line.startsWith('>')) own.push(line);
  }
  const sample = `${subject}\n${own.join('\n')}`.replace(/https?:\/\/\S+|\S+@\S+/g, ' ').slice(0, 3000);
  if ((sample.match(/\p{L}/gu) ?? []).length < MIN_LETTERS) return null;
  const ranked = francAll(sample, { only: ONLY, minLength: MIN_LETTERS });
  let code = ranked[0]?.[0] ?? 'und';
  if (code === 'und') return null;
  // Trigrams alone take short English for Dutch now and then (and back): close calls between the two are
  // decided by their commonest words.
  const second = ranked[1];
  if ((code === 'nld' || code === 'eng') && second && (second[0] === 'nld' || second[0] === 'eng') && second[1] > 0.95)
    code = wordsOf(sample, NL_WORDS) >= wordsOf(sample, EN_WORDS) ? 'nld' : 'eng';
  return TO_CONTACT[code] ?? 'other';
}

const NL_WORDS = new Set(
  'de het een en ik mijn niet is van op wat dat die met voor geen kan wij u je ze er naar maar ook bij zijn heb'.split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'the a an and i my not is of on what that with for no can we you they am are to it but also at be have'.split(' '),
);

const wordsOf = (text: string, words: Set<string>) =>
  (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words.has(w)).length;
