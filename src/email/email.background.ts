import type { Deps } from '../deps.js';
import { startImapPoller } from './inbound/imap-poller.js';
import { startOutboxWorker } from './outbound/outbox-worker.js';
import { startSmtpListener } from './inbound/smtp-listener.js';

/**
 * Starts the email channel's workers as configured: the SMTP listener (SMTP_LISTEN_PORT), the IMAP poller
 * (IMAP_URL) and the outbox worker (SMTP_URL; without it outgoing mail waits). Returns their stop functions,
 * in start order.
 */
export async function startEmailWorkers(deps: Deps): Promise<(() => Promise<void>)[]> {
  const stops: (() => Promise<void>)[] = [];
  const mail = deps.config.mail;
  if (mail.smtpUrl) {
    const w = startOutboxWorker(deps);
    stops.push(() => w.stop());
  } else deps.log.warn('SMTP_URL is not set: outgoing mail (acknowledgements, replies) waits in the outbox');
  if (mail.imapUrl) {
    const p = startImapPoller(deps);
    stops.push(() => p.stop());
  }
  if (mail.listenPort !== undefined) {
    const l = await startSmtpListener(deps);
    stops.push(() => l.close());
  }
  return stops;
}
