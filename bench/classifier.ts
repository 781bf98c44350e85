// The legal classifier's speed (docs/performance.md: a 2,000-character email under 2 ms): mean and p99 per call for a
// 2,000-character email, plus the longest a single call blocks the event loop (a 1 MB paste, bounded by the
// classifier). Writes bench/RESULTS-classifier.md; run by `npm run bench` after bench/run.ts.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../src/routing/classifier.js';

const EMAIL = `Geachte collega's,

Wij hebben sinds vorige week een cliënte in de opvang, een vrouw uit Nigeria van 27 jaar. Zij is door de politie op
de hoogte gebracht van de bedenktijd, maar twijfelt of ze aangifte wil doen omdat ze bang is voor de daders. Ze
heeft nog geen verblijfsvergunning en vraagt zich af wat er gebeurt als de bedenktijd van 90 dagen voorbij is.
Daarnaast heeft ze vragen over leefgeld en de zorgverzekering: wie betaalt de huisarts? Kan zij tijdens de
bedenktijd ook werken of vrijwilligerswerk doen? Ze heeft in Italië asiel aangevraagd, dus misschien is zij een
Dublinclaimant. Geldt dan een kortere bedenktijd?

Could you also send us the English leaflet about the reflection period and the residence permit for victims? Our
colleague from the night team does not read Dutch.

Alvast hartelijk dank voor uw hulp.

Met vriendelijke groet,

Team Begeleiding
Opvanglocatie Noord
T 050 000 0000

> Op 20 november schreef de helpdesk:
> Dank voor uw aanmelding. Wij nemen zo snel mogelijk contact met u op over de bedenktijd en de opvang.
`
  .padEnd(2000, ' Extra toelichting volgt in een later bericht.')
  .slice(0, 2000);

function measure(text: string, n: number) {
  for (let i = 0; i < 200; i++) classify(text);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    classify(text);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / n;
  const p = (q: number) => times[Math.min(n - 1, Math.floor(q * n))]!;
  return { n, mean, p50: p(0.5), p99: p(0.99), max: times[n - 1]! };
}

const email = measure(EMAIL, 5000);
const huge = measure('Vraag over bedenktijd en opvang voor een cliënte. '.repeat(21_000).slice(0, 1_000_000), 50);
const f = (x: number) => x.toFixed(3);

/** A Markdown table with aligned columns (as the formatter keeps it), numbers right-aligned. */
function table(rows: (string | number)[][]): string[] {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : f(c)) : c)));
  const width = cells[0]!.map((_, i) => Math.max(3, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`;
  const rule = `| ${width.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)];
}
const lines = [
  '# Classifier benchmark',
  '',
  `Run: ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
  '',
  ...table([
    ['what', 'calls', 'mean ms', 'p50 ms', 'p99 ms', 'max ms'],
    [
      'classify a 2,000-character email (Dutch and English, signature, quote)',
      email.n,
      email.mean,
      email.p50,
      email.p99,
      email.max,
    ],
    ['classify a 1 MB paste (reads the first 20,000 characters)', huge.n, huge.mean, huge.p50, huge.p99, huge.max],
  ]),
  '',
  `Target (docs/performance.md): a 2,000-character email under 2 ms — ${email.p99 < 2 ? 'met' : 'NOT met'} (p99 ${f(email.p99)} ms).`,
  `A 1 MB paste blocks the event loop for at most ${f(huge.max)} ms (the classifier reads a bounded part of any text).`,
  '',
];
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'RESULTS-classifier.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
