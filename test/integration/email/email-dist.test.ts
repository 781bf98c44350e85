import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSqliteHandle } from '../../../src/db/sqlite-handle.js';
import { afterEach, describe, expect, it } from 'vitest';
import { sendMail } from '../../support/mail.js';

const DESK = 'meldpunt@baken.test';
const ROOT = join(import.meta.dirname, '..', '..', '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

let dir: string;
let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('the built bundle (npm run build, node dist/main.js)', () => {
  it('parses mail in its worker thread from dist/ and stores a hostile message too large to display', async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });
    dir = mkdtempSync(join(tmpdir(), 'baken-dist-'));
    const smtpPort = await freePort();
    const proc = spawn(process.execPath, ['--max-old-space-size=160', 'dist/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(await freePort()),
        DATA_DIR: dir,
        DATABASE_URL: join(dir, 'baken.sqlite'),
        DATA_KEY: randomBytes(32).toString('base64'),
        SMTP_LISTEN_PORT: String(smtpPort),
        HELPDESK_ADDRESSES: DESK,
        SMTP_URL: '',
        IMAP_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('Baken is listening')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`dist/main.js exited (${code}): ${out.slice(-2000)}`)));
    });

    const plain = await sendMail(smtpPort, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Gewoon',
      html: '<p>Hallo</p>',
    });
    expect(plain.response).toMatch(/^250 /);
    const deep = await sendMail(smtpPort, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Diep',
      html: `${'<div>'.repeat(300_000)}Diep`,
    });
    expect(deep.response).toMatch(/^250 /);

    const db = openSqliteHandle(join(dir, 'baken.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare("SELECT subject, html_safe, display_limit FROM mail_messages WHERE direction = 'in' ORDER BY id")
        .all() as { subject: string; html_safe: string | null; display_limit: string | null }[];
      expect(rows).toEqual([
        { subject: 'Gewoon', html_safe: '<p>Hallo</p>', display_limit: null },
        { subject: 'Diep', html_safe: null, display_limit: 'html-too-deep' },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);
});
