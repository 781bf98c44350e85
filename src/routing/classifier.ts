import lexicon from './lexicon.json' with { type: 'json' };
import { fold, prepareText, type PreparedText } from './text-prep.js';
import { type RoutingModel, predictModel, strongestFeatures } from './model.js';
import {
  MENU_QUEUE,
  QUEUE_PRECEDENCE,
  ROUTED_QUEUES,
  TOPICS,
  TOPIC_QUEUE,
  type RoutedQueue,
  type Topic,
} from './topics.js';
import { compoundParts, featureWords, findMatches, type Match, type Token, tokensOf } from './classifier-words.js';

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

interface TopicScore {
  topic: Topic;
  /** 0..1, rounded to two decimals. */
  score: number;
  /** The words and phrases that matched, as they appear in the text, in order of appearance. */
  matched: string[];
}

export interface Classification {
  queue: RoutedQueue;
  urgent: boolean;
  minor: boolean;
  /** Best first; only topics that passed the threshold. */
  topics: TopicScore[];
}

/** Where a match lies in the (prepared) text, for highlighting. */
export interface MatchSpan {
  start: number;
  end: number;
  kind: 'topic' | 'urgent' | 'minor';
  topic?: Topic;
}

export interface ClassifyHint {
  /** The IVR menu choice ('1' legal, '2' registration, '3' other): a strong hint, not the final word. */
  menu?: string | null;
}

interface Analysis {
  prepared: PreparedText;
  tokens: Token[];
  topicMatches: Match[];
  urgent: Match[];
  minor: Match[];
  /** "Is she entitled to …", "heeft hij recht op …": a question about rights, not a request for a place. */
  entitlement: Match[];
  ageSpans: { start: number; end: number }[];
}

/** Ages written as words (voicemail transcriptions often do): replaced by digits before the age patterns run. */
const AGE_WORDS: Record<string, string> = {
  tien: '10',
  elf: '11',
  twaalf: '12',
  dertien: '13',
  veertien: '14',
  vijftien: '15',
  zestien: '16',
  zeventien: '17',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
};
const AGE_WORD = new RegExp(`\\b(${Object.keys(AGE_WORDS).join('|')})\\b`, 'g');

const MINOR_AGE = [
  /\b(1[0-7]|[5-9])\s*-?\s*jarig/g,
  /\b(1[0-7]|[5-9])\s*(jaar|jr)\s*oud\b/g,
  /\b(1[0-7]|[5-9])\s*-?\s*years?\s*-?\s*old\b/g,
  /\b(aged?|leeftijd(?: van)?)\s*:?\s*(1[0-7]|[5-9])\b/g,
  /\b(meisje|jongen|kind|dochter|zoon|nichtje|neefje|zusje|broertje|girl|boy|child|daughter|son|niece|nephew|sister|brother)\s+(van|of)\s+(1[0-7]|[5-9])\b/g,
  /\b(is|pas|just)\s+(1[0-7]|[5-9])\s*(jaar|years)\b/g,
  /\b(ik ben|ben ik|i am|i m|im|she s|he s)\s+(1[0-7])\b(?![.,]\d)/g,
  /\b(client|cliente|clientje|she|he|girl|boy|meisje|jongen|ze|zij|hij|dochter|zoon|daughter|son)\s+is\s+(1[0-7])\b(?![.,]?\d|\s*(%|euro|uur|km|dagen|days|weeks|weken|maanden|months|keer|times))/g,
];

/** "weet niet waar ik kan slapen", "don't know where to go": a negation before a question word negates nothing after it. */
const QUESTION_WORDS = new Set(['waar', 'waarheen', 'hoe', 'wat', 'wie', 'where', 'how', 'what', 'who']);

function negated(negations: Set<number>, m: { from: number }, tokens?: Token[]): boolean {
  for (let k = Math.max(0, m.from - lexicon.negationWindow); k < m.from; k++) {
    if (!negations.has(k)) continue;
    const between = tokens?.slice(k + 1, m.from + 1) ?? [];
    if (between.some((t) => QUESTION_WORDS.has(t.folded))) continue;
    return true;
  }
  return false;
}

