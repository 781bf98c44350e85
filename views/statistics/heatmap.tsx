import * as Plot from '@observablehq/plot';
import { PlotSvg } from '../components/plot-svg.js';

/** The busiest hours as the heatmap draws them: weekdays (rows) by hours (columns), the contacts in each. */
export interface HeatmapProps {
  id: string;
  title: string;
  /** the weekday names, Monday first */
  days: string[];
  /** the hours as written on the axis: 00 … 23 */
  hours: string[];
  /** counts[day][hour] */
  counts: number[][];
  /** the axis title of the hours, in the reader's language */
  hourLabel: string;
}

const CELL_W = 28;
const CELL_H = 24;
/**
 * The shades run from near white to a middle blue light enough for dark ink on every cell (contrast 4.6:1 at the
 * darkest, WCAG AA for small text): one ink for every number, and the count, not the shade, carries the meaning.
 */
const SHADES = ['#f4f7fb', '#5b8ac9'];
const INK = '#1b1f24';

/**
 * A weekday × hour heatmap of the busiest hours: each cell shaded by its count and the count written in it, so
 * it reads without colour (and its table stands beside it).
 */
export function Heatmap(props: HeatmapProps) {
  const cells = props.days.flatMap((day, d) =>
    props.hours.map((hour, h) => ({ day, hour, n: props.counts[d]?.[h] ?? 0 })),
  );
  const max = Math.max(1, ...cells.map((c) => c.n));
  return (
    <PlotSvg
      id={props.id}
      title={props.title}
      options={{
        width: 100 + props.hours.length * CELL_W + 10,
        height: 40 + props.days.length * CELL_H + 8,
        marginLeft: 100,
        marginTop: 40,
        marginRight: 10,
        marginBottom: 8,
        padding: 0.06,
        x: { domain: props.hours, axis: 'top', label: props.hourLabel, tickSize: 0 },
        y: { domain: props.days, label: null, tickSize: 0 },
        color: { type: 'linear', domain: [0, max], range: SHADES },
        marks: [
          Plot.cell(cells, { x: 'hour', y: 'day', fill: 'n', stroke: '#c9d1dc', strokeWidth: 0.5 }),
          Plot.text(cells, { x: 'hour', y: 'day', text: (c) => String(c.n), fill: INK, fontSize: 10 }),
        ],
      }}
    />
  );
}
