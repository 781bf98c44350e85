import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContactPlugins } from '../../src/contacts/contacts.plugin.js';
import type { ContactRow } from '../../src/contacts/contacts.queries.js';
import { createTranslate } from '../../src/i18n/i18n.js';
import type { PageContext } from '../../views/layout.js';

const root = join(import.meta.dirname, '..', '..');
const importsOf = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) =>
      [...readFileSync(join(root, dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${dir}/${f} → ${m[1]}`),
    );

const contact = { id: 1, channel: 'phone' } as ContactRow;
const ctx = {} as PageContext;
const t = createTranslate('en');
const stamp = () => '—';

describe('channels plug into the contact page', () => {
  it('the contacts feature and its views import nothing from the calls or email features', () => {
    const all = [...importsOf('src/contacts'), ...importsOf('views/contacts')];
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((line) => /\/(calls|email)\//.test(line))).toEqual([]);
  });

  it('shows the panels that have something to show, in the order they were registered', async () => {
    const plugins = new ContactPlugins();
    plugins.registerContactPanel({ name: 'b', load: async () => ({ n: 2 }), view: (p) => `panel ${p.n}` });
    plugins.registerContactPanel({ name: 'none', load: async () => null, view: () => 'never' });
    plugins.registerContactPanel({ name: 'a', load: async (c) => ({ n: c.id }), view: (p) => `panel ${p.n}` });
    expect(await plugins.panels(contact, ctx)).toEqual(['panel 2', 'panel 1']);
  });

  it('keeps one registry per app: registering again replaces, and another app sees none of it', async () => {
    const one = new ContactPlugins();
    const other = new ContactPlugins();
    for (let i = 0; i < 2; i++) {
      one.registerContactPanel({ name: 'calls', load: async () => ({}), view: () => 'calls' });
      one.registerTimelineLabels('call.', () => `call text ${i}`);
    }
    expect(await one.panels(contact, ctx)).toEqual(['calls']);
    expect(one.eventLabel(t, 'call.missed', {}, stamp)).toBe('call text 1');
    expect(await other.panels(contact, ctx)).toEqual([]);
    expect(other.eventLabel(t, 'call.missed', {}, stamp)).toBeNull();
  });

  it('labels only the event kinds a feature claimed', () => {
    const plugins = new ContactPlugins();
    plugins.registerTimelineLabels('email.', (_t, kind) => `mail: ${kind}`);
    expect(plugins.eventLabel(t, 'email.spam', {}, stamp)).toBe('mail: email.spam');
    expect(plugins.eventLabel(t, 'emailish', {}, stamp)).toBeNull();
    expect(plugins.eventLabel(t, 'status', {}, stamp)).toBeNull();
  });
});

describe('features register hooks on the contacts', () => {
  const trx = {} as Parameters<ContactPlugins['run']>[1];
  const text = { contactId: 7, body: 'woorden', source: 'note' as const, actor: { id: 1 } };

  it('runs each kind of hook in registration order, and a name registered again replaces its hooks', async () => {
    const plugins = new ContactPlugins();
    const ran: string[] = [];
    plugins.registerContactHooks('routing', { text: async () => void ran.push('routing (old)') });
    plugins.registerContactHooks('drafts', { text: async () => void ran.push('drafts') });
    plugins.registerContactHooks('routing', { text: async () => void ran.push('routing') });
    plugins.registerContactHooks('statistics', { afterWrite: async () => void ran.push('statistics') });
    await plugins.run('text', trx, text);
    expect(ran).toEqual(['routing', 'drafts']);
  });

  it('lets prepareNew hooks amend a new contact one after another, and leaves it alone without any', () => {
    const plugins = new ContactPlugins();
    const input = { channel: 'manual' as const, subject: 'Opvang' };
    expect(plugins.prepareNew(input, text)).toBe(input);
    plugins.registerContactHooks('a', { prepareNew: (i) => ({ ...i, topics: ['shelter'] }) });
    plugins.registerContactHooks('b', { prepareNew: (i) => ({ ...i, priority: 'urgent' }) });
    expect(plugins.prepareNew(input, text)).toEqual({ ...input, topics: ['shelter'], priority: 'urgent' });
  });

  it('lets a failing hook fail the whole write (the caller’s transaction rolls back)', async () => {
    const plugins = new ContactPlugins();
    plugins.registerContactHooks('broken', {
      text: async () => {
        throw new Error('no');
      },
    });
    await expect(plugins.run('text', trx, text)).rejects.toThrow('no');
  });
});