function analyse(input: string): Analysis {
  const prepared = prepareText(input);
  const tokens = tokensOf(prepared);
  const all = findMatches(tokens);
  const negations = new Set<number>();
  for (const m of all) if (m.entry.target.kind === 'negation') for (let k = m.from; k < m.to; k++) negations.add(k);
  // A negation word inside a cue phrase ("geen slaapplek", "not safe") is part of the cue, not its negation.
  const cue = (kind: 'urgent' | 'minor') =>
    all.filter((m) => m.entry.target.kind === kind && tokens[m.from]!.weight > 0 && !negated(negations, m, tokens));
  // Longest match wins a token; matches of equal length (one word in two topics) both count.
  const topicCandidates = all
    .filter((m) => m.entry.target.kind === 'topic')
    .sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const owner = new Int32Array(tokens.length);
  const topicMatches: Match[] = [];
  for (const m of topicCandidates) {
    const len = m.to - m.from;
    let free = true;
    for (let k = m.from; k < m.to && free; k++) free = owner[k]! === 0 || owner[k]! === len;
    if (!free) continue;
    for (let k = m.from; k < m.to; k++) owner[k] = len;
    topicMatches.push(m);
  }
  for (let k = 0; k < tokens.length; k++)
    if (owner[k] === 0 && !negations.has(k)) topicMatches.push(...compoundParts(tokens[k]!, k));
  const minor = cue('minor');
  const ageSpans: { start: number; end: number }[] = [];
  // Same length as the text (numbers as words padded), so the spans point into it.
  const lowered = fold(prepared.text).replace(AGE_WORD, (w) => AGE_WORDS[w]!.padEnd(w.length, ' '));
  if (lowered.length === prepared.text.length)
    for (const re of MINOR_AGE)
      for (const m of lowered.matchAll(re)) {
        const at = tokens.findIndex((t) => t.start >= m.index);
        if (at >= 0 && tokens[at]!.weight === 0) continue;
        if (at >= 0 && negated(negations, { from: at })) continue;
        ageSpans.push({ start: m.index, end: m.index + m[0].length });
      }
  const entitlement = all.filter((m) => m.entry.target.kind === 'entitlement' && tokens[m.from]!.weight > 0);
  return { prepared, tokens, topicMatches, urgent: cue('urgent'), minor, entitlement, ageSpans };
}

// A compound shows as the whole word it is part of ("verblijfsvergunningen"), as the agent reads it.
const surface = (a: Analysis, m: Match) => a.prepared.text.slice(a.tokens[m.from]!.start, a.tokens[m.to - 1]!.end);

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Classifies a text over the 19 topics (topics.ts) and decides its queue: an urgent flag (acute danger) or a
 * minor sends it to `care` (flagged urgent); otherwise the queues of the leading topics (those within
 * `primaryRatio` of the best score) are taken in the order care, legal, registration, general. The IVR menu
 * choice decides between the queues the text supports, and stands alone only when the text names no topic.
 * Any input gives an answer quickly: empty or foreign text gives no topics and the general (or hinted) queue.
 */
export function classify(text: string, hint: ClassifyHint = {}, model = activeModel): Classification {
  const lex = classifyByLexicon(text, hint);
  return model ? blendWithModel(text, hint, lex, model) : lex;
}

let activeModel: RoutingModel | null = null;

/**
 * The model classify() blends with: the one `npm run routing:train` stored for this desk (trained on the labelled
 * set and the agents' corrections, and stored only when it beat the lexicon alone), or none — the lexicon alone.
 */
export function useRoutingModel(model: RoutingModel | null): void {
  activeModel = model;
}

/** The model in use now (for the report and the contact page's explanation). */
export const routingModel = () => activeModel;

/** What the learned model reads of a text: its words, and the lexicon's own findings and the menu choice. */
export function modelFeatures(text: string, hint: ClassifyHint, lex: Classification): Record<string, number> {
  const f: Record<string, number> = {};
  for (const w of featureWords(text)) f[w.feature] = 1;
  for (const t of lex.topics) f[`lex:${t.topic}`] = t.score;
  f[`lexq:${lex.queue}`] = 1;
  if (lex.urgent) f['lex!urgent'] = 1;
  if (lex.minor) f['lex!minor'] = 1;
  if (hint.menu) f[`menu:${hint.menu}`] = 1;
  return f;
}

