import * as Plot from '@observablehq/plot';
import { PlotSvg } from '../components/plot-svg.js';

/** One point of a trend: its period, its count (null where it is suppressed for publication) and what is written. */
export interface TrendPoint {
  label: string;
  value: number | null;
  /** what is written above the point (the count by default) */
  text?: string;
}

/**
 * A trend line over the periods shown (years, quarters or months): a line through a dot per period with its
 * number written above it, so it reads without colour. A suppressed number breaks the line and is not drawn.
 */
export function TrendChart(props: { id: string; title: string; points: TrendPoint[] }) {
  const shown = props.points.filter((p): p is TrendPoint & { value: number } => p.value !== null);
  const max = Math.max(1, ...shown.map((p) => p.value));
  const many = props.points.length > 12;
  return (
    <PlotSvg
      id={props.id}
      title={props.title}
      options={{
        width: Math.min(900, Math.max(360, 70 + props.points.length * (many ? 26 : 56))),
        height: many ? 260 : 230,
        marginLeft: 44,
        marginTop: 24,
        marginBottom: many ? 56 : 32,
        x: {
          type: 'point',
          domain: props.points.map((p) => p.label),
          label: null,
          padding: 0.4,
          tickRotate: many ? -45 : 0,
        },
        y: { domain: [0, max], nice: true, grid: true, label: null, ticks: Math.min(5, max), tickFormat: 'd' },
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(props.points, { x: 'label', y: 'value', stroke: 'currentColor', strokeWidth: 2 }),
          Plot.dot(shown, { x: 'label', y: 'value', fill: 'currentColor', r: 3.5 }),
          Plot.text(shown, { x: 'label', y: 'value', text: (p) => p.text ?? String(p.value), dy: -11, fontSize: 11 }),
        ],
      }}
    />
  );
}
