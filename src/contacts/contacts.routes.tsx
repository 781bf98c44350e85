import { Hono, type Context } from 'hono';
import { InboxNews } from '../../views/contacts/inbox-news.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment, formatStamp, page, pageContext } from '../http/render.js';
import { isHtmx, seeOther, targets } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { AppError } from '../shared/app-error.js';
import { clientIp } from '../http/request.js';
import { formVersion, parseId } from '../http/params.js';
import { InboxPage, InboxResults, type InboxProps } from '../../views/contacts/inbox.js';
import { NewContactPage } from '../../views/contacts/new-contact.js';
import { ContactMain, ContactPage, ContactSwap, type ContactPageProps } from '../../views/contacts/contact-page.js';
import {
  addNote,
  assignableUsers,
  changeContact,
  cursorAfter,
  eventsSince,
  createContact,
  logCallback,
  takeContact,
  VERSION_CONFLICT,
  viewContact,
} from './contacts.service.js';
import { countNewContacts, inboxOverview, listContacts } from './inbox.service.js';
import { assertContactVisible, legalOnly } from './contact-access.js';
import {
  emptyContactForm,
  keepOwnInput,
  parseContactForm,
  parseContactUpdate,
  parseInboxQuery,
} from './contacts.form.js';

const PAGE_SIZE = 50;

