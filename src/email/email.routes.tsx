import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { formatStamp, fragment, page, pageContext } from '../http/render.js';
import { isHtmx, seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { AppError, notFound } from '../shared/app-error.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { EmailPanel, type EmailPanelProps } from '../../views/email/thread.js';
import { OutboxPage } from '../../views/email/outbox-page.js';
import { type AnswerMacro, answersFor, recordAnswerUse } from './answer-library.plugin.js';
import { AttachmentStore } from './inbound/attachment-store.js';
import { answersNoticeOf, emailPanelProps } from './email-panel.service.js';
import { ReplyAnswers } from '../../views/email/reply-form.js';
import { attachmentDownload, messageSourceDownload, unsentMail } from './downloads.service.js';
import {
  type CancelRefusal,
  MAX_REPLY_CHARS,
  cancelOutgoing,
  retryOutgoing,
  sendReply,
} from './outbound/outbox.service.js';
import { parseReplyForm } from './outbound/reply.form.js';
import { auditThreadView, mergeContacts, setSpam } from './inbound/triage.service.js';
import { assertContactVisible, getContact } from '../contacts/contacts.service.js';

const text = (body: Record<string, unknown>, key: string) =>
  typeof body[key] === 'string' ? (body[key] as string) : '';

/** What an expected refusal says to the agent, by its stable code. */
const REFUSALS: Record<string, MessageKey> = {
  reply_empty: 'field.required',
  may_not_email: 'email.reply.mayEmailNo',
  via_professional_only: 'email.reply.viaProfessionalBlocked',
  contact_spam: 'email.reply.spam',
  reply_stale: 'email.reply.stale',
  no_address: 'email.reply.noAddress',
  contact_merged: 'email.reply.merged',
  merge_target_unknown: 'email.merge.unknown',
  merge_into_itself: 'email.merge.self',
  already_merged: 'email.merge.already',
};

/** Why a mail could not be cancelled, in the agent's words. */
const CANCEL_REFUSALS: Record<CancelRefusal, MessageKey> = {
  outbox_already_sent: 'email.outbox.alreadySent',
  outbox_sending: 'email.outbox.sendingNow',
  outbox_cancelled: 'email.outbox.alreadyCancelled',
};

/** `attachment; filename="..."; filename*=UTF-8''...`: a plain fallback name and the real one, both safe in a header. */
/** What "Insert and apply" will set when the reply goes out, in the agent's words. */
function macroLabel(t: Translate, m: AnswerMacro): string {
  const parts = { topic: t(`topic.${m.topic}` as MessageKey), queue: t(`queue.${m.queue}` as MessageKey) };
  return m.status
    ? t('email.answers.macroStatus', { ...parts, status: t(`status.${m.status}` as MessageKey) })
    : t('email.answers.macro', parts);
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The email channel's screens, for agents: reply, answer-library insert, spam, merge, the outbox, and
 * attachment downloads (audited). Actions answer htmx with the email panel (422 with the error) and plain
 * posts with a redirect, or a page holding the panel and its error.
 */
export function emailRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('agent', 'supervisor', 'legal'));
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  const store = AttachmentStore.forDataDir(deps.config.dataDir, deps.crypto);
  r.use('/contacts/:id/*', async (c, next) => {
    const id = c.req.param('id');
    if (id && /^\d{1,12}$/.test(id)) await assertContactVisible(deps, c.get('user')!, Number(id));
    await next();
  });

  async function contactOf(id: number) {
    const contact = await getContact(deps, id);
    if (!contact) throw notFound('contact_not_found');
    return contact;
  }

  /** The panel again, with an error or a filled-in form: a fragment for htmx, a page otherwise. */
  async function showPanel(c: Context<AppEnv>, id: number, extra: Partial<EmailPanelProps>, status: 200 | 409 | 422) {
    const contact = await contactOf(id);
    const props = await emailPanelProps(deps, contact, pageContext(c, deps), extra);
    // The panel shows the thread: audited like the contact page, also when it answers a refused action.
    await auditThreadView(deps, id, actor(c), new URL(c.req.url).pathname.split('/').pop() ?? 'panel');
    if (isHtmx(c)) return fragment(c, <EmailPanel {...props} />, status);
    return page(
      c,
      deps,
      contact.reference ?? '',
      <section>
        <p>
          <a href={`/contacts/${id}`}>← {contact.reference}</a>
        </p>
        <EmailPanel {...props} />
      </section>,
      status,
    );
  }

  r.post('/contacts/:id/reply', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const form = parseReplyForm(await c.req.parseBody());
    const contact = await contactOf(id);
    const macro =
      form.macroAnswerId === null
        ? null
        : (await answersFor(deps, contact, c.get('locale'))).find((a) => a.id === String(form.macroAnswerId));
    const kept = {
      value: form.body,
      lang: form.input.lang,
      ...(macro ? { macro: { answerId: macro.id, label: macroLabel(t, macro.macro) } } : {}),
    };
    if (form.body.trim().length > MAX_REPLY_CHARS)
      return showPanel(c, id, { reply: { ...kept, error: t('field.tooLong', { max: MAX_REPLY_CHARS }) } }, 422);
    if (!form.ok || macro === undefined)
      return showPanel(c, id, { reply: { ...kept, error: t('field.invalid') } }, 422);
    try {
      const input = macro ? { ...form.input, macro: { ...macro.macro, answerId: Number(macro.id) } } : form.input;
      // The reply's draft goes with the sent words (the drafts plug-in, in the reply's transaction).
      await sendReply(deps, id, input, actor(c));
    } catch (e) {
      if (e instanceof AppError && REFUSALS[e.code])
        return showPanel(
          c,
          id,
          { reply: { ...kept, error: t(REFUSALS[e.code]!) } },
          e.code === 'reply_stale' ? 409 : 422,
        );
      throw e;
    }
    return seeOther(c, `/contacts/${id}`);
  });

  r.post('/contacts/:id/reply/insert', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const contact = await contactOf(id);
    const answer = (await answersFor(deps, contact, c.get('locale'))).find((a) => a.id === text(body, 'answer'));
    if (!answer) throw notFound('answer_not_found');
    await recordAnswerUse(deps, Number(answer.id), id, actor(c));
    const current = text(body, 'body');
    // "Insert and apply" marks the answer as the reply's macro; a plain insert keeps a macro chosen before.
    const macroId = text(body, 'apply') === '1' ? answer.id : text(body, 'macro');
    const macro = macroId ? (await answersFor(deps, contact, c.get('locale'))).find((a) => a.id === macroId) : null;
    return showPanel(
      c,
      id,
      {
        reply: {
          value: current.trim() ? `${current.trimEnd()}\n\n${answer.text}` : answer.text,
          lang: parseReplyForm(body).input.lang,
          ...(macro ? { macro: { answerId: macro.id, label: macroLabel(c.get('t'), macro.macro) } } : {}),
        },
        ...(answer.warning ? { flash: { kind: 'error' as const, text: answer.warning } } : {}),
      },
      200,
    );
  });

  // The reply's language changed: the answer library again, that language's answers first (no thread shown).
  r.get('/contacts/:id/reply/answers', async (c) => {
    const id = parseId(c.req.param('id'));
    const lang = c.req.query('lang');
    if (lang !== 'nl' && lang !== 'en') throw new AppError('invalid_language', 'Unknown reply language');
    const contact = await contactOf(id);
    const ctx = pageContext(c, deps);
    return fragment(
      c,
      <ReplyAnswers
        ctx={ctx}
        contactId={id}
        answers={await answersFor(deps, contact, ctx.locale, lang)}
        answersNotice={answersNoticeOf(contact.language, ctx, lang)}
      />,
    );
  });

  r.post('/contacts/:id/spam', async (c) => {
    const id = parseId(c.req.param('id'));
    const flag = text(await c.req.parseBody(), 'spam');
    if (flag !== '1' && flag !== '0')
      return showPanel(c, id, { flash: { kind: 'error', text: c.get('t')('field.invalid') } }, 422);
    await setSpam(deps, id, flag === '1', actor(c));
    return seeOther(c, `/contacts/${id}`);
  });

  r.post('/contacts/:id/merge', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const value = text(await c.req.parseBody(), 'target').trim();
    if (!/^(\[?#?\s*HD-\d{4}-\d{6,12}\s*\]?|\d{1,12})$/i.test(value))
      return showPanel(
        c,
        id,
        { merge: { value: value.slice(0, 40), error: value ? t('email.merge.format') : t('field.required') } },
        422,
      );
    try {
      const merged = await mergeContacts(deps, id, value, actor(c));
      return seeOther(c, `/contacts/${merged.targetId}`);
    } catch (e) {
      if (e instanceof AppError && REFUSALS[e.code])
        return showPanel(c, id, { merge: { value, error: t(REFUSALS[e.code]!) } }, 422);
      throw e;
    }
  });

  // The outbox lists mail of every contact: not for a user who sees only the legal queue.
  r.use('/outbox', requireRole(...areaRoles('outbox')));
  r.use('/outbox/*', requireRole(...areaRoles('outbox')));
  r.post('/outbox/:id/cancel', async (c) => {
    const t = c.get('t');
    const { contactId, refused } = await cancelOutgoing(deps, parseId(c.req.param('id')), actor(c));
    if (refused) return showPanel(c, contactId, { flash: { kind: 'error', text: t(CANCEL_REFUSALS[refused]) } }, 409);
    return seeOther(c, `/contacts/${contactId}`);
  });

  r.post('/outbox/:id/retry', async (c) => {
    const contactId = await retryOutgoing(deps, parseId(c.req.param('id')), actor(c));
    return seeOther(c, `/contacts/${contactId}`);
  });

  r.get('/outbox', async (c) => {
    const zone = deps.config.office.timeZone;
    const rows = (await unsentMail(deps)).map((o) => ({
      id: o.id,
      kind: o.kind,
      status: o.status,
      attempts: o.attempts,
      error: o.last_error,
      nextAt: formatStamp(o.next_attempt_at, zone),
      createdAt: formatStamp(o.created_at, zone),
      contactId: o.contact_id,
      reference: o.reference,
      subject: o.subject,
    }));
    return page(
      c,
      deps,
      c.get('t')('email.outbox.title'),
      <OutboxPage ctx={pageContext(c, deps)} rows={rows} smtpConfigured={!!deps.config.mail.smtpUrl} />,
    );
  });

  r.get('/attachments/:id', async (c) => {
    const who = { user: c.get('user')!, ip: clientIp(c) };
    const a = await attachmentDownload(deps, store, parseId(c.req.param('id')), who);
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', disposition(deps.crypto.decrypt(a.filename_enc) ?? 'attachment'));
    c.header('Content-Length', String(a.size_bytes));
    c.header('Cache-Control', 'no-store');
    return c.body(Readable.toWeb(store.read(a.sha256, !!a.encrypted)) as ReadableStream);
  });

  // "Show whole message": the kept source of a message too large to show, as a download (a read of personal
  // data, so audited like an attachment).
  r.get('/messages/:id/source', async (c) => {
    const who = { user: c.get('user')!, ip: clientIp(c) };
    const m = await messageSourceDownload(deps, store, parseId(c.req.param('id')), who);
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', disposition(`message-${m.id}.eml`));
    c.header('Content-Length', String(m.size_bytes));
    c.header('Cache-Control', 'no-store');
    return c.body(Readable.toWeb(store.read(m.source_file, true)) as ReadableStream);
  });

  return r;
}
