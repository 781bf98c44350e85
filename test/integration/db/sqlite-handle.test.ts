import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the SQLite handles', () => {
  // On Node 24, better-sqlite3 12 aborted the process when V8 freed a statement outside any JavaScript context
  // (`RemoveEnvironmentCleanupHook … (env) != nullptr`): this churn aborted it in 5 runs of 5 before the fix.
  it('live through thousands of dropped statements and closed databases without aborting the process', () => {
    const run = spawnSync(
      process.execPath,
      ['--max-semi-space-size=1', '--import', 'tsx', 'test/support/sqlite-churn.ts'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: 'test' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('survived\n');
    expect(run.stderr).not.toMatch(/Assertion failed/);
  }, 130_000);
});
