// The on-call notice (docs/product.md §6, issue 25): an urgent item arriving while the desk is closed sends the on-call
// person one SMS (Twilio's Messages resource, through the one REST client) and/or one mail, holding a link to the
// item and nothing that identifies the caller. A notice is a row (unique per item and channel) written in the
// transaction that made the item urgent, so it is sent once whatever the retries and instances; a worker sends it
// at once and tries a failed one again (Twilio 5xx, timeout) until it is shown as failed on the admin page.
import type { Deps } from '../deps.js';
import type { Executor, Trx } from '../db/database.js';
import { E164 } from '../config.js';
import { writeAudit } from '../audit/audit.queries.js';
import { startLeasedJob } from '../db/leases.js';
import nodemailer from 'nodemailer';
import { senderAddress } from '../email/outbound/outbox.service.js';
import { sendSms } from '../calls/sms.service.js';
import { purgeStaleTranscripts } from '../calls/transcript.service.js';
import { AppError } from '../shared/app-error.js';
import {
  claimNotice,
  findNotice,
  finishNotice,
  requeueNotice,
  insertNoticeOnce,
  listDeskSettings,
  listDueNotices,
  listRecentNotices,
  upsertDeskSetting,
} from './oncall.queries.js';
import {
  ONCALL_MAX_ATTEMPTS,
  oncallBackoffMs,
  oncallChannels,
  oncallLink,
  oncallText,
  type OncallSettings,
} from './oncall-rules.js';
import type { OncallChannel } from './oncall.table.js';

/** The on-call number and address: what an admin set in the app, else ONCALL_PHONE / ONCALL_EMAIL. */
export async function oncallSettings(deps: Deps, db: Executor = deps.db): Promise<OncallSettings> {
  const rows = await listDeskSettings(db);
  const get = (key: 'oncall_phone' | 'oncall_email', env: string | undefined) => {
    const row = rows.find((r) => r.key === key);
    return row ? row.value : (env ?? null);
  };
  return { phone: get('oncall_phone', deps.config.oncall.phone), email: get('oncall_email', deps.config.oncall.email) };
}

const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,190}\.[^\s@<>()",;:]{2,}$/;

/** Checks the admin's form: the number E.164 (or empty), the address an address (or empty). */
export function validateOncallForm(input: { phone: string; email: string }): {
  values: OncallSettings;
  errors: Partial<Record<'phone' | 'email', 'phone' | 'email'>>;
} {
  const phone = input.phone.replace(/[\s().-]/g, '');
  const email = input.email.trim();
  const errors: Partial<Record<'phone' | 'email', 'phone' | 'email'>> = {};
  if (phone && !E164.test(phone)) errors.phone = 'phone';
  if (email && !EMAIL.test(email)) errors.email = 'email';
  return { values: { phone: phone || null, email: email || null }, errors };
}

/** An admin sets the on-call number and address (empty clears one); audited in the same transaction. */
export async function saveOncallSettings(
  deps: Deps,
  values: OncallSettings,
  actor: { id: number; ip?: string | null },
): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await oncallSettings(deps, trx);
    await upsertDeskSetting(trx, { key: 'oncall_phone', value: values.phone, updated_at: now, updated_by: actor.id });
    await upsertDeskSetting(trx, { key: 'oncall_email', value: values.email, updated_at: now, updated_by: actor.id });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'oncall.settings',
      subjectType: 'desk_settings',
      subjectId: 'oncall',
      ip: actor.ip,
      // Whether each is set and whether it changed: the on-call number itself is a colleague's, kept out of the log.
      details: {
        phone: values.phone ? 'set' : 'cleared',
        email: values.email ? 'set' : 'cleared',
        changed: [
          ...(before.phone !== values.phone ? ['phone'] : []),
          ...(before.email !== values.email ? ['email'] : []),
        ],
      },
    });
  });
}

/**
 * Called where an item's words were classified (a voicemail's transcript, an incoming mail), in that transaction:
 * when the item is urgent and the desk is closed, a notice per channel set is queued once (the unique row) and
 * audited. Answers whether any was new; the caller calls kickOncall after its commit.
 */
export async function queueOncallNoticesIn(
  deps: Deps,
  trx: Trx,
  contactId: number,
  item: { urgent: boolean },
): Promise<boolean> {
  const now = deps.clock();
  const deskOpen = deps.officeHours.status(now).open;
  if (!item.urgent || deskOpen) return false;
  const channels = oncallChannels({ urgent: item.urgent, deskOpen }, await oncallSettings(deps, trx));
  let any = false;
  for (const channel of channels) {
    const iso = now.toISOString();
    if (!(await insertNoticeOnce(trx, { contact_id: contactId, channel, next_attempt_at: iso, created_at: iso })))
      continue;
    any = true;
    await writeAudit(trx, {
      at: iso,
      actorId: null,
      action: 'oncall.queued',
      subjectType: 'contact',
      subjectId: contactId,
      details: { channel },
    });
  }
  return any;
}

const inFlight = new WeakMap<Deps, Promise<number>>();

