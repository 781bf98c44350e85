import { ROUTED_QUEUES, TOPICS, type Topic } from './topics.js';

/*
 * The learned half of the classifier: three small linear models over a text's words (stems and stem pairs from
 * classifier.ts) and the lexicon's own findings — which queue, which topic first, and which topics at all. They are
 * trained on the labelled set plus the agents' corrections (`npm run routing:train`), and classify() blends their
 * probabilities with the lexicon's scores, so the lexicon keeps explaining a suggestion in the text's own words.
 * Pure: no I/O, deterministic for the same examples.
 */

/** One text with what a person said it is: the labelled set's questions and the agents' corrections. */
export interface TrainingExample {
  features: Record<string, number>;
  topics: readonly string[];
  queue: string;
}

interface Linear {
  classes: string[];
  /** Per class: feature index → weight (only the weights that matter, rounded). */
  weights: Record<string, number>[];
  bias: number[];
}

export interface RoutingModel {
  version: 1;
  trainedAt: string;
  examples: { labelled: number; corrections: number };
  vocabulary: string[];
  queue: Linear;
  primary: Linear;
  topics: Linear;
  /** How much the lexicon weighs against the model (0..1), and the blended score a topic needs to be shown. */
  blend: { lexicon: number; threshold: number };
}

export interface ModelPrediction {
  queue: Record<string, number>;
  primary: Record<string, number>;
  topics: Record<string, number>;
}

export interface TrainOptions {
  /** Words seen in fewer examples are left out (names, numbers and typos do not end up in the model). */
  minCount?: number;
  epochs?: number;
  rate?: number;
  l2?: number;
}

type Sparse = [number, number][];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function vectorise(features: Record<string, number>, index: Map<string, number>): Sparse {
  const out: Sparse = [];
  for (const [f, v] of Object.entries(features)) {
    const i = index.get(f);
    if (i !== undefined && v !== 0) out.push([i, v]);
  }
  return out;
}

/** Full-batch gradient descent with L2 on a softmax (one label) or one sigmoid per class (several labels). */
function descend(xs: Sparse[], ys: number[][], size: number, kind: 'softmax' | 'sigmoid', o: Required<TrainOptions>) {
  const k = ys[0]?.length ?? 0;
  const w = new Float64Array(k * size);
  const b = new Float64Array(k);
  const gw = new Float64Array(k * size);
  const gb = new Float64Array(k);
  const z = new Float64Array(k);
  const n = Math.max(xs.length, 1);
  const idx = xs.map((x) => Int32Array.from(x.map(([i]) => i)));
  const val = xs.map((x) => Float64Array.from(x.map(([, v]) => v)));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    gw.fill(0);
    gb.fill(0);
    for (let j = 0; j < xs.length; j++) {
      const ix = idx[j]!;
      const vx = val[j]!;
      const y = ys[j]!;
      for (let c = 0; c < k; c++) {
        let s = b[c]!;
        const base = c * size;
        for (let t = 0; t < ix.length; t++) s += w[base + ix[t]!]! * vx[t]!;
        z[c] = s;
      }
      if (kind === 'softmax') {
        let m = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) m = Math.max(m, z[c]!);
        let sum = 0;
        for (let c = 0; c < k; c++) {
          z[c] = Math.exp(z[c]! - m);
          sum += z[c]!;
        }
        for (let c = 0; c < k; c++) z[c] = z[c]! / sum;
      } else for (let c = 0; c < k; c++) z[c] = sigmoid(z[c]!);
      for (let c = 0; c < k; c++) {
        const d = z[c]! - y[c]!;
        if (d === 0) continue;
        gb[c] = gb[c]! + d;
        const base = c * size;
        for (let t = 0; t < ix.length; t++) gw[base + ix[t]!] = gw[base + ix[t]!]! + d * vx[t]!;
      }
    }
    for (let c = 0; c < k; c++) b[c] = b[c]! - (o.rate * gb[c]!) / n;
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - o.rate * (gw[i]! / n + o.l2 * w[i]!);
  }
  return { w: Array.from({ length: k }, (_, c) => w.subarray(c * size, (c + 1) * size)), b };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function pack(classes: readonly string[], fitted: { w: Float64Array[]; b: Float64Array }): Linear {
  return {
    classes: [...classes],
    weights: fitted.w.map((row) => {
      const o: Record<string, number> = {};
      row.forEach((v, i) => {
        if (Math.abs(v) >= 0.005) o[i] = round3(v);
      });
      return o;
    }),
    bias: [...fitted.b].map(round3),
  };
}

