import * as Plot from '@observablehq/plot';
import type { Child } from 'hono/jsx';
import { jsx } from 'hono/jsx';
import { parseHTML } from 'linkedom';

/** The class every drawn chart carries; baken.css gives it what Plot's own <style> would (a CSP forbids that one). */
const PLOT_CLASS = 'stats-plot';

/**
 * A chart drawn on the server by Observable Plot into linkedom's document, then written as the page's own JSX
 * elements: inline SVG with no raw HTML, no script and no inline style (the CSP allows neither), so text keeps the
 * page's colour and a screen reader reads its title. The table beside each chart carries the same numbers.
 */
export function PlotSvg(props: { id: string; title: string; options: Plot.PlotOptions }) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = Plot.plot({ ...props.options, className: PLOT_CLASS, document: document as unknown as Document });
  return asJsx(chart as unknown as Node, { id: props.id, title: props.title });
}

/** Attributes no drawn chart may carry into the page: inline style (refused by the CSP) and any event handler. */
const dropped = (name: string) => name === 'style' || name.startsWith('on');

function asJsx(node: Node, root?: { id: string; title: string }): Child {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const tag = el.localName;
  if (tag === 'style' || tag === 'script') return null;
  const attrs: Record<string, unknown> = {};
  for (const a of Array.from(el.attributes)) if (!dropped(a.name)) attrs[a.name] = a.value;
  // Plot names its mark groups (aria-label="dot"); a plain <g> may carry no name (axe: aria-prohibited-attr).
  if (tag === 'g' && attrs['aria-label'] !== undefined && attrs.role === undefined) attrs.role = 'group';
  const children: Child[] = Array.from(el.childNodes).map((c) => asJsx(c));
  if (root) {
    attrs.id = root.id;
    attrs.role = 'img';
    attrs['aria-labelledby'] = `${root.id}-title`;
    children.unshift(jsx('title', { id: `${root.id}-title` }, root.title));
  }
  return jsx(tag, attrs, ...children);
}
