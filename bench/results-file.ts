// Where the bench's steps write bench/RESULTS.md (issue 28: an interrupted run keeps the previous complete file).
// `npm run bench` sets BENCH_RUN=all: bench/run.ts starts a new file in bench/tmp/, the later steps
// (durability.ts, statistics.ts) add their sections to it, and bench/publish.ts, the last step, moves it over
// bench/RESULTS.md. A step run alone writes bench/RESULTS.md itself, as before.
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const RESULTS = join(here, 'RESULTS.md');
export const PENDING = join(here, 'tmp', 'RESULTS.pending.md');

/** The file a step writes its part of the results into. */
export const resultsFile = () => (process.env.BENCH_RUN === 'all' ? PENDING : RESULTS);

/** Puts a complete run's results in place (one rename: a reader sees the old file or the new one). */
export function publishResults(): void {
  renameSync(PENDING, RESULTS);
}
