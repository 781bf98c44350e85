// The SMTP listener's share of `npm run bench`: N messages over pooled loopback connections to a real
// listener, each committed by the ingestion path before its 250. Client and server share this process.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Deps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { buildDeps } from '../src/boot.js';
import { createLogger } from '../src/shared/log.js';
import { startSmtpListener } from '../src/email/inbound/smtp-listener.js';

export interface SmtpBenchResult {
  messagesPerSecond: number;
  p50ms: number;
  p99ms: number;
  messages: number;
}

/** The flood limits are lifted: this measures throughput, and every message comes from one loopback client. */
const UNLIMITED = {
  clientBurst: Number.MAX_SAFE_INTEGER,
  clientPerSecond: 1e9,
  senderBurst: Number.MAX_SAFE_INTEGER,
  senderPerSecond: 1e9,
  connectionsPerClient: 10_000,
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/**
 * Starts the listener on a free port against `deps` and sends `messages` distinct messages (each from its
 * own sender, so each starts a contact and queues an acknowledgement, as real mail does) over `concurrency`
 * pooled connections; measures messages per second and the latency of each send up to its 250.
 */
export async function benchSmtp(deps: Deps, opts: { messages: number; concurrency: number }): Promise<SmtpBenchResult> {
  const desk = deps.config.mail.helpdeskAddresses[0];
  if (!desk) throw new Error('benchSmtp needs HELPDESK_ADDRESSES in the config');
  const listener = await startSmtpListener(deps, {
    port: 0,
    host: '127.0.0.1',
    rate: UNLIMITED,
    maxClients: opts.concurrency + 10,
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: opts.concurrency,
    maxMessages: Infinity,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const run = randomBytes(4).toString('hex');
  const body =
    'Goedemiddag,\n\nWij hebben een vraag over de bedenktijd van een cliënte die mogelijk slachtoffer is van mensenhandel.\n\nMet vriendelijke groet,\nBench\n';
  const send = (i: number) =>
    transport.sendMail({
      from: `afzender${i}.${run}@bench.example`,
      to: desk,
      subject: `Bench ${i}`,
      text: body,
      messageId: `<bench-${run}-${i}@bench.example>`,
    });
  try {
    for (let i = 0; i < Math.min(50, opts.messages); i++) await send(-1 - i); // warm-up, not measured
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < opts.messages) {
          const i = next++;
          const t0 = performance.now();
          const info = await send(i);
          if (!/^250 /.test(info.response)) throw new Error(`message ${i} not accepted: ${info.response}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      messagesPerSecond: opts.messages / seconds,
      p50ms: percentile(latencies, 50),
      p99ms: percentile(latencies, 99),
      messages: opts.messages,
    };
  } finally {
    transport.close();
    await listener.close();
  }
}

/** benchSmtp on a fresh database in a temp folder (what bench/run.ts calls). */
export async function runSmtpBench(opts: { messages: number; concurrency: number }): Promise<SmtpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'baken-smtp-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: join(dir, 'baken.sqlite'),
    DATA_DIR: dir,
    DATA_KEY: randomBytes(32).toString('base64'),
    HELPDESK_ADDRESSES: 'meldpunt@bench.example',
    MAIL_FROM: 'meldpunt@bench.example',
  });
  const deps = await buildDeps(config, createLogger({ silent: true }));
  try {
    return await benchSmtp(deps, opts);
  } finally {
    await deps.events.close();
    await deps.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  const messages = Number(process.env.BENCH_MESSAGES ?? 2000),
    concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
  runSmtpBench({ messages, concurrency }).then((r) => console.log(JSON.stringify(r)));
}
