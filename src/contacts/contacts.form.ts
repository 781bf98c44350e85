import { formVersion } from '../http/params.js';
import { fieldErrors } from '../http/form-errors.js';
import { z } from 'zod';
import { createTranslate, type MessageKey, type Translate } from '../i18n/i18n.js';
import { topicFromInput } from './combobox-value.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import {
  CHANNELS,
  DIRECTIONS,
  LANGUAGES,
  PARTY_TYPES,
  PRIORITIES,
  QUEUES,
  STATUSES,
  SAFE_FLAGS,
  TOPICS,
  type SafeFlag,
  type Channel,
  type Queue,
  type Status,
} from './contacts.table.js';
import type { NewContact, ContactChange } from './contacts.service.js';
import type { InboxQuery } from './inbox.service.js';
import { CALLBACK_OUTCOMES, type CallbackOutcome } from './contacts.service.js';
import { AppError } from '../shared/app-error.js';

const BOTH = [createTranslate('nl'), createTranslate('en')];

type Body = Record<string, string | File | (string | File)[]>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
const triState = (v: string) => (v === 'yes' ? true : v === 'no' ? false : null);

export type ContactFormValues = Record<
  | 'channel'
  | 'direction'
  | 'partyName'
  | 'partyOrg'
  | 'partyType'
  | 'phone'
  | 'email'
  | 'language'
  | 'subject'
  | 'notes'
  | 'queue'
  | 'priority'
  | 'mayCallBack'
  | 'mayLeaveVoicemail'
  | 'mayEmail'
  | 'viaProfessionalOnly',
  string
>;

export const emptyContactForm = (): ContactFormValues => ({
  channel: 'phone',
  direction: 'in',
  partyName: '',
  partyOrg: '',
  partyType: '',
  phone: '',
  email: '',
  language: '',
  subject: '',
  notes: '',
  queue: 'general',
  priority: 'normal',
  mayCallBack: '',
  mayLeaveVoicemail: '',
  mayEmail: '',
  viaProfessionalOnly: '',
});

/** Reads the "log a contact" form: the values as typed (to show again), field errors, or the new contact. */
export function parseContactForm(body: Body, t: Translate) {
  const values = Object.fromEntries(Object.keys(emptyContactForm()).map((k) => [k, str(body, k)])) as ContactFormValues;
  const opt = (max: number) => z.string().max(max, t('field.tooLong', { max }));
  const tri = z.enum(['', 'yes', 'no'], { message: t('field.invalid') });
  const schema = z.object({
    channel: z.enum(CHANNELS, { message: t('field.invalid') }),
    direction: z.enum(DIRECTIONS, { message: t('field.invalid') }),
    partyName: opt(120),
    partyOrg: opt(120),
    partyType: z.union([z.literal(''), z.enum(PARTY_TYPES)], { message: t('field.invalid') }),
    phone: opt(40).refine((p) => !p.trim() || normalisePhone(p) !== null, t('field.phone')),
    email: opt(254).refine((e) => !e.trim() || normaliseEmail(e) !== null, t('field.email')),
    language: z.union([z.literal(''), z.enum(LANGUAGES)], { message: t('field.invalid') }),
    subject: z
      .string()
      .trim()
      .min(1, t('field.required'))
      .max(200, t('field.tooLong', { max: 200 })),
    notes: opt(20_000),
    queue: z.enum(QUEUES, { message: t('field.invalid') }),
    priority: z.enum(PRIORITIES, { message: t('field.invalid') }),
    mayCallBack: tri,
    mayLeaveVoicemail: tri,
    mayEmail: tri,
    viaProfessionalOnly: tri,
  });
  const r = schema.safeParse(values);
  const errors = fieldErrors(r.error);
  if (!r.success) {
    return { ok: false as const, values, errors };
  }
  const v = r.data;
  const input: NewContact = {
    channel: v.channel,
    direction: v.direction,
    party: { name: v.partyName, org: v.partyOrg, type: v.partyType || null, phone: v.phone, email: v.email },
    language: v.language || null,
    subject: v.subject,
    notes: v.notes,
    queue: v.queue,
    priority: v.priority,
    safe: {
      mayCallBack: triState(v.mayCallBack),
      mayLeaveVoicemail: triState(v.mayLeaveVoicemail),
      mayEmail: triState(v.mayEmail),
      viaProfessionalOnly: triState(v.viaProfessionalOnly),
    },
  };
  return { ok: true as const, values, errors, input };
}

