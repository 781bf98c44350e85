import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Deps } from '../../deps.js';
import { runLeased } from '../../db/leases.js';
import { ingestParsed, ingestRaw } from './ingest.service.js';
import { parseMailSafely } from './parse-pool.js';
import { notVerified } from './sender-auth.js';
import { checkSender } from './sender-check.js';

/** The keyword Baken sets on a message it has stored (servers that allow no keywords get \Seen instead). */
export const TAKEN = '$BakenTaken';

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Reads IMAP_URL: `imaps://user:pass@host[:port]/Mailbox` (imap:// uses STARTTLS when the server offers it). */
export function parseImapUrl(url: string): ImapTarget {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX',
  };
}

export interface PollResult {
  stored: number;
  duplicates: number;
  oversized: number;
}

/**
 * One poll of the hosted mailbox: every message not yet taken is fetched, handed to the ingestion path and
 * only after its commit flagged as taken — a crash in between means it is fetched again next time and
 * recognised as a duplicate, never lost. A message over MAIL_MAX_BYTES is recorded from its headers with a
 * note, and left in the mailbox. A storage failure ends the poll; the rest waits for the next one.
 */
export async function pollImapOnce(deps: Deps, target: ImapTarget): Promise<PollResult> {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
  });
  client.on('error', (e: Error) =>
    deps.log.warn('imap connection error', { code: (e as { code?: string }).code ?? null }),
  );
  const result: PollResult = { stored: 0, duplicates: 0, oversized: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      const box = client.mailbox;
      const keywords = !!box && !!box.permanentFlags?.has('\\*');
      const uids = (await client.search(keywords ? { unKeyword: TAKEN } : { seen: false }, { uid: true })) || [];
      for (const uid of uids) {
        const range = String(uid);
        const meta = await client.fetchOne(range, { uid: true, size: true }, { uid: true });
        if (!meta) continue;
        let status: 'stored' | 'duplicate';
        if ((meta.size ?? 0) > deps.config.mail.maxMessageBytes) {
          const head = await client.fetchOne(range, { uid: true, headers: true }, { uid: true });
          const parsed = await parseMailSafely(
            Buffer.concat([head ? (head.headers ?? Buffer.alloc(0)) : Buffer.alloc(0), Buffer.from('\r\n')]),
          );
          const note = `[This message of ${meta.size} bytes is larger than the limit of ${deps.config.mail.maxMessageBytes} bytes. Baken recorded its headers only; the message itself stays in the mailbox.]`;
          status = (
            await ingestParsed(
              deps,
              { ...parsed, text: note, htmlSafe: null, attachments: [], limit: null, size: meta.size ?? 0 },
              { source: 'imap', auth: notVerified('not-checked') },
            )
          ).status;
          result.oversized++;
        } else {
          const full = await client.fetchOne(range, { uid: true, source: true }, { uid: true });
          // biome-ignore lint/complexity/useOptionalChain: fetchOne answers false when the message is gone
          if (!full || !full.source) continue;
          // No connecting address over IMAP: DKIM, DMARC and ARC are checked, SPF cannot be.
          const auth = checkSender(deps, full.source, {});
          status = (await ingestRaw(deps, full.source, { source: 'imap', auth })).status;
        }
        if (status === 'stored') result.stored++;
        else result.duplicates++;
        await client.messageFlagsAdd(range, keywords ? [TAKEN] : ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

export interface ImapPoller {
  pollNow(): Promise<PollResult | null>;
  stop(): Promise<void>;
}

/** How long a poll's lease holds without renewal: another instance takes the mailbox over after at most this. */
const POLL_LEASE_MS = 5 * 60_000;

/** The lease one mailbox is polled under (a hash: no account name in the database). */
const imapLeaseName = (t: ImapTarget) =>
  `imap:${createHash('sha256').update(`${t.host}:${t.port}/${t.user}/${t.mailbox}`).digest('base64url').slice(0, 22)}`;

/**
 * Polls IMAP_URL every IMAP_POLL_SECONDS (first poll at once); errors are logged without personal data and
 * retried next time. With several instances one polls a mailbox at a time: each poll is taken under the mailbox's
 * lease, and the next one is due IMAP_POLL_SECONDS after it ended, whichever instance takes it. `pollNow` polls
 * at once unless another instance is polling (then it answers null).
 */
export function startImapPoller(deps: Deps, opts: { url?: string; intervalMs?: number } = {}): ImapPoller {
  const target = parseImapUrl(opts.url ?? deps.config.mail.imapUrl ?? '');
  const interval = opts.intervalMs ?? deps.config.mail.imapPollSeconds * 1000;
  const lease = imapLeaseName(target);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  // A poll in progress: its result, or 'skipped' when another instance had the mailbox (or it was not due yet).
  let current: Promise<PollResult | null | 'skipped'> | null = null;

  const poll = (force: boolean): Promise<PollResult | null | 'skipped'> => {
    const startedAt = deps.clock();
    const report = (error?: unknown) => {
      const finishedAt = deps.clock();
      const nextAt = new Date(finishedAt.getTime() + interval);
      deps.jobs.ran({ job: 'imap', startedAt, finishedAt, nextAt, ...(error === undefined ? {} : { error }) });
    };
    current ??= runLeased(deps, lease, { ttlMs: POLL_LEASE_MS, nextInMs: interval, force }, () =>
      pollImapOnce(deps, target),
    )
      .then(({ ran, result: r }) => {
        if (ran) report();
        if (!ran || !r) return 'skipped' as const;
        if (r.stored || r.oversized) deps.log.info('imap poll', { ...r });
        return r;
      })
      .catch((e: unknown) => {
        deps.log.warn('imap poll failed, retrying next time', {
          code: (e as { code?: string }).code ?? null,
          err: e as Error,
        });
        report(e ?? new Error('failed'));
        return null;
      })
      .finally(() => {
        current = null;
      });
    return current;
  };
  const pollNow = async (): Promise<PollResult | null> => {
    const running = current && (await current);
    if (running && running !== 'skipped') return running;
    const r = await poll(true);
    return r === 'skipped' ? null : r;
  };
  const tick = () => {
    if (!stopped)
      void poll(false).finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
      });
  };
  tick();
  return {
    pollNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
