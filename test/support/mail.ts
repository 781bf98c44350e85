import type { AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface CaughtMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** A header's raw value (first occurrence), by lower-case name. */
  header(name: string): string | undefined;
}

export interface Catcher {
  port: number;
  /** An SMTP_URL for Baken's outbox pointing here. */
  url: string;
  messages: CaughtMail[];
  /** Answers the next `n` messages with this SMTP code instead of accepting them (e.g. 451, 550). */
  failNext(n: number, code: number): void;
  /** Resolves when at least `n` messages were caught; rejects after the timeout. */
  waitFor(n: number, timeoutMs?: number): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

/** A second SMTP server on loopback that catches Baken's outgoing mail (no TLS, no auth). */
export async function startCatcher(): Promise<Catcher> {
  const messages: CaughtMail[] = [];
  let failing = 0;
  let failCode = 451;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (failing > 0) {
          failing--;
          return cb(
            Object.assign(new Error(failCode >= 500 ? '5.1.1 Mailbox does not exist' : '4.3.0 Try again later'), {
              responseCode: failCode,
            }),
          );
        }
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed,
          header(name) {
            const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
            return line === undefined
              ? undefined
              : line
                  .slice(line.indexOf(':') + 1)
                  .replace(/\r?\n[ \t]+/g, ' ')
                  .trim();
          },
        });
        cb();
        for (const w of waiters.splice(0)) w();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(n, code) {
      failing = n;
      failCode = code;
    },
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`caught ${messages.length} message(s), expected ${n}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A nodemailer transport to a listener on loopback (plain SMTP, as the organisation's relay would speak it). */
export function transportTo(port: number, opts: { pool?: boolean; maxConnections?: number } = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: opts.pool ?? false,
    maxConnections: opts.maxConnections,
    maxMessages: Infinity,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/** Sends one message with nodemailer; resolves with its info (response "250 ..."), rejects with the SMTP error (responseCode). */
export async function sendMail(port: number, message: SendMailOptions) {
  const t = transportTo(port);
  try {
    return await t.sendMail(message);
  } finally {
    t.close();
  }
}

/** Sends raw message bytes with an explicit envelope. */
export async function sendRaw(port: number, from: string, to: string | string[], raw: string | Buffer) {
  return sendMail(port, { envelope: { from, to: [to].flat() }, raw });
}

/** A small RFC 5322 message as text (CRLF line ends), for tests that need exact headers or bytes. */
export function rawMessage(h: Record<string, string | undefined>, body: string): string {
  const lines = Object.entries(h)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
}

/** The SMTP error code of a rejected send, or 0 when it was accepted. */
export async function smtpCode(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return (e as { responseCode?: number }).responseCode ?? -1;
  }
}
