// The last step of `npm run bench`: the run's complete results replace bench/RESULTS.md (bench/results-file.ts).
import { existsSync } from 'node:fs';
import { PENDING, publishResults } from './results-file.js';

if (!existsSync(PENDING)) {
  console.error('bench/publish.ts: no complete run to publish (bench/RESULTS.md is unchanged)');
  process.exit(1);
}
publishResults();
console.error('bench/RESULTS.md written');