/** Trains the three models on the examples (the blend is set by the caller, see `chooseBlend`). */
export function trainModel(
  examples: readonly TrainingExample[],
  counts: { labelled: number; corrections: number },
  at: string,
  options: TrainOptions = {},
): RoutingModel {
  const o: Required<TrainOptions> = { minCount: 2, epochs: 250, rate: 1.5, l2: 0.0005, ...options };
  const df = new Map<string, number>();
  for (const e of examples) for (const f of Object.keys(e.features)) df.set(f, (df.get(f) ?? 0) + 1);
  // Features the lexicon and the menu give are always kept; words only when seen in `minCount` examples or more.
  const vocabulary = [...df]
    .filter(([f, n]) => n >= o.minCount || f.startsWith('lex') || f.startsWith('menu:'))
    .map(([f]) => f)
    .sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const xs = examples.map((e) => vectorise(e.features, index));
  const queues = [...ROUTED_QUEUES] as string[];
  const topics = [...TOPICS] as string[];
  const oneHot = (classes: string[], v: string | undefined) => classes.map((c) => (c === v ? 1 : 0));
  const withPrimary = examples.map((e, i) => ({ x: xs[i]!, first: e.topics[0] })).filter((e) => e.first);
  return {
    version: 1,
    trainedAt: at,
    examples: counts,
    vocabulary,
    queue: pack(
      queues,
      descend(
        xs,
        examples.map((e) => oneHot(queues, e.queue)),
        vocabulary.length,
        'softmax',
        o,
      ),
    ),
    primary: pack(
      topics,
      descend(
        withPrimary.map((e) => e.x),
        withPrimary.map((e) => oneHot(topics, e.first)),
        vocabulary.length,
        'softmax',
        o,
      ),
    ),
    topics: pack(
      topics,
      descend(
        xs,
        examples.map((e) => topics.map((t) => (e.topics.includes(t) ? 1 : 0))),
        vocabulary.length,
        'sigmoid',
        o,
      ),
    ),
    blend: { lexicon: 0.5, threshold: 0.4 },
  };
}

const indexes = new WeakMap<readonly string[], Map<string, number>>();
const indexOf = (model: RoutingModel) => {
  let index = indexes.get(model.vocabulary);
  if (!index) {
    index = new Map(model.vocabulary.map((f, i) => [f, i]));
    indexes.set(model.vocabulary, index);
  }
  return index;
};

/** The model's probabilities for one text's features. */
export function predictModel(model: RoutingModel, features: Record<string, number>): ModelPrediction {
  const index = indexOf(model);
  const x = vectorise(features, index);
  const scores = (m: Linear) =>
    m.classes.map((_, c) => x.reduce((s, [i, v]) => s + (m.weights[c]![i] ?? 0) * v, m.bias[c]!));
  const named = (m: Linear, p: number[]) => Object.fromEntries(m.classes.map((c, i) => [c, p[i]!]));
  return {
    queue: named(model.queue, softmax(scores(model.queue))),
    primary: named(model.primary, softmax(scores(model.primary))),
    topics: named(model.topics, scores(model.topics).map(sigmoid)),
  };
}

/** The words that speak most for a topic in this text (the model's explanation of a topic the lexicon missed). */
export function strongestFeatures(model: RoutingModel, topic: Topic, features: string[], n = 3): string[] {
  const c = model.topics.classes.indexOf(topic);
  if (c < 0) return [];
  const index = indexOf(model);
  return features
    .map((f) => ({ f, w: model.topics.weights[c]![index.get(f) ?? -1] ?? 0 }))
    .filter((x) => x.w > 0 && !x.f.startsWith('lex') && !x.f.startsWith('menu:'))
    .sort((a, b) => b.w - a.w)
    .slice(0, n)
    .map((x) => x.f);
}