/** Sends the due notices now, in the background (one run at a time per process); see oncallIdle. */
export function kickOncall(deps: Deps): void {
  const prev = inFlight.get(deps) ?? Promise.resolve(0);
  const next = prev
    .catch(() => 0)
    .then(() => sendDueOncallNotices(deps))
    .catch((err: unknown) => {
      deps.log.warn('on-call notices could not be sent', { code: (err as { code?: string }).code ?? 'error' });
      return 0;
    });
  inFlight.set(deps, next);
}

/** Resolves when the notices kicked so far were tried (tests, shutdown). */
export async function oncallIdle(deps: Deps): Promise<void> {
  await inFlight.get(deps);
}

/** How long an instance holds a notice it is sending before another may take it over. */
const CLAIM_MS = 2 * 60_000;

/** Sends every due notice this instance can claim; answers how many were sent. */
export async function sendDueOncallNotices(deps: Deps): Promise<number> {
  let sent = 0;
  const now = deps.clock();
  for (const n of await listDueNotices(deps.db, now.toISOString())) {
    if (!(await claimNotice(deps.db, n.id, now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString())))
      continue;
    const attempt = n.attempts + 1;
    const result = await deliver(deps, n.contact_id, n.channel);
    const at = deps.clock().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      if (result.ok) {
        await finishNotice(trx, n.id, { status: 'sent', sent_at: at, last_error: null, provider_sid: result.sid });
      } else {
        const final = !result.retry || attempt >= ONCALL_MAX_ATTEMPTS;
        await finishNotice(trx, n.id, {
          status: final ? 'failed' : 'queued',
          next_attempt_at: new Date(deps.clock().getTime() + oncallBackoffMs(attempt)).toISOString(),
          last_error: result.error,
        });
        if (!final) return;
      }
      await writeAudit(trx, {
        at,
        actorId: null,
        action: result.ok ? 'oncall.sent' : 'oncall.failed',
        subjectType: 'contact',
        subjectId: n.contact_id,
        details: { channel: n.channel, attempts: attempt, ...(result.ok ? {} : { error: result.error }) },
      });
    });
    if (result.ok) sent++;
    else
      deps.log.warn('on-call notice not sent', {
        noticeId: n.id,
        channel: n.channel,
        attempt,
        error: result.error,
      });
  }
  return sent;
}

type Delivery = { ok: true; sid: string | null } | { ok: false; retry: boolean; error: string };

/** Sends one notice; never throws. The text is made here from the settings of the moment. */
async function deliver(deps: Deps, contactId: number, channel: OncallChannel): Promise<Delivery> {
  const settings = await oncallSettings(deps);
  const { subject, body } = oncallText(deps.config.defaultLocale, oncallLink(deps.config.publicUrl, contactId));
  if (channel === 'sms') {
    if (!settings.phone) return { ok: false, retry: false, error: 'no_oncall_phone' };
    return sendSms(deps, settings.phone, body);
  }
  if (!settings.email) return { ok: false, retry: false, error: 'no_oncall_email' };
  const smtpUrl = deps.config.mail.smtpUrl;
  const from = senderAddress(deps);
  if (!smtpUrl || !from) return { ok: false, retry: false, error: 'smtp_not_configured' };
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    const info = await transport.sendMail({ from, to: settings.email, subject, text: body });
    return { ok: true, sid: typeof info.messageId === 'string' ? info.messageId.slice(0, 64) : null };
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    return {
      ok: false,
      retry: !(typeof code === 'number' && code >= 500),
      error: typeof code === 'number' ? `smtp_${code}` : 'smtp_unreachable',
    };
  } finally {
    transport.close();
  }
}

/** An admin tries a failed notice again (audited). */
export async function retryOncallNotice(deps: Deps, id: number, actor: { id: number; ip?: string | null }) {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const n = await findNotice(trx, id);
    if (!n) throw new AppError('notice_not_found', 'Not found');
    if (n.status !== 'failed') throw new AppError('notice_not_failed', 'Only a failed notice is tried again');
    await requeueNotice(trx, id, now);
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'oncall.retry',
      subjectType: 'contact',
      subjectId: n.contact_id,
      ip: actor.ip,
      details: { noticeId: id },
    });
  });
  kickOncall(deps);
}

export async function recentOncallNotices(deps: Deps) {
  return listRecentNotices(deps.db);
}

/**
 * The worker: every 15 seconds one instance sends what is due (notices also go at once, by kickOncall), and once an
 * hour it removes voicemail text pieces older than a day that will never join a voicemail.
 */
export function startOncallWorker(deps: Deps): () => Promise<void> {
  let lastPurge = 0;
  return startLeasedJob(deps, {
    name: 'oncall',
    everyMs: 15_000,
    run: async () => {
      await sendDueOncallNotices(deps);
      // Once an hour, the pieces of voicemail text that will never join a voicemail go (they are encrypted text).
      if (deps.clock().getTime() - lastPurge >= 60 * 60_000) {
        lastPurge = deps.clock().getTime();
        await purgeStaleTranscripts(deps);
      }
    },
  });
}
