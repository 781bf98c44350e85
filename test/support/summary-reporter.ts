import type { Reporter, TestModule } from 'vitest/node';

/** Prints the plain closing line `tests: N passed, N failed, N skipped` so CI can count what ran. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0,
      failed = 0,
      skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else if (s === 'skipped') skipped++;
      }
    }
    failed += modules.filter((m) => !m.ok() && [...m.children.allTests()].length === 0).length + errors.length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
