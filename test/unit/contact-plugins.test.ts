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