/** The inbox, logging a contact, and a contact's page with its htmx actions. Agents and supervisors only. */
export function contactsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('inbox')));
  const zone = deps.config.office.timeZone;
  const stamp = (iso: string | null) => formatStamp(iso, zone);
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  // A user who is only `legal` opens only legal-queue contacts and their own (contact-access.ts); 404 otherwise.
  const visible = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const id = c.req.param('id');
    if (id && /^\d{1,12}$/.test(id)) await assertContactVisible(deps, c.get('user')!, Number(id));
    await next();
  };
  r.use('/:id', visible);
  r.use('/:id/*', visible);

  async function inboxProps(c: Context<AppEnv>): Promise<InboxProps> {
    const raw = c.req.query();
    const query = parseInboxQuery(raw);
    if (legalOnly(c.get('user')!)) query.queue = 'legal';
    const now = deps.clock().toISOString();
    const [{ rows, order }, users, overview] = await Promise.all([
      listContacts(deps, query, actor(c), PAGE_SIZE),
      assignableUsers(deps),
      inboxOverview(deps),
    ]);
    const last = rows.at(-1);
    const next =
      rows.length >= PAGE_SIZE && last
        ? `/contacts?${new URLSearchParams({ ...raw, before: cursorAfter(last, order) })}`
        : undefined;
    const { before: _page, queue: _queue, ...keep } = raw;
    return {
      ctx: pageContext(c, deps),
      users,
      nextHref: next,
      lastId: overview.lastId,
      perQueue: overview.perQueue,
      queueHref: (queue) => `/contacts?${new URLSearchParams(queue ? { ...keep, queue } : keep)}`,
      filter: {
        q: raw.q ?? '',
        queue: raw.queue ?? '',
        status: raw.status ?? '',
        channel: raw.channel ?? '',
        assignee: raw.assignee ?? '',
        mine: !!query.assignee && query.assignee === 'me',
        overdue: !!query.overdue,
        afterHours: !!query.afterHours,
        spam: !!query.spam,
        topic: query.topic ?? '',
        urgent: !!query.urgent,
      },
      rows: rows.map((row) => ({
        ...row,
        started: stamp(row.started_at),
        due: stamp(row.due_at),
        isOverdue: !!row.due_at && row.due_at < now && row.status !== 'resolved',
      })),
    };
  }

  r.get('/', async (c) => {
    const props = await inboxProps(c);
    if (targets(c, 'inbox-results')) return fragment(c, <InboxResults {...props} />);
    return page(c, deps, c.get('t')('inbox.title'), <InboxPage {...props} />);
  });
  r.get('/results', async (c) => fragment(c, <InboxResults {...(await inboxProps(c))} />));

  // How many contacts matching the open inbox's filters arrived since it was drawn: the inbox's notice asks (htmx)
  // on every live "contact.created" and announces "3 new — show" instead of redrawing the list (204: nothing new).
  r.get('/fresh', async (c) => {
    const { after, ...raw } = c.req.query();
    if (!after || !/^\d{1,12}$/.test(after)) throw new AppError('bad_filter', 'Unknown value for after');
    const n = await countNewContacts(deps, parseInboxQuery(raw), c.get('user')!.id, Number(after));
    c.header('Cache-Control', 'no-store');
    if (c.req.header('HX-Request') !== 'true') return c.json({ n });
    if (n === 0) return c.body(null, 204);
    return c.html(<InboxNews t={c.get('t')} n={n} />);
  });

  r.get('/new', (c) =>
    page(
      c,
      deps,
      c.get('t')('contact.new.title'),
      <NewContactPage ctx={pageContext(c, deps)} values={emptyContactForm()} />,
    ),
  );

  r.post('/', async (c) => {
    const t = c.get('t');
    const form = parseContactForm(await c.req.parseBody(), t);
    if (!form.ok)
      return page(
        c,
        deps,
        t('contact.new.title'),
        <NewContactPage ctx={pageContext(c, deps)} values={form.values} errors={form.errors} />,
        422,
      );
    // Its subject and notes are words the hooks react to in the creating transaction (routing, drafts).
    const words = { source: 'manual' as const, keepQueue: form.input.queue !== 'general' };
    const created = await createContact(deps, { ...form.input, words }, actor(c));
    return seeOther(c, `/contacts/${created.id}?logged=1`);
  });

  async function contactProps(
    c: Context<AppEnv>,
    id: number,
    extra: Partial<ContactPageProps> = {},
  ): Promise<ContactPageProps> {
    const [view, users] = await Promise.all([viewContact(deps, id, actor(c)), assignableUsers(deps)]);
    const due = view.contact.due_at;
    const ctx = pageContext(c, deps);
    const panels = await deps.contactPlugins.panels(view.contact, ctx);
    return {
      ctx,
      view,
      users,
      stamp,
      panels,
      eventLabel: deps.contactPlugins.eventLabel,
      isOverdue: !!due && due < deps.clock().toISOString() && view.contact.status !== 'resolved',
      ...extra,
    };
  }

  r.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const props = await contactProps(c, id);
    if (c.req.query('logged'))
      props.flash = { kind: 'ok', text: t('contact.logged', { ref: props.view.contact.reference ?? '' }) };
    props.present = deps.presence.touch(id, c.get('user')!, deps.clock().getTime());
    props.focusNote = c.req.query('focus') === 'note';
    if (targets(c, 'contact-main')) return fragment(c, <ContactMain {...props} />);
    return page(c, deps, props.view.contact.reference ?? t('contact.details'), <ContactPage {...props} />);
  });

  /** Answers an action: the swapped fragment for htmx, a redirect (or the page with the error) otherwise. */
  async function answer(c: Context<AppEnv>, id: number, extra: Partial<ContactPageProps>, status: 200 | 409 | 422) {
    if (status === 200 && !isHtmx(c)) return seeOther(c, `/contacts/${id}`);
    const props = await contactProps(c, id, extra);
    if (isHtmx(c)) {
      props.redrawn = await deps.contactPlugins.panelsAfterSave(props.view.contact, props.ctx);
      return fragment(c, <ContactSwap {...props} />, status);
    }
    return page(c, deps, props.view.contact.reference ?? '', <ContactPage {...props} />, status);
  }

  r.post('/:id/notes', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const body = await c.req.parseBody();
    const raw = body.body ?? body.notes;
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!text) return answer(c, id, { noteError: t('field.required') }, 422);
    if (text.length > 20_000)
      return answer(c, id, { noteError: t('field.tooLong', { max: 20000 }), noteValue: text }, 422);
    await addNote(deps, id, text, actor(c));
    return answer(c, id, { flash: { kind: 'ok', text: t('contact.saved') }, noteSaved: true }, 200);
  });

  // Changing a contact: only the fields posted change; a stale version answers 409 with what
  // the other agent changed and the agent's own input kept; invalid values 422 with the message by the field.
  r.post('/:id/update', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const form = parseContactUpdate(await c.req.parseBody({ all: true }), t, c.get('user')!.id, {
      keepNote: !isHtmx(c),
    });
    const kept = { values: form.values, errors: form.errors, noteError: form.errors.notes };
    if (!form.ok) return answer(c, id, { ...kept, flash: { kind: 'error', text: t('field.invalid') } }, 422);
    try {
      if (form.callback) {
        try {
          await logCallback(deps, id, form.callback, form.note, actor(c), {
            change: form.change,
            expectedVersion: form.version,
          });
        } catch (e) {
          if (!(e instanceof AppError && e.code.startsWith('may_not_'))) throw e;
          const text = t(e.code === 'may_not_call_back' ? 'contact.noCallBack' : 'contact.noVoicemail');
          return answer(c, id, { ...kept, flash: { kind: 'error', text } }, 422);
        }
        return answer(c, id, { flash: { kind: 'ok', text: t('contact.saved') }, noteSaved: !!form.note }, 200);
      }
      const done = await changeContact(deps, id, form.change, actor(c), {
        expectedVersion: form.version,
        note: form.note,
        byHand: true,
      });
      const any = done.changed.length > 0 || done.noteAdded;
      return answer(
        c,
        id,
        {
          flash: { kind: any ? 'ok' : 'info', text: any ? t('contact.saved') : t('contact.unchanged') },
          noteSaved: done.noteAdded,
        },
        200,
      );
    } catch (e) {
      if (e instanceof AppError && e.code === VERSION_CONFLICT) {
        const conflict = await eventsSince(deps, id, form.version ?? 0);
        const values = keepOwnInput(form.values, conflict);
        return answer(c, id, { ...kept, values, conflict, flash: { kind: 'error', text: t('contact.conflict') } }, 409);
      }
      if (e instanceof AppError && e.code === 'assignee_unknown')
        return answer(
          c,
          id,
          { ...kept, errors: { assignee: t('field.invalid') }, flash: { kind: 'error', text: t('field.invalid') } },
          422,
        );
      throw e;
    }
  });

  r.post('/:id/mistaken', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const body = await c.req.parseBody();
    const mistaken = body.mistaken === 'yes' ? true : body.mistaken === 'no' ? false : null;
    const version = formVersion(body.version);
    if (mistaken === null || version === null)
      return answer(c, id, { flash: { kind: 'error', text: t('field.invalid') } }, 422);
    try {
      await changeContact(deps, id, { mistaken }, actor(c), { expectedVersion: version });
    } catch (e) {
      if (!(e instanceof AppError && e.code === VERSION_CONFLICT)) throw e;
      const conflict = await eventsSince(deps, id, version);
      return answer(c, id, { conflict, flash: { kind: 'error', text: t('contact.conflict') } }, 409);
    }
    return answer(c, id, { flash: { kind: 'ok', text: t('contact.saved') } }, 200);
  });

  // "Take this call" from the screen pop: assign to me and open; 409 with the name when another agent has it.
  r.post('/:id/take', async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const result = await takeContact(deps, id, actor(c));
    if (!result.taken) {
      const text = t('contact.takenBy', { name: result.byName });
      if (c.req.header('Accept')?.includes('application/json'))
        return c.json({ taken: false, byName: result.byName }, 409);
      const props = await contactProps(c, id, { flash: { kind: 'error', text } });
      return page(c, deps, props.view.contact.reference ?? '', <ContactPage {...props} />, 409);
    }
    // The agent took the call to write it down: the contact opens with the note focused.
    const href = `/contacts/${id}?focus=note`;
    if (c.req.header('Accept')?.includes('application/json')) return c.json({ taken: true, href });
    return seeOther(c, href);
  });
  return r;
}