/** The fields of `POST /contacts/:id/update`, as posted. */
const UPDATE_FIELDS = [
  'subject',
  'partyName',
  'partyOrg',
  'partyType',
  'phone',
  'email',
  'language',
  'mayCallBack',
  'mayLeaveVoicemail',
  'mayEmail',
  'viaProfessionalOnly',
  'queue',
  'status',
  'priority',
  'assignee',
  'notes',
] as const;
export type UpdateField = (typeof UPDATE_FIELDS)[number];
/** What the agent posted, to show again after a 409 or 422 (topics as a list). */
export type UpdateValues = Partial<Record<UpdateField, string>> & { topics?: string[]; topicAdd?: string };

const listOf = (b: Body, k: string) => {
  const v = b[k];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string' && x !== '');
};

/**
 * Reads `POST /contacts/:id/update`: only the fields posted change. Returns the values as
 * posted (to show again), field errors, the change, the version and the note. `version` is required as soon
 * as anything but a note is posted: a change without it could silently undo another agent's work.
 */
export function parseContactUpdate(body: Body, t: Translate, currentUserId: number, opts: { keepNote?: boolean } = {}) {
  const values: UpdateValues = {};
  // One save loses nothing: every button of the contact page ("add note", "assign to me", a callback, "save")
  // posts the whole form, and every field posted is saved with it. "Assign to me" keeps the note in the box
  // (it is not the agent's "done with this note") unless the page is drawn anew without htmx.
  const intent = str(body, 'intent');
  const callback = (CALLBACK_OUTCOMES as readonly string[]).find((o) => intent === `callback-${o}`) as
    | CallbackOutcome
    | undefined;
  for (const k of UPDATE_FIELDS) if (k in body) values[k] = str(body, k);
  if ('topics' in body) values.topics = listOf(body, 'topics');
  if (intent === 'take') {
    values.assignee = 'me';
    if (!opts.keepNote) delete values.notes;
  }
  if (intent === 'resolve') values.status = 'resolved';
  const errors: Record<string, string> = {};
  const change: ContactChange = {};
  const tooLong = (k: string, v: string, max: number) => {
    if (v.length > max) errors[k] = t('field.tooLong', { max });
    return v.length <= max;
  };
  const oneOf = <T extends string>(k: UpdateField, list: readonly T[], allowEmpty: boolean): T | '' | undefined => {
    const v = values[k];
    if (v === undefined) return undefined;
    if ((allowEmpty && v === '') || (list as readonly string[]).includes(v)) return v as T | '';
    errors[k] = t('field.invalid');
    return undefined;
  };
  if (values.subject !== undefined) {
    if (!values.subject.trim()) errors.subject = t('field.required');
    else if (tooLong('subject', values.subject.trim(), 200)) change.subject = values.subject;
  }
  if (values.partyName !== undefined && tooLong('partyName', values.partyName, 120))
    change.partyName = values.partyName;
  if (values.partyOrg !== undefined && tooLong('partyOrg', values.partyOrg, 120)) change.partyOrg = values.partyOrg;
  const partyType = oneOf('partyType', PARTY_TYPES, true);
  if (partyType !== undefined) change.partyType = partyType || null;
  if (values.phone !== undefined) {
    if (values.phone.trim() && (values.phone.length > 40 || normalisePhone(values.phone) === null))
      errors.phone = t('field.phone');
    else change.phone = values.phone;
  }
  if (values.email !== undefined) {
    if (values.email.trim() && (values.email.length > 254 || normaliseEmail(values.email) === null))
      errors.email = t('field.email');
    else change.email = values.email;
  }
  const language = oneOf('language', LANGUAGES, true);
  if (language !== undefined) change.language = language || null;
  const typedTopic = str(body, 'topicAdd').trim();
  if (typedTopic) {
    values.topicAdd = typedTopic;
    // The reader's language first; a name in the desk's other language is understood too.
    const code = topicFromInput(typedTopic, (code) => [t, ...BOTH].map((tr) => tr(`topic.${code}` as MessageKey)));
    if (code === null)
      errors.topicAdd = typedTopic.length > 200 ? t('field.tooLong', { max: 200 }) : t('field.notInList');
    else if (!values.topics)
      change.addTopic = code; // the other topics stay as they are
    else if (!values.topics.includes(code)) values.topics = [...values.topics, code];
  }
  if (values.topics !== undefined) {
    const bad = values.topics.find((x) => !(TOPICS as readonly string[]).includes(x));
    if (bad !== undefined || values.topics.length > TOPICS.length) errors.topics = t('field.invalid');
    else if (!errors.topicAdd) change.topics = values.topics;
  }
  for (const k of Object.keys(SAFE_FLAGS) as SafeFlag[]) {
    const v = oneOf(k, ['yes', 'no'] as const, true);
    if (v === undefined) continue;
    change.safe = { ...change.safe, [k]: triState(v) };
  }
  const queue = oneOf('queue', QUEUES, false);
  if (queue) change.queue = queue;
  const status = oneOf('status', STATUSES, false);
  if (status) change.status = status;
  const priority = oneOf('priority', PRIORITIES, false);
  if (priority) change.priority = priority;
  if (values.assignee !== undefined) {
    const a = values.assignee;
    if (a === 'me') change.assigneeId = currentUserId;
    else if (a === '' || a === 'none') change.assigneeId = null;
    else if (/^\d{1,9}$/.test(a)) change.assigneeId = Number(a);
    else errors.assignee = t('field.invalid');
  }
  const note = values.notes?.trim() ?? '';
  if (note) tooLong('notes', note, 20_000);
  else if (intent === 'note') errors.notes = t('field.required');
  const rawVersion = str(body, 'version');
  let version: number | undefined;
  if (formVersion(rawVersion) !== null) version = formVersion(rawVersion)!;
  else if (rawVersion !== '' || Object.keys(values).some((k) => k !== 'notes'))
    errors.version = t('contact.versionMissing');
  const ok = Object.keys(errors).length === 0;
  // A note alone never conflicts: it changes nothing another agent could have changed.
  if (Object.keys(values).every((k) => k === 'notes')) version = undefined;
  return { ok, values, errors, change, version, note, callback };
}

