import { matchSpans, type MatchSpan } from './classifier.js';
import type { Topic } from './topics.js';

/** A piece of text for a view to render: plain, or a match to mark (with what it matched). */
export interface Segment {
  text: string;
  mark?: { kind: 'topic' | 'urgent' | 'minor'; topics: Topic[] };
}

/**
 * Cuts a text into plain and marked segments for a view (`<mark>` the marked ones), from the classifier's
 * match spans; overlapping spans merge into one mark. Pure: the view escapes the text as usual.
 */
export function highlight(text: string, spans: MatchSpan[] = matchSpans(text)): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  const sorted = [...spans].filter((s) => s.end <= text.length).sort((a, b) => a.start - b.start);
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i]!;
    let end = first.end;
    const group: MatchSpan[] = [first];
    i++;
    while (i < sorted.length && sorted[i]!.start < end) {
      end = Math.max(end, sorted[i]!.end);
      group.push(sorted[i]!);
      i++;
    }
    if (first.start < pos) continue;
    if (first.start > pos) out.push({ text: text.slice(pos, first.start) });
    const kind = group.some((g) => g.kind === 'urgent')
      ? 'urgent'
      : group.some((g) => g.kind === 'minor')
        ? 'minor'
        : 'topic';
    const topics = [...new Set(group.flatMap((g) => (g.topic ? [g.topic] : [])))];
    out.push({ text: text.slice(first.start, end), mark: { kind, topics } });
    pos = end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos) });
  return out;
}
