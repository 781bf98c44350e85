import snowball from 'snowball-stemmers';
import lexicon from './lexicon.json' with { type: 'json' };
import { fold, prepareText, type PreparedText } from './text-prep.js';
import { TOPICS, type Topic } from './topics.js';

/*
 * The legal-question classifier: pure (no I/O), its words and weights in lexicon.json.
 *
 * How it reads a text: tokens are runs of letters and digits, folded (lower case, no diacritics) and stemmed
 * with Snowball in Dutch and in English (a message may hold both). A lexicon term matches on the stems of its
 * own language, a phrase word by word; an acronym written `=OM` only as written. The longest match wins a
 * token (so "work permit" is work, not permit). A Dutch word with no match of its own is split as a compound:
 * a lexicon stem at its start ("aangiftes", "bedenktijdperiode") or, when five letters or longer, inside it
 * ("verblijfsvergunningen"). Negation does not remove a topic ("geen aangifte gedaan" still concerns
 * reporting), but a negated danger or minor cue ("niet in gevaar", "not a minor") does not set the flag.
 */

type Lang = 'nl' | 'en';

type Target =
  | { kind: 'topic'; topic: Topic }
  | { kind: 'urgent' }
  | { kind: 'minor' }
  | { kind: 'negation' }
  | { kind: 'entitlement' };

interface Entry {
  target: Target;
  weight: number;
  lang: Lang | '=';
  /** Stems (or, for '=', the exact tokens) of the term's words. */
  words: string[];
  id: number;
}

const stemmers = { nl: snowball.newStemmer('dutch'), en: snowball.newStemmer('english') };

const STEM_CACHE_MAX = 20_000;

const stemCache = { nl: new Map<string, string>(), en: new Map<string, string>() };

function stem(lang: Lang, word: string): string {
  if (!/[a-z]/.test(word)) return word;
  const cache = stemCache[lang];
  let s = cache.get(word);
  if (s === undefined) {
    s = stemmers[lang].stem(word);
    if (cache.size >= STEM_CACHE_MAX) cache.clear();
    cache.set(word, s);
  }
  return s;
}

