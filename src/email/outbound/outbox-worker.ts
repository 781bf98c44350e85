import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../../deps.js';
import { addEventIn } from '../../contacts/contact-text.service.js';
import {
  claimOutbox,
  dueOutbox,
  markOutboxFailed,
  markOutboxSent,
  outboxToSend,
  renewOutboxClaim,
} from './outbox.queries.js';
import { onOutboxQueued } from './outbox.service.js';

/** A mail that keeps failing temporarily is given up after this many attempts (about 17 hours with the backoff below). */
export const MAX_ATTEMPTS = 10;
const BATCH = 20;
/**
 * How long an instance's claim on a mail it sends holds without being renewed (it is renewed every third of it
 * while the SMTP conversation lasts). A mail whose instance died is taken over by another after at most this.
 */
export const CLAIM_MS = 2 * 60_000;

/** Wait before attempt n+1 after n failed attempts: 1, 2, 4 … minutes, at most 6 hours. */
function backoffMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3600_000);
}

/** True for an SMTP answer that will not change on a retry (5xx), such as an unknown recipient. */
function isPermanent(e: unknown): boolean {
  const code = (e as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The reason shown to agents: the SMTP code or error code and the server's words, cut short. */
function reasonOf(e: unknown): string {
  const err = e as { responseCode?: number; code?: string; message?: string };
  return `${err.responseCode ?? err.code ?? 'error'}: ${(err.message ?? String(e)).replace(/\s+/g, ' ')}`.slice(0, 300);
}

export interface OutboxWorker {
  /** Sends every due mail once; returns how many were handled. */
  runOnce(): Promise<number>;
  /** Asks for a run as soon as possible. */
  kick(): void;
  stop(): Promise<void>;
}

/** Builds the outgoing transport from SMTP_URL (`smtp://user:pass@host:587`, query options such as `?ignoreTLS=true` allowed). */
function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/**
 * The outbox worker: sends stored mail in order, marks it sent, retries temporary failures with exponential
 * backoff and gives up on permanent ones — a failed mail stays in the outbox, with its reason, for agents to
 * see and send again. Every instance may run one: each mail is claimed by exactly one instance (a conditional
 * UPDATE) for CLAIM_MS, renewed while it is being sent. A stop waits for the mail being sent, so a restart sends
 * nothing twice; a mail left "sending" by an instance that died is taken over once its claim ran out (it may then
 * go out twice if the server had accepted it just before the crash — losing it would be worse; it keeps its
 * Message-ID). Without SMTP_URL no worker runs and mail waits in the outbox.
 */
export function startOutboxWorker(
  deps: Deps,
  opts: { transport?: Transporter; intervalMs?: number } = {},
): OutboxWorker {
  const transport = opts.transport ?? createMailTransport(deps.config.mail.smtpUrl ?? '');
  const interval = opts.intervalMs ?? 5_000;
  let running: Promise<number> | null = null;
  let pending: Promise<number> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const holder = deps.instanceId;

  async function sendOne(id: number): Promise<void> {
    const now = deps.clock();
    const row = await outboxToSend(deps.db, id);
    const attempts = row.attempts + 1;
    const until = () => new Date(deps.clock().getTime() + CLAIM_MS).toISOString();
    if (!(await claimOutbox(deps.db, id, { attempts, holder, now: now.toISOString(), until: until() }))) return;
    const beat = setInterval(() => {
      renewOutboxClaim(deps.db, id, holder, until()).catch(() => {});
    }, CLAIM_MS / 3);
    try {
      const to = JSON.parse(deps.crypto.decrypt(row.to_enc) ?? '[]') as string[];
      if (to.length === 0) throw Object.assign(new Error('no recipient'), { responseCode: 550 });
      await transport.sendMail({
        from: deps.config.mail.from,
        to,
        subject: row.subject,
        text: row.text_body,
        messageId: `<${row.message_id}>`,
        inReplyTo: row.in_reply_to ? `<${row.in_reply_to}>` : undefined,
        references: (JSON.parse(row.refs) as string[]).map((r) => `<${r}>`),
        headers: row.kind === 'ack' ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {},
      });
      await markOutboxSent(deps.db, id, deps.clock().toISOString());
      deps.metrics.outboxSends.inc({ outcome: 'sent' });
      deps.events.publish({ type: 'contact.updated', data: { id: row.contact_id } });
    } catch (e) {
      const giveUp = isPermanent(e) || attempts >= MAX_ATTEMPTS;
      const reason = reasonOf(e);
      deps.metrics.outboxSends.inc({ outcome: giveUp ? 'failed' : 'retry' });
      deps.log.warn('outgoing mail not sent', {
        outbox: id,
        attempts,
        permanent: giveUp,
        code: (e as { responseCode?: number; code?: string }).responseCode ?? (e as { code?: string }).code ?? null,
      });
      await deps.db.transaction().execute(async (trx) => {
        await markOutboxFailed(trx, id, {
          status: giveUp ? 'failed' : 'queued',
          lastError: reason,
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        });
        if (giveUp)
          await addEventIn(deps, trx, {
            contactId: row.contact_id,
            at: deps.clock().toISOString(),
            actorId: null,
            kind: 'email.failed',
            data: { outbox: id, body: reason },
          });
      });
      if (giveUp) deps.events.publish({ type: 'contact.updated', data: { id: row.contact_id } });
    } finally {
      clearInterval(beat);
    }
  }

  async function run(): Promise<number> {
    let handled = 0;
    for (;;) {
      const due = await dueOutbox(deps.db, deps.clock().toISOString(), BATCH);
      for (const { id } of due) {
        if (stopped) return handled;
        await sendOne(id);
        handled++;
      }
      if (due.length < BATCH) return handled;
    }
  }

  /** One run at a time; a request during a run is served by one more run right after it (requests coalesce). */
  function start(): Promise<number> {
    const startedAt = deps.clock();
    const report = (error?: unknown) => {
      const finishedAt = deps.clock();
      const nextAt = new Date(finishedAt.getTime() + interval);
      deps.jobs.ran({ job: 'outbox', startedAt, finishedAt, nextAt, ...(error === undefined ? {} : { error }) });
    };
    const p: Promise<number> = run()
      .then((handled) => {
        report();
        return handled;
      })
      .catch((e) => {
        deps.log.error('outbox run failed', { err: e as Error });
        report(e ?? new Error('failed'));
        return 0;
      })
      .finally(() => {
        if (running === p) running = null;
      });
    running = p;
    return p;
  }
  function runOnce(): Promise<number> {
    if (!running) return start();
    pending ??= running.then(() => {
      pending = null;
      return start();
    });
    return pending;
  }

  const tick = () => {
    if (stopped) return;
    void runOnce().finally(() => {
      if (!stopped) timer = setTimeout(tick, interval);
    });
  };
  timer = setTimeout(tick, 0);
  const kick = () => {
    if (!stopped) void runOnce();
  };
  onOutboxQueued(deps, kick);

  return {
    runOnce,
    kick,
    async stop() {
      stopped = true;
      onOutboxQueued(deps, null);
      if (timer) clearTimeout(timer);
      await pending;
      await running;
      transport.close();
    },
  };
}