/**
 * The lexicon's findings blended with the model's probabilities (model.blend.lexicon weighs the lexicon): the topic
 * with the best blended "first topic" score leads, others follow when their blended score reaches the threshold;
 * the queue is the best blend of the lexicon's queue and the model's, except that acute danger or a minor always
 * goes to care. Words explain every topic: the lexicon's matches, or the words the model weighed most.
 */
function blendWithModel(text: string, hint: ClassifyHint, lex: Classification, model: RoutingModel): Classification {
  const features = modelFeatures(text, hint, lex);
  const p = predictModel(model, features);
  const b = model.blend.lexicon;
  const lexScore = (t: Topic) => lex.topics.find((x) => x.topic === t)?.score ?? 0;
  const score = (t: Topic) => b * lexScore(t) + (1 - b) * (p.topics[t] ?? 0);
  const firstScore = (t: Topic) => b * lexScore(t) + (1 - b) * (p.primary[t] ?? 0);
  const first = [...TOPICS].sort((x, y) => firstScore(y) - firstScore(x))[0]!;
  const kept = TOPICS.filter(
    (t) =>
      score(t) >= model.blend.threshold ||
      (t === 'minor' && lex.minor) ||
      (t === first && firstScore(t) >= model.blend.threshold),
  );
  const ordered = [...kept].sort((x, y) => (x === first ? -1 : y === first ? 1 : score(y) - score(x)));
  const words = featureWords(text);
  const topics: TopicScore[] = ordered.map((t) => {
    const fromLexicon = lex.topics.find((x) => x.topic === t)?.matched ?? [];
    const matched = fromLexicon.length
      ? fromLexicon
      : strongestFeatures(model, t, Object.keys(features)).map((f) => words.find((w) => w.feature === f)?.word ?? '');
    return {
      topic: t,
      score: round2(Math.max(score(t), t === first ? firstScore(t) : 0)),
      matched: matched.filter(Boolean),
    };
  });
  const queue = lex.urgent
    ? 'care'
    : ROUTED_QUEUES.map((q) => ({ q, s: b * (lex.queue === q ? 1 : 0) + (1 - b) * (p.queue[q] ?? 0) })).sort(
        (x, y) => y.s - x.s,
      )[0]!.q;
  return { queue, urgent: lex.urgent, minor: lex.minor, topics };
}

/** The lexicon alone: what classify() did before a model was blended in (and does when none is loaded). */
export function classifyByLexicon(text: string, hint: ClassifyHint = {}): Classification {
  const a = analyse(typeof text === 'string' ? text : '');
  const byTopic = new Map<Topic, { raw: number; entries: Map<number, number>; matched: Match[] }>();
  for (const m of a.topicMatches) {
    if (m.entry.target.kind !== 'topic') continue;
    const w = m.weight * a.tokens[m.from]!.weight;
    if (w <= 0) continue;
    const topic = m.entry.target.topic;
    let s = byTopic.get(topic);
    if (!s) {
      s = { raw: 0, entries: new Map(), matched: [] };
      byTopic.set(topic, s);
    }
    const seen = s.entries.get(m.entry.id) ?? 0;
    // A term counts fully once; each repeat adds a little, at most twice.
    s.raw += seen === 0 ? w : seen <= 2 ? 0.2 * w : 0;
    s.entries.set(m.entry.id, seen + 1);
    s.matched.push(m);
  }
  // A training or information question about loverboys is not a child in danger: minor words alone raise no flag
  // when such a framing topic leads; an age ("a girl of 15") still does.
  const best = [...byTopic].filter(([t]) => t !== 'minor').sort(([, x], [, y]) => y.raw - x.raw)[0];
  const framed = !!best && framingTopics.has(best[0]) && best[1].raw >= lexicon.threshold;
  const minor = (a.minor.length > 0 && !framed) || a.ageSpans.length > 0;
  if (minor) {
    const s = byTopic.get('minor') ?? { raw: 0, entries: new Map(), matched: [] };
    s.raw = Math.max(s.raw, lexicon.threshold + 1.5);
    byTopic.set('minor', s);
  }
  const topics: TopicScore[] = [...byTopic]
    .filter(([, s]) => s.raw >= lexicon.threshold)
    .map(([topic, s]) => {
      const matched: string[] = [];
      const ordered = [...s.matched].sort((x, y) => x.from - y.from);
      for (const m of ordered) {
        const word = surface(a, m);
        if (!matched.some((w) => fold(w) === fold(word))) matched.push(word);
      }
      if (topic === 'minor') for (const sp of a.ageSpans) matched.unshift(a.prepared.text.slice(sp.start, sp.end));
      return { topic, score: round2(1 - Math.exp(-s.raw / lexicon.scale)), matched: matched.slice(0, 8), raw: s.raw };
    })
    .sort((x, y) => y.raw - x.raw || TOPICS.indexOf(x.topic) - TOPICS.indexOf(y.topic))
    .map(({ raw: _raw, ...t }) => t);
  const urgent = minor || a.urgent.length > 0;
  return { queue: decideQueue(topics, urgent, hint, a.entitlement.length > 0), urgent, minor, topics };
}

