/** One bar: its label (always written beside it, so the chart reads without colour) and its count. */
export interface Bar {
  label: string;
  value: number;
  /** what is written after the bar (e.g. `12 (40.0 %)`); the value by default */
  text?: string;
}

const ROW = 22;
const LABEL_W = 240;
const BAR_W = 320;

/** A server-rendered horizontal bar chart: each bar labelled with its name and its number; no script, no colour cue. */
export function BarChart(props: { id: string; title: string; bars: Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const height = props.bars.length * ROW + 8;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${props.id}-title`}
      viewBox={`0 0 ${LABEL_W + BAR_W + 80} ${height}`}
      width={LABEL_W + BAR_W + 80}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      {props.bars.map((b, i) => {
        const w = Math.round((b.value / max) * BAR_W);
        const y = i * ROW + 4;
        return (
          <g>
            <text x={LABEL_W - 6} y={y + 15} text-anchor="end" font-size="13" fill="currentColor">
              {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
            </text>
            <rect x={LABEL_W} y={y + 2} width={Math.max(w, b.value > 0 ? 1 : 0)} height={ROW - 6} fill="#4a5d7e" />
            <text x={LABEL_W + w + 6} y={y + 15} font-size="13" fill="currentColor">
              {b.text ?? String(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
