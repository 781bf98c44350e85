import { ROUTED_QUEUES, TOPICS, type RoutedQueue, type Topic } from './topics.js';

/** One judged text: what a person said it is, and what the classifier said. */
export interface Judged {
  expected: { topics: readonly string[]; queue: string; urgent?: boolean; minor?: boolean };
  predicted: { topics: readonly string[]; queue: string; urgent?: boolean; minor?: boolean };
}

interface TopicFigures {
  topic: Topic;
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
}

export interface AccuracyFigures {
  n: number;
  queueAccuracy: number | null;
  /** Share of texts whose first suggested topic is one the person named (none suggested for a text without topics). */
  firstTopicAccuracy: number | null;
  /** confusion[expected][predicted] = count. */
  confusion: Record<RoutedQueue, Record<RoutedQueue, number>>;
  topics: TopicFigures[];
  urgent: { truePositives: number; falsePositives: number; falseNegatives: number };
  minor: { truePositives: number; falsePositives: number; falseNegatives: number };
}

const asQueue = (q: string): RoutedQueue =>
  (ROUTED_QUEUES as readonly string[]).includes(q) ? (q as RoutedQueue) : 'general';

/** Per-topic precision and recall, the queue confusion matrix and queue accuracy over judged texts (pure). */
export function accuracyOf(items: readonly Judged[]): AccuracyFigures {
  const confusion = Object.fromEntries(
    ROUTED_QUEUES.map((e) => [e, Object.fromEntries(ROUTED_QUEUES.map((p) => [p, 0]))]),
  ) as AccuracyFigures['confusion'];
  const flag = () => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });
  const urgent = flag();
  const minor = flag();
  let right = 0;
  let firstRight = 0;
  const per = new Map<Topic, { tp: number; fp: number; fn: number; support: number }>(
    TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0, support: 0 }]),
  );
  for (const { expected, predicted } of items) {
    const e = asQueue(expected.queue);
    const p = asQueue(predicted.queue);
    confusion[e][p] += 1;
    if (e === p) right += 1;
    const first = predicted.topics[0];
    if (first === undefined ? expected.topics.length === 0 : expected.topics.includes(first)) firstRight += 1;
    for (const t of TOPICS) {
      const inE = expected.topics.includes(t);
      const inP = predicted.topics.includes(t);
      const s = per.get(t)!;
      if (inE) s.support += 1;
      if (inE && inP) s.tp += 1;
      else if (inP) s.fp += 1;
      else if (inE) s.fn += 1;
    }
    for (const [f, k] of [
      [urgent, 'urgent'],
      [minor, 'minor'],
    ] as const) {
      if (expected[k] === undefined || predicted[k] === undefined) continue;
      if (expected[k] && predicted[k]) f.truePositives += 1;
      else if (predicted[k]) f.falsePositives += 1;
      else if (expected[k]) f.falseNegatives += 1;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    n: items.length,
    queueAccuracy: ratio(right, items.length),
    firstTopicAccuracy: ratio(firstRight, items.length),
    confusion,
    topics: [...per].map(([topic, s]) => ({
      topic,
      support: s.support,
      truePositives: s.tp,
      falsePositives: s.fp,
      falseNegatives: s.fn,
      precision: ratio(s.tp, s.tp + s.fp),
      recall: ratio(s.tp, s.tp + s.fn),
    })),
    urgent,
    minor,
  };
}

const pct = (x: number | null) => (x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** The figures as a plain-text table for the terminal. */
export function formatAccuracy(title: string, f: AccuracyFigures): string {
  const lines = [
    `== ${title} (${f.n} texts) ==`,
    `queue accuracy: ${pct(f.queueAccuracy)}`,
    `first topic right: ${pct(f.firstTopicAccuracy)}`,
    '',
  ];
  lines.push('queue confusion (rows: expected, columns: predicted)');
  lines.push(`${''.padEnd(14)}${ROUTED_QUEUES.map((q) => q.padStart(14)).join('')}`);
  for (const e of ROUTED_QUEUES)
    lines.push(`${e.padEnd(14)}${ROUTED_QUEUES.map((p) => String(f.confusion[e][p]).padStart(14)).join('')}`);
  lines.push('', `${'topic'.padEnd(14)}${'support'.padStart(8)}${'precision'.padStart(11)}${'recall'.padStart(9)}`);
  for (const t of f.topics)
    lines.push(
      `${t.topic.padEnd(14)}${String(t.support).padStart(8)}${pct(t.precision).padStart(11)}${pct(t.recall).padStart(9)}`,
    );
  const fl = (name: string, x: AccuracyFigures['urgent']) =>
    `${name}: ${x.truePositives} right, ${x.falsePositives} false alarms, ${x.falseNegatives} missed`;
  lines.push('', fl('urgent flag', f.urgent), fl('minor flag', f.minor), '');
  return lines.join('\n');
}
