import type { Env } from '../../src/config.js';
import {
  startSmtpListener,
  type SmtpListener,
  type SmtpListenerOptions,
} from '../../src/email/inbound/smtp-listener.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The help desk address the test listener accepts mail for. */
export const DESK = 'meldpunt@baken.test';

export interface EmailTestApp {
  t: TestApp;
  listener: SmtpListener;
  close(): Promise<void>;
}

/** The real app with its SMTP listener on a free loopback port (HELPDESK_ADDRESSES = DESK, MAIL_FROM on the desk's domain). */
export async function emailTestApp(
  env: Env = {},
  opts: { now?: string; listener?: SmtpListenerOptions } = {},
): Promise<EmailTestApp> {
  const t = await createTestApp(
    { HELPDESK_ADDRESSES: DESK, MAIL_FROM: `Helpdesk <${DESK}>`, ...env },
    { now: opts.now },
  );
  const listener = await startSmtpListener(t.deps, { port: 0, host: '127.0.0.1', ...opts.listener });
  return {
    t,
    listener,
    async close() {
      await listener.close();
      await t.close();
    },
  };
}

/** Stored messages, oldest first: incoming ones unless another direction is asked for. */
export function messages(t: TestApp, direction: 'in' | 'out' = 'in') {
  return t.deps.db.selectFrom('mail_messages').selectAll().where('direction', '=', direction).orderBy('id').execute();
}