const asForm = (v: unknown): string =>
  v === null || v === undefined ? '' : v === 1 || v === true ? 'yes' : v === 0 || v === false ? 'no' : String(v);

/**
 * After a 409: keeps the agent's own input only where it differs from what their page showed. A field another
 * agent changed since, which this agent left as it was on their page, shows the new value, so that applying
 * the form again does not quietly undo the other change. (What the page showed is each field's `from` in the
 * first event since the agent's version.)
 */
export function keepOwnInput(values: UpdateValues, since: { kind: string; data: string }[]): UpdateValues {
  const shown = new Map<string, string>();
  for (const e of since) {
    let d: Record<string, unknown> = {};
    try {
      d = JSON.parse(e.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    const field =
      e.kind === 'assigned' || e.kind === 'unassigned'
        ? 'assignee'
        : e.kind === 'flag'
          ? String(d.flag)
          : (({ 'party.org': 'partyOrg', 'party.type': 'partyType' } as Record<string, string>)[e.kind] ?? e.kind);
    if (shown.has(field)) continue;
    shown.set(field, Array.isArray(d.from) ? d.from.join(',') : asForm(d.from));
  }
  const out: UpdateValues = { ...values };
  for (const [field, before] of shown) {
    if (field === 'topics') {
      if (out.topics && out.topics.join(',') === before) delete out.topics;
    } else if (field in out && (out[field as UpdateField] ?? '').trim() === before) delete out[field as UpdateField];
  }
  return out;
}

/** Reads the inbox's query string; an unknown filter value is a 400 with a clear message. */
export function parseInboxQuery(q: Record<string, string>): InboxQuery {
  const bad = (name: string) => new AppError('bad_filter', `Unknown value for ${name}`);
  const out: InboxQuery = {};
  if (q.q) out.q = q.q.slice(0, 200);
  if (q.queue) {
    if (!(QUEUES as readonly string[]).includes(q.queue)) throw bad('queue');
    out.queue = q.queue as Queue;
  }
  if (q.status) {
    if (q.status !== 'active' && q.status !== 'all' && !(STATUSES as readonly string[]).includes(q.status))
      throw bad('status');
    out.status = q.status as Status | 'active' | 'all';
  }
  if (q.channel) {
    if (!(CHANNELS as readonly string[]).includes(q.channel)) throw bad('channel');
    out.channel = q.channel as Channel;
  }
  if (q.mine === '1' || q.mine === 'on') out.assignee = 'me';
  else if (q.assignee) {
    if (q.assignee === 'none' || q.assignee === 'me') out.assignee = q.assignee;
    else if (/^\d{1,9}$/.test(q.assignee)) out.assignee = Number(q.assignee);
    else throw bad('assignee');
  }
  if (q.overdue === '1' || q.overdue === 'on') out.overdue = true;
  if (q.after_hours === '1' || q.after_hours === 'on') out.afterHours = true;
  if (q.spam === '1' || q.spam === 'on') out.spam = true;
  if (q.topic) {
    if (!(TOPICS as readonly string[]).includes(q.topic)) throw bad('topic');
    out.topic = q.topic;
  }
  if (q.urgent === '1' || q.urgent === 'on') out.urgent = true;
  if (q.before) {
    // A page ends at its last row's sort key: `u_<rank>_<due or ~>_<id>` (urgency order) or `<id>` (newest).
    const u = /^u_([0-3])_(~|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z)_(\d{1,12})$/.exec(q.before);
    if (u) out.before = { rank: Number(u[1]), due: u[2]!, id: Number(u[3]) };
    else if (/^\d{1,12}$/.test(q.before)) out.before = { id: Number(q.before) };
    else throw bad('before');
  }
  return out;
}