export interface Token {
  start: number;
  end: number;
  raw: string;
  folded: string;
  /** False for words in another script: they are never stemmed or matched. */
  latin: boolean;
  weight: number;
  nl: string;
  en: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function tokensOf(prepared: PreparedText): Token[] {
  const tokens: Token[] = [];
  let r = 0;
  for (const m of prepared.text.matchAll(WORD)) {
    const start = m.index;
    while (r < prepared.regions.length - 1 && prepared.regions[r]!.end <= start) r++;
    const raw = m[0];
    const folded = fold(raw);
    const latin = /^[a-z0-9]+$/.test(folded) && folded.length <= 40;
    tokens.push({
      start,
      end: start + raw.length,
      raw,
      folded,
      latin,
      weight: prepared.regions[r]?.weight ?? 1,
      nl: latin ? stem('nl', folded) : '',
      en: latin ? stem('en', folded) : '',
    });
  }
  return tokens;
}

/**
 * The words of a text as the learned model sees them (model.ts): each Latin word's Dutch and English stems and each
 * pair of neighbouring Dutch stems, quoted text and signatures left out; with the surface word of each, so a
 * topic the model adds can still be explained in the text's own words.
 */
export function featureWords(text: string): { feature: string; word: string }[] {
  const prepared = prepareText(typeof text === 'string' ? text : '');
  const tokens = tokensOf(prepared).filter(
    (t) => t.latin && t.weight > 0 && t.folded.length > 1 && !/\d/.test(t.folded),
  );
  const out: { feature: string; word: string }[] = [];
  tokens.forEach((t, i) => {
    out.push({ feature: `n:${t.nl}`, word: t.raw });
    if (t.en !== t.nl) out.push({ feature: `e:${t.en}`, word: t.raw });
    const next = tokens[i + 1];
    if (next) out.push({ feature: `b:${t.nl}_${next.nl}`, word: `${t.raw} ${next.raw}` });
  });
  return out;
}

const sameTarget = (a: Target, b: Target) =>
  a.kind === b.kind && (a.kind !== 'topic' || (b.kind === 'topic' && a.topic === b.topic));

/** The lexicon compiled once: entries indexed by the key of their first word. */
const compiled = (() => {
  const first = new Map<string, Entry[]>();
  const compound = new Map<string, Entry[]>();
  let minCompound = Number.POSITIVE_INFINITY;
  let maxCompound = 0;
  let id = 0;
  const add = (target: Target, lang: Lang, term: string, weight: number) => {
    const exact = term.startsWith('=');
    const words = exact
      ? [...term.slice(1).matchAll(WORD)].map((m) => m[0])
      : [...fold(term).matchAll(WORD)].map((m) => stem(lang, m[0]));
    if (words.length === 0) return;
    const key = `${exact ? '=' : lang}:${words[0]}`;
    // Two terms of one target with the same stems ("werk", "werken") are one term, at the higher weight.
    const twin = first.get(key)?.find((e) => sameTarget(e.target, target) && e.words.join(' ') === words.join(' '));
    if (twin) {
      twin.weight = Math.max(twin.weight, weight);
      return;
    }
    const entry: Entry = { target, weight, lang: exact ? '=' : lang, words, id: id++ };
    first.set(key, [...(first.get(key) ?? []), entry]);
    if (!exact && lang === 'nl' && words.length === 1 && target.kind === 'topic' && words[0]!.length >= 4) {
      compound.set(words[0]!, [...(compound.get(words[0]!) ?? []), entry]);
      minCompound = Math.min(minCompound, words[0]!.length);
      maxCompound = Math.max(maxCompound, words[0]!.length);
    }
  };
  for (const topic of TOPICS) {
    const t = lexicon.topics[topic];
    for (const lang of ['nl', 'en'] as const)
      for (const [term, w] of Object.entries(t[lang] as Record<string, number>))
        add({ kind: 'topic', topic }, lang, term, w);
  }
  for (const lang of ['nl', 'en'] as const) {
    for (const term of lexicon.urgent[lang]) add({ kind: 'urgent' }, lang, term, 1);
    for (const term of lexicon.minorCues[lang]) add({ kind: 'minor' }, lang, term, 1);
    for (const term of lexicon.negation[lang]) add({ kind: 'negation' }, lang, term, 1);
    for (const term of lexicon.entitlement[lang]) add({ kind: 'entitlement' }, lang, term, 1);
  }
  return { first, compound, minCompound, maxCompound, falseFriends: lexicon.falseFriends.map(fold) };
})();

export interface Match {
  entry: Entry;
  from: number;
  /** Exclusive token index. */
  to: number;
  weight: number;
  /** Set for a part of a Dutch compound. */
  compound?: boolean;
}

function wordMatches(e: Entry, t: Token, word: string): boolean {
  if (e.lang === '=') return t.raw === word;
  if (!t.latin) return false;
  return (e.lang === 'nl' ? t.nl : t.en) === word || t.folded === word;
}

export function findMatches(tokens: Token[]): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const candidates = [
      ...(t.latin ? (compiled.first.get(`nl:${t.nl}`) ?? []) : []),
      ...(t.latin && t.en !== t.nl ? (compiled.first.get(`en:${t.en}`) ?? []) : []),
      ...(t.latin && t.en === t.nl ? (compiled.first.get(`en:${t.en}`) ?? []) : []),
      ...(compiled.first.get(`=:${t.raw}`) ?? []),
    ];
    const seen = new Set<number>();
    for (const e of candidates) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      if (i + e.words.length > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < e.words.length && ok; k++) ok = wordMatches(e, tokens[i + k]!, e.words[k]!);
      if (ok) out.push({ entry: e, from: i, to: i + e.words.length, weight: e.weight });
    }
  }
  return out;
}

/** The parts of a Dutch compound that are lexicon words: at its start, or (five letters or more) inside it. */
export function compoundParts(t: Token, index: number): Match[] {
  const w = t.folded;
  if (!t.latin || w.length < 7 || compiled.falseFriends.some((f) => w.startsWith(f))) return [];
  const found: Match[] = [];
  let i = 0;
  while (i <= w.length - compiled.minCompound) {
    let hit: { len: number; entries: Entry[] } | null = null;
    const maxLen = Math.min(compiled.maxCompound, w.length - i);
    for (let len = maxLen; len >= (i === 0 ? compiled.minCompound : 5); len--) {
      const entries = compiled.compound.get(w.slice(i, i + len));
      if (entries && !(i === 0 && len === w.length)) {
        hit = { len, entries };
        break;
      }
    }
    if (hit) {
      for (const entry of hit.entries)
        found.push({
          entry,
          from: index,
          to: index + 1,
          weight: entry.weight * lexicon.compoundWeight,
          compound: true,
        });
      i += hit.len;
    } else i++;
  }
  return found;
}
