import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const DOVECOT = '/usr/sbin/dovecot';
/** IMAP tests run wherever Dovecot is installed; in CI a missing Dovecot is a failure, not a skip. */
export const dovecotAvailable = existsSync(DOVECOT);
if (!dovecotAvailable && process.env.CI)
  throw new Error(`Dovecot not found at ${DOVECOT}: the IMAP tests must run in CI (apt-get install dovecot-imapd)`);

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  url(mailbox?: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

/**
 * A throw-away Dovecot IMAP server on 127.0.0.1: config, passwd-file and Maildir in a temp folder, plain
 * text login without TLS (loopback only). Dovecot refuses uid 0 for mail, so mail belongs to nobody:nogroup;
 * its own processes run as the installed dovecot/dovenull users when root.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'baken-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'desk',
    pass = 'imap-test-password';
  const root = userInfo().uid === 0;
  const mail = join(dir, 'mail');
  mkdirSync(mail, { recursive: true });
  if (root) chownSync(mail, 65534, 65534);
  const owner = root ? 'uid=nobody gid=nogroup' : `uid=${userInfo().uid} gid=${userInfo().gid}`;
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  const conf = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    ...(root ? [] : [`default_internal_user = ${userInfo().username}`, `default_login_user = ${userInfo().username}`]),
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
    `userdb {\n  driver = static\n  args = ${owner} home=${mail}/%u\n}`,
    'mail_location = maildir:~/Maildir',
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'dovecot.conf'), conf);
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const log = () => {
    try {
      return out + readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return out;
    }
  };
  await waitForPort(port, child, log);
  return {
    port,
    user,
    pass,
    url: (mailbox = 'INBOX') => `imap://${user}:${pass}@127.0.0.1:${port}/${mailbox}`,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 5000).unref();
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
