import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/db/database.js';
import { afterEach, describe, expect, it } from 'vitest';
import { rawMessage, sendRaw } from '../../support/mail.js';
import { freshEmptyPostgres, onPostgres } from '../../support/database.js';

const DESK = 'meldpunt@baken.test';
const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Starts test/support/smtp-child.ts in its own Node process and waits for its port. */
function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/smtp-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`listener process exited (${code}): ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`listener process did not start: ${out.slice(-2000)}`)), 30_000).unref();
  });
}

async function inPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

let dir: string;
let dropDatabase: (() => Promise<void>) | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase?.();
  dropDatabase = null;
});

describe('a crash of the listener process', () => {
  it("loses no message that was answered 250, and the senders' retries store the rest exactly once", async () => {
    dir = mkdtempSync(join(tmpdir(), 'baken-crash-'));
    // An empty database the listener migrates on start: an SQLite file, or a PostgreSQL database on that run.
    const pg = onPostgres() ? await freshEmptyPostgres() : null;
    dropDatabase = pg?.drop ?? null;
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: pg?.url ?? join(dir, 'baken.sqlite'),
      DATA_DIR: dir,
      DATA_KEY: randomBytes(32).toString('base64'),
      HELPDESK_ADDRESSES: DESK,
      SMTP_LISTEN_PORT: '0',
      SMTP_LISTEN_HOST: '127.0.0.1',
    };
    const first = await startChild(env);
    children.push(first.child);
    const total = 200;
    const ids = Array.from({ length: total }, (_, i) => i);
    const raw = (i: number) =>
      rawMessage(
        { From: `sender${i}@politie.nl`, To: DESK, Subject: `Burst ${i}`, 'Message-ID': `<burst-${i}@politie.nl>` },
        `Bericht ${i} ${'x'.repeat((i % 7) * 300)}`,
      );
    const accepted = new Set<number>();
    let killedAfter = -1;
    await inPool(ids, 12, async (i) => {
      try {
        const info = await sendRaw(first.port, `sender${i}@politie.nl`, DESK, raw(i));
        if (/^250 /.test(info.response)) accepted.add(i);
      } catch {
        /* the process is gone: this message was not confirmed, its sender keeps it */
      }
      if (accepted.size >= 60 && killedAfter < 0) {
        killedAfter = accepted.size;
        first.child.kill('SIGKILL');
      }
    });
    expect(killedAfter).toBeGreaterThanOrEqual(60);
    expect(accepted.size).toBeLessThan(total);

    const second = await startChild(env);
    children.push(second.child);
    const stored = async () => {
      const { db } = openDatabase(env.DATABASE_URL);
      try {
        const rows = await db.selectFrom('mail_messages').select('message_id').where('direction', '=', 'in').execute();
        return rows.map((r) => r.message_id);
      } finally {
        await db.destroy();
      }
    };
    const afterRestart = new Set(await stored());
    const missing = [...accepted].filter((i) => !afterRestart.has(`burst-${i}@politie.nl`));
    expect(missing).toEqual([]);

    // The sending servers retry everything they have no 250 for (and may repeat what they do have).
    await inPool(ids, 12, async (i) => {
      const info = await sendRaw(second.port, `sender${i}@politie.nl`, DESK, raw(i));
      expect(info.response).toMatch(/^250 /);
    });
    const final = await stored();
    expect(final).toHaveLength(total);
    expect(new Set(final).size).toBe(total);
  }, 120_000);
});