const contextTopics = new Set<string>(lexicon.contextTopics);
/** Topics that name a person's residence status: with a word of entitlement they make a care topic a legal question. */
const STATUS_TOPICS = new Set<string>(['eu', 'asylum', 'reflection', 'permit', 'continued']);
const framingTopics = new Set<string>(lexicon.framingTopics);

/**
 * The queue for the topics found. Context topics (an EU citizen) colour the answer but do not route on their
 * own; a leading framing topic (a training or press question *about* a topic) routes to general; care wins only
 * when a care topic is the best one (a placement needed), legal, registration and general go by precedence among
 * the leading topics.
 */
function decideQueue(found: TopicScore[], urgent: boolean, hint: ClassifyHint, entitlement = false): RoutedQueue {
  if (urgent) return 'care';
  const hinted = hint.menu ? MENU_QUEUE[hint.menu] : undefined;
  const topics = found.some((t) => !contextTopics.has(t.topic))
    ? found.filter((t) => !contextTopics.has(t.topic))
    : found;
  if (topics.length === 0) return hinted ?? 'general';
  if (hinted && topics.some((t) => TOPIC_QUEUE[t.topic] === hinted)) return hinted;
  const top = topics[0]!;
  // A training or information question about a care topic ("a lesson about loverboys") is general.
  if (topics.some((t) => framingTopics.has(t.topic) && t.score >= top.score * lexicon.primaryRatio)) return 'general';
  // "Is an EU citizen / a Dublin claimant entitled to a COSM place?" is a legal question about a status, not a request
  // for a place: with a word of entitlement and a status topic present, the legal queue answers it.
  // "Is an EU citizen / a Dublin claimant entitled to a COSM place?", "what are her rights to stay?": a question about
  // the rights a status gives is legal, whatever the words around it ask for.
  if (entitlement && found.some((t) => STATUS_TOPICS.has(t.topic))) return 'legal';
  if (TOPIC_QUEUE[top.topic] === 'care') return 'care';
  const leaders = topics.filter((t) => t.score >= top.score * lexicon.primaryRatio && TOPIC_QUEUE[t.topic] !== 'care');
  if (leaders.some((t) => framingTopics.has(t.topic))) return 'general';
  const leading = new Set(leaders.map((t) => TOPIC_QUEUE[t.topic]));
  return QUEUE_PRECEDENCE.find((q) => leading.has(q)) ?? 'general';
}

/**
 * Every match in the text with its place, for highlighting on the contact page and in the review list: topic
 * words, danger words and minor cues (ages included). Spans point into `prepareText(text).text`, which for a
 * plain text of normal length is the text itself.
 */
export function matchSpans(text: string): MatchSpan[] {
  const a = analyse(typeof text === 'string' ? text : '');
  const spans: MatchSpan[] = [];
  const at = (m: Match) => ({ start: a.tokens[m.from]!.start, end: a.tokens[m.to - 1]!.end });
  for (const m of a.topicMatches)
    if (m.entry.target.kind === 'topic' && a.tokens[m.from]!.weight > 0)
      spans.push({ ...at(m), kind: 'topic', topic: m.entry.target.topic });
  for (const m of a.urgent) spans.push({ ...at(m), kind: 'urgent' });
  for (const m of a.minor) spans.push({ ...at(m), kind: 'minor' });
  for (const s of a.ageSpans) spans.push({ ...s, kind: 'minor' });
  return spans.sort((x, y) => x.start - y.start || y.end - x.end);
}
