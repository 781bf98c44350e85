import { z } from 'zod';
import type { Translate } from '../i18n/i18n.js';
import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';
import {
  CHANNELS,
  DIRECTIONS,
  LANGUAGES,
  PARTY_TYPES,
  PRIORITIES,
  QUEUES,
  STATUSES,
  type Channel,
  type Queue,
  type Status,
} from './contacts.table.js';
import type { NewContact, InboxQuery, ContactChanges } from './contacts.service.js';
import { AppError } from '../shared/app-error.js';

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
  const errors: Record<string, string> = {};
  if (!r.success) {
    for (const i of r.error.issues) errors[String(i.path[0])] ??= i.message;
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

/** Reads the contact page's update form; only the fields present are changed. */
export function parseContactChanges(body: Body, currentUserId: number): ContactChanges | null {
  const changes: ContactChanges = {};
  const q = str(body, 'queue'),
    s = str(body, 'status'),
    p = str(body, 'priority'),
    a = str(body, 'assignee');
  if (q) {
    if (!(QUEUES as readonly string[]).includes(q)) return null;
    changes.queue = q as Queue;
  }
  if (s) {
    if (!(STATUSES as readonly string[]).includes(s)) return null;
    changes.status = s as Status;
  }
  if (p) {
    if (!(PRIORITIES as readonly string[]).includes(p)) return null;
    changes.priority = p as ContactChanges['priority'];
  }
  if ('assignee' in body) {
    if (a === 'me') changes.assigneeId = currentUserId;
    else if (a === '' || a === 'none') changes.assigneeId = null;
    else if (/^\d{1,9}$/.test(a)) changes.assigneeId = Number(a);
    else return null;
  }
  return changes;
}

/** Reads the inbox's query string; an unknown filter value is a 400 with a clear message. */
export function parseInboxQuery(q: Record<string, string>): InboxQuery {
  const bad = (name: string) => new AppError(400, 'bad_filter', `Unknown value for ${name}`);
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
  if (q.before) {
    // A page ends at its last row's sort key: `u_<rank>_<due or ~>_<id>` (urgency order) or `<id>` (newest).
    const u = /^u_([0-3])_(~|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z)_(\d{1,12})$/.exec(q.before);
    if (u) out.before = { rank: Number(u[1]), due: u[2]!, id: Number(u[3]) };
    else if (/^\d{1,12}$/.test(q.before)) out.before = { id: Number(q.before) };
    else throw bad('before');
  }
  return out;
}
