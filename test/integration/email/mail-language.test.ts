import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, type EmailTestApp } from '../../support/email-app.js';
import { ingestComposed } from '../../support/factories.js';
import { signedIn, type Client } from '../../support/test-app.js';

// Issue 23: the language of a mail is detected at intake, stored on the contact (the agent can correct it), and
// the reply box offers answers in that language first, switching when the reply's language changes. Both databases.

let e: EmailTestApp;
let agent: Client;
let dutchAgent: Client;
beforeAll(async () => {
  e = await emailTestApp({});
  ({ client: agent } = await signedIn(e.t, ['agent']));
  const dutch = await signedIn(e.t, ['agent']);
  dutchAgent = dutch.client;
  await e.t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', dutch.user.id).execute();
});
afterAll(async () => {
  await e.close();
});

const MAILS = {
  nl: {
    subject: 'Paspoort ingenomen',
    text: 'Goedenavond, ik werk in een kas en mijn baas houdt mijn paspoort vast. Ik mag niet weg en krijg geen loon. Wat kan ik doen?',
  },
  en: {
    subject: 'Passport taken',
    text: 'Hello, I work on a farm and my boss keeps my passport. I cannot leave and I am not paid. What can I do?',
  },
  de: {
    subject: 'Pass weggenommen',
    text: 'Guten Abend, ich arbeite auf einem Bauernhof und mein Chef behält meinen Pass. Ich darf nicht gehen und bekomme keinen Lohn.',
  },
  pt: {
    subject: 'Passaporte',
    text: 'Boa noite, eu trabalho numa estufa e o meu patrão guarda o meu passaporte. Não posso sair e não recebo salário nenhum.',
  },
  short: { subject: 'Hulp', text: 'Help?' },
};

async function mail(kind: keyof typeof MAILS) {
  const res = await ingestComposed(e.t, { from: `${kind}@example.test`, to: DESK, ...MAILS[kind] });
  expect(res.status).toBe('stored');
  const id = (res as { contactId: number }).contactId;
  return {
    id,
    language: async () =>
      (await e.t.deps.db.selectFrom('contacts').select('language').where('id', '=', id).executeTakeFirstOrThrow())
        .language,
  };
}

/** The answer select of the reply box: each option's language (its group), in order. */
function offered(html: string) {
  const select = /<select id="reply-answer-\d+" name="answer">([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  const out: string[] = [];
  for (const g of select.matchAll(/<optgroup label="[^"]*" data-language="(nl|en)">([\s\S]*?)<\/optgroup>/g))
    for (const _ of g[2]!.matchAll(/<option /g)) out.push(g[1]!);
  return out;
}

describe('the language of a mail at intake', () => {
  it.each([
    ['nl', 'nl'],
    ['en', 'en'],
    ['de', 'de'],
    ['pt', 'other'],
    ['short', null],
  ] as const)('stores a %s mail as %s', async (kind, expected) => {
    const m = await mail(kind);
    expect(await m.language()).toBe(expected);
  });

  it('lets the agent correct the detected language on the contact', async () => {
    const m = await mail('en');
    const page = await agent.get(`/contacts/${m.id}`);
    expect(page.status).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(await page.text())![1]!;
    const res = await agent.post(`/contacts/${m.id}/update`, { version, language: 'nl' });
    expect(res.status).toBeLessThan(400);
    expect(await m.language()).toBe('nl');
  });
});

describe('answers in the contact’s language', () => {
  it('offers an English mail the English answers first, then the Dutch ones, to a Dutch-speaking agent too', async () => {
    const m = await mail('en');
    for (const client of [agent, dutchAgent]) {
      const res = await client.get(`/contacts/${m.id}`);
      expect(res.status).toBe(200);
      const langs = offered(await res.text());
      expect(langs.length).toBeGreaterThan(2);
      expect(langs[0]).toBe('en');
      expect(langs.indexOf('nl')).toBeGreaterThan(langs.lastIndexOf('en'));
    }
  });

  it('offers a Dutch mail the Dutch answers first', async () => {
    const m = await mail('nl');
    const langs = offered(await (await agent.get(`/contacts/${m.id}`)).text());
    expect(langs[0]).toBe('nl');
    expect(langs.indexOf('en')).toBeGreaterThan(langs.lastIndexOf('nl'));
  });

  it('switches the answers at once when the reply language changes, and refuses an unknown language', async () => {
    const m = await mail('nl');
    const page = await (await agent.get(`/contacts/${m.id}`)).text();
    expect(page).toContain(`hx-get="/email/contacts/${m.id}/reply/answers"`);
    const res = await agent.get(`/email/contacts/${m.id}/reply/answers?lang=en`, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`id="reply-answers-${m.id}"`);
    expect(offered(html)[0]).toBe('en');
    expect(html).not.toContain('<html');
    for (const bad of ['de', '', 'EN', '<script>']) {
      const r = await agent.get(`/email/contacts/${m.id}/reply/answers?lang=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(422);
    }
    expect((await agent.get('/email/contacts/99999999/reply/answers?lang=en')).status).toBe(404);
  });

  it('offers a mail in another language the agent’s own answers first, with a notice', async () => {
    const m = await mail('de');
    const en = await (await agent.get(`/contacts/${m.id}`)).text();
    expect(en).toContain('This mail is in German; the answers are offered in your own language (English) first.');
    expect(offered(en)[0]).toBe('en');
    const nl = await (await dutchAgent.get(`/contacts/${m.id}`)).text();
    expect(nl).toContain('Deze mail is in het Duits; de antwoorden staan in uw eigen taal (Nederlands) bovenaan.');
    expect(offered(nl)[0]).toBe('nl');
    const other = await mail('pt');
    expect(await (await agent.get(`/contacts/${other.id}`)).text()).toContain(
      'This mail is in neither Dutch nor English; the answers are offered in your own language (English) first.',
    );
  });
});
