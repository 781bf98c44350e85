// Several Baken instances on one database, for the tests of docs/product.md §9 "Growing past one machine": a second app
// in this process on the first one's database, or a whole instance in a child process that a test may kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Env } from '../../src/config.js';
import { type Client, createTestApp, type TestApp } from './test-app.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** True when the test apps run on PostgreSQL: only there do several instances share live events. */
export const onPostgres = (t: TestApp) => t.deps.config.databaseUrl !== null;

/** What a second instance must share with the first: its database the key its fields are encrypted with and the key of its audit chain. */
export const sharedEnv = (a: TestApp): Env => ({
  DATABASE_URL: a.deps.config.databaseUrl ?? a.deps.config.databasePath,
  DATA_KEY: a.deps.config.dataKey!,
  AUDIT_KEY: a.deps.config.auditKey!,
  PUBLIC_URL: a.deps.config.publicUrl,
});

/**
 * A second app instance on the first one's database (same data key and public URL; `env` adds the rest, e.g. the
 * Twilio token), with its own clock set to the first one's time. Close it before the first.
 */
export function secondInstance(a: TestApp, env: Env = {}): Promise<TestApp> {
  return createTestApp({ ...sharedEnv(a), ...env }, { now: a.clock.now.toISOString() });
}

export interface ChildInstance {
  child: ChildProcess;
  /** The instance's HTTP base URL. */
  url: string;
  /** The port of its SMTP listener (INSTANCE_SMTP=1), else null. */
  smtpPort: number | null;
  /** Output so far (for failure messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A whole Baken instance (test/support/instance-child.ts: the real app on a free loopback port) in its own Node
 * process on the first app's database, so a test can kill it with SIGKILL in the middle of its work.
 */
export function startChildInstance(a: TestApp, env: Env = {}): Promise<ChildInstance> {
  return startInstanceProcess({ DATA_DIR: a.dir, ...sharedEnv(a), ...env });
}

/**
 * A whole Baken instance in its own Node process, configured by `env` alone (DATABASE_URL, DATA_DIR, DATA_KEY…).
 * `prefix` runs it under another command, e.g. `['prlimit', '--fsize=…']` for a process whose files cannot grow.
 */
export function startInstanceProcess(env: Env, prefix: string[] = []): Promise<ChildInstance> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = [...prefix, process.execPath, '--import', 'tsx', 'test/support/instance-child.ts'];
    const child = spawn(command!, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m)
        resolve({
          child,
          url: `http://127.0.0.1:${m[1]}`,
          smtpPort: /smtp (\d+)/.exec(out) ? Number(/smtp (\d+)/.exec(out)![1]) : null,
          output: () => out,
          kill: (signal = 'SIGKILL') =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill(signal);
            }),
        });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`instance process exited (${code}): ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`instance process did not start: ${out.slice(-2000)}`)), 30_000).unref();
  });
}

/** Opens a client's live stream on an app and collects what arrives, as a browser's EventSource would. */
export async function openLiveStream(t: TestApp, client: Client) {
  const res = await t.app.request('http://baken.test/live/events', {
    headers: { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  if (res.status !== 200) throw new Error(`live stream answered ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  void (async () => {
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (next.done) break;
      text += decoder.decode(next.value);
    }
    done = true;
  })();
  return {
    text: () => text,
    /** Waits until the stream holds `needle` (true) or `ms` passed (false). */
    async waitFor(needle: string, ms = 5000) {
      const until = Date.now() + ms;
      while (!text.includes(needle) && !done && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      return text.includes(needle);
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
