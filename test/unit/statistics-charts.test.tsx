import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { periodsBetween } from '../../src/statistics/dimensions.js';
import { Heatmap } from '../../views/statistics/heatmap.js';
import { TrendChart } from '../../views/statistics/trend-chart.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** The chart as the page receives it, read back as a document. */
const drawn = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

describe('the busiest hours heatmap', () => {
  const counts = DAYS.map((_, d) => HOURS.map((_, h) => (d === 0 && h === 9 ? 41 : d === 4 && h === 22 ? 7 : 0)));
  const html = String(
    <Heatmap id="hm" title="Busiest hours" days={DAYS} hours={HOURS} counts={counts} hourLabel="Hour" />,
  );
  const doc = drawn(html);

  it('is one inline SVG image named by its title, with no inline style or script the CSP would refuse', () => {
    const svg = doc.querySelector('svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-labelledby')).toBe('hm-title');
    expect(doc.querySelector('svg > title#hm-title')?.textContent).toBe('Busiest hours');
    expect(svg?.getAttribute('class')).toBe('stats-plot');
    expect(doc.querySelectorAll('style, script, [style]')).toHaveLength(0);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('has a cell for every weekday and hour, each with its count written in it', () => {
    expect(doc.querySelectorAll('rect')).toHaveLength(7 * 24);
    const numbers = [...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(numbers).toHaveLength(7 * 24);
    expect(numbers.filter((n) => n === '41')).toHaveLength(1);
    expect(numbers.filter((n) => n === '7')).toHaveLength(1);
    expect(numbers.filter((n) => n === '0')).toHaveLength(7 * 24 - 2);
  });

  it('names every weekday and hour on its axes', () => {
    const labels = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    for (const label of [...DAYS, ...HOURS, 'Hour']) expect(labels).toContain(label);
  });

  it('writes every number in dark ink, the busiest cell shaded light enough to read it (AA contrast)', () => {
    expect([...doc.querySelectorAll('g[aria-label="text"]')].map((g) => g.getAttribute('fill'))).toEqual(['#1b1f24']);
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const shades = [...doc.querySelectorAll('rect')].map((r) => r.getAttribute('fill') ?? '');
    expect(shades.every((f) => /^rgb\(\d+, \d+, \d+\)$/.test(f))).toBe(true);
    const busiest = shades.reduce((a, b) => (luminance(b) < luminance(a) ? b : a));
    expect((luminance(busiest) + 0.05) / (luminance('rgb(27, 31, 36)') + 0.05)).toBeGreaterThanOrEqual(4.5);
  });

  it('escapes a hostile weekday name instead of writing it as markup', () => {
    const out = String(
      <Heatmap
        id="x"
        title={'<script>alert(1)</script>'}
        days={['<img src=x onerror=alert(1)>', ...DAYS.slice(1)]}
        hours={HOURS}
        counts={counts}
        hourLabel="Hour"
      />,
    );
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('the trend line', () => {
  it('draws a dot per period with its number above it, in the order given', () => {
    const doc = drawn(
      String(
        <TrendChart
          id="tr"
          title="Registrations"
          points={[
            { label: '2024-Q1', value: 3 },
            { label: '2024-Q2', value: 12 },
            { label: '2024-Q3', value: 0 },
          ]}
        />,
      ),
    );
    expect(doc.querySelector('svg')?.getAttribute('role')).toBe('img');
    expect(doc.querySelectorAll('circle')).toHaveLength(3);
    const numbers = [...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(numbers).toEqual(['3', '12', '0']);
    const ticks = [...doc.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['2024-Q1', '2024-Q2', '2024-Q3']);
    expect(doc.querySelectorAll('path[d]').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('style, [style]')).toHaveLength(0);
  });

  it('leaves out a number suppressed for publication: no dot, no label, and the scale does not reveal it', () => {
    const html = String(
      <TrendChart
        id="tr"
        title="Registrations per year"
        points={[
          { label: '2024', value: 20, text: '20' },
          { label: '2025', value: null, text: 'x' },
          { label: '2026', value: 25, text: '25' },
        ]}
      />,
    );
    const doc = drawn(html);
    expect(doc.querySelectorAll('circle')).toHaveLength(2);
    const numbers = [...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(numbers).toEqual(['20', '25']);
  });

  it('draws a single period as one dot with its number', () => {
    const doc = drawn(String(<TrendChart id="one" title="One" points={[{ label: '2026', value: 4 }]} />));
    expect(doc.querySelectorAll('circle')).toHaveLength(1);
    expect([...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent)).toEqual(['4']);
  });
});

describe('the periods a trend runs through', () => {
  it.each([
    ['2024', '2026', 'year', ['2024', '2025', '2026']],
    ['2025-Q3', '2026-Q2', 'quarter', ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']],
    ['2025-11', '2026-02', 'month', ['2025-11', '2025-12', '2026-01', '2026-02']],
    ['2026-Q1', '2026-Q1', 'quarter', ['2026-Q1']],
    ['2026', '2024', 'year', ['2026', '2024']],
    ['2026-Q5', '2026-Q1', 'quarter', ['2026-Q5', '2026-Q1']],
    ['<b>', '<b>', 'month', ['<b>']],
  ] as const)('from %s to %s per %s: %j', (first, last, period, labels) => {
    expect(periodsBetween(first, last, period)).toEqual(labels);
  });
});
