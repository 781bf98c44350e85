import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Deps } from '../../deps.js';
import { normaliseEmail } from '../../crypto/field-crypto.js';
import { ingestRaw } from './ingest.service.js';
import { checkSender } from './sender-check.js';
import { DEFAULT_RATE_LIMITS, SharedTokenBuckets, type RateLimits } from './rate-limit.js';

export interface SmtpListenerOptions {
  port?: number;
  host?: string;
  /** Flood limits; the defaults suit one relay forwarding the desk's mail. */
  rate?: RateLimits;
  maxClients?: number;
  /**
   * Bytes of message data held in memory at once, over all connections (received, waiting for the parser and
   * being stored); beyond it the sender gets a temporary 451 and tries again. Default: 2 × MAIL_MAX_BYTES.
   */
  maxInFlightBytes?: number;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/** An SMTP answer with a code: 4xx tells the sending server to try again later, 5xx to give up and bounce. */
const reply = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/**
 * The inbound SMTP listener the organisation's mail server forwards to. It accepts mail only for
 * HELPDESK_ADDRESSES (550 for any other recipient), refuses messages over MAIL_MAX_BYTES (552), slows down
 * floods per client address and per sender with a temporary 451/421, and answers 250 only after the message
 * is committed by the ingestion path — so the sending server keeps (and retries) every message we did not
 * confirm. Neither AUTH nor STARTTLS is offered: it listens on loopback or an internal network behind the
 * organisation's own mail server (SMTP_LISTEN_HOST, 127.0.0.1 by default).
 */
export async function startSmtpListener(deps: Deps, opts: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const accepted = new Set(deps.config.mail.helpdeskAddresses.map((a) => a.toLowerCase()));
  const rate = opts.rate ?? DEFAULT_RATE_LIMITS;
  // Messages per client and per sender are counted in the database: the limits hold across every instance.
  // Open connections are this instance's own resource and are counted here.
  const perClient = new SharedTokenBuckets(deps.db, rate.clientBurst, rate.clientPerSecond);
  const perSender = new SharedTokenBuckets(deps.db, rate.senderBurst, rate.senderPerSecond);
  const open = new Map<string, number>();
  const maxBytes = deps.config.mail.maxMessageBytes;
  const maxInFlight = opts.maxInFlightBytes ?? 2 * maxBytes;
  let inFlight = 0;

  const server = new SMTPServer({
    name: 'baken',
    banner: 'Baken help desk mail',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    maxClients: opts.maxClients ?? 100,
    socketTimeout: 60_000,
    closeTimeout: 10_000,

    onConnect(session: SMTPServerSession, cb: (err?: Error | null) => void) {
      const n = (open.get(session.remoteAddress) ?? 0) + 1;
      if (n > rate.connectionsPerClient)
        return cb(reply(421, '4.7.0 Too many connections from your address, try again later'));
      open.set(session.remoteAddress, n);
      cb();
    },
    onClose(session: SMTPServerSession) {
      const n = (open.get(session.remoteAddress) ?? 1) - 1;
      if (n <= 0) open.delete(session.remoteAddress);
      else open.set(session.remoteAddress, n);
    },
    onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void) {
      const now = Date.now();
      const sender = normaliseEmail(address.address) ?? (address.address ? 'invalid' : '<>');
      (async () => {
        if (!(await perClient.take(`smtp-ip:${session.remoteAddress}`, now)))
          return reply(451, '4.7.1 Too many messages from your address, slow down');
        // Keyed by a hash: no sender address is written to the database for counting.
        if (!(await perSender.take(`smtp-from:${deps.crypto.hash('email', sender)}`, now)))
          return reply(451, '4.7.1 Too many messages from this sender, try again later');
        return null;
      })().then(cb, (e: unknown) => {
        deps.log.warn('flood limit not checked, sender told to retry', { code: (e as { code?: string }).code ?? null });
        cb(reply(451, '4.3.0 Temporary failure, try again later'));
      });
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void) {
      if (!accepted.has(address.address.toLowerCase())) return cb(reply(550, '5.1.1 No such mailbox here'));
      if (session.envelope.rcptTo.length >= 20) return cb(reply(452, '4.5.3 Too many recipients'));
      cb();
    },
    onData(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      cb: (err?: Error | null, message?: string) => void,
    ) {
      const chunks: Buffer[] = [];
      let held = 0;
      let failed = false;
      let busy = false;
      const release = () => {
        inFlight -= held;
        held = 0;
        chunks.length = 0;
      };
      stream.on('data', (chunk: Buffer) => {
        if (stream.sizeExceeded || busy) return;
        // Many large messages at once would exhaust memory: past the budget the sender is asked to come back.
        if (inFlight + chunk.length > maxInFlight) {
          busy = true;
          release();
          return;
        }
        chunks.push(chunk);
        held += chunk.length;
        inFlight += chunk.length;
      });
      stream.on('error', () => {
        failed = true;
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          release();
          return cb(reply(552, `5.3.4 Message too big (at most ${maxBytes} bytes)`));
        }
        if (busy) return cb(reply(451, '4.3.2 Too much mail in progress, try again later'));
        if (failed) {
          release();
          return cb(reply(451, '4.3.0 Reading the message failed, try again later'));
        }
        const mailFrom = session.envelope.mailFrom;
        const raw = Buffer.concat(chunks);
        const envelopeFrom = mailFrom ? mailFrom.address : undefined;
        // The sender check (DNS, a few seconds at most) runs while a worker parses the message; it never fails.
        const auth = checkSender(deps, raw, {
          ip: session.remoteAddress,
          helo: session.hostNameAppearsAs,
          envelopeFrom,
        });
        ingestRaw(deps, raw, { source: 'smtp', envelopeFrom, auth })
          .then((r) => cb(null, r.status === 'duplicate' ? '2.0.0 Already stored' : '2.0.0 Stored'))
          .catch((e: unknown) => {
            deps.log.error('incoming mail not stored, sender told to retry', { session: session.id, err: e as Error });
            cb(reply(451, '4.3.0 Temporary failure storing the message, try again later'));
          })
          .finally(release);
      });
    },
  });
  server.on('error', (e: Error) =>
    deps.log.warn('smtp listener connection error', { code: (e as { code?: string }).code ?? null }),
  );

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? deps.config.mail.listenPort ?? 0, opts.host ?? deps.config.mail.listenHost, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  deps.log.info('smtp listener started', { port, host: opts.host ?? deps.config.mail.listenHost });
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
