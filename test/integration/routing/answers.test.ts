import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { answersFor } from '../../../src/email/answer-library.plugin.js';
import { createContact } from '../../../src/contacts/contacts.service.js';
import { recordAnswerUse } from '../../../src/routing/answers.service.js';
import type { Role } from '../../../src/users/users.table.js';
import { TOPICS } from '../../../src/routing/topics.js';
import { sourcesComplete } from '../../../src/routing/answer-text.js';

let t: TestApp;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC: the desk is open until 17:00 Amsterdam time.
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const answers = () => t.deps.db.selectFrom('answers').selectAll().orderBy('id').execute();
const audit = (action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const valid = {
  topic: 'work',
  language: 'en',
  title: 'Working with a B8/3 permit',
  text: 'With a B8/3 permit your client may work. Our reference: {reference}.',
  sources: 'Wegwijzer Mensenhandel, shelter FAQ 3 — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-20)',
  owner: 'Legal team',
  lawDate: '2026-11-20',
  reviewDate: '2027-06-01',
};

describe('the library shipped with Baken', () => {
  it('holds a Dutch and an English draft for every topic, each with checkable sources and a state of the law', async () => {
    const rows = await answers();
    for (const topic of TOPICS)
      for (const language of ['nl', 'en']) {
        const a = rows.find((r) => r.topic === topic && r.language === language);
        expect(a, `${topic}/${language}`).toBeDefined();
        expect(a!.status).toBe('draft');
        expect(sourcesComplete(a!.sources), `${topic}/${language} sources`).toBe(true);
        expect(a!.sources).toMatch(language === 'nl' ? /geraadpleegd 2026-11-25/ : /consulted 2026-11-25/);
        expect(a!.law_date).toBe('2026-11-25');
        expect(a!.body).toContain('{reference}');
      }
    expect(rows.find((r) => r.topic === 'reflection' && r.language === 'en')!.sources).toContain(
      'https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html',
    );
  });

  it('states the reflection period as the rule since 18 May 2023, in both answers where it appears', async () => {
    const rows = await answers();
    const text = (topic: string, language: string) =>
      rows.find((r) => r.topic === topic && r.language === language)!.body;
    for (const [topic, language] of [
      ['reflection', 'nl'],
      ['reporting', 'nl'],
    ]) {
      expect(text(topic!, language!)).not.toMatch(/zonder verblijfsrecht krijgt/);
      expect(text(topic!, language!)).toContain('ook');
      expect(text(topic!, language!)).toMatch(/rechtmatig verblijf/);
    }
    for (const [topic, language] of [
      ['reflection', 'en'],
      ['reporting', 'en'],
    ]) {
      expect(text(topic!, language!)).not.toMatch(/without residence rights (is offered|first gets)/);
      expect(text(topic!, language!)).toMatch(/lawful residence/);
    }
    expect(text('reflection', 'nl')).toContain('Dublinclaimanten krijgen 30 dagen');
  });

  it('reviews answers on uncertain law after 3 months and settled law after 12', async () => {
    const rows = await answers();
    const of = (topic: string) => rows.find((r) => r.topic === topic && r.language === 'nl')!;
    for (const topic of ['reflection', 'asylum', 'continued', 'work', 'benefits', 'brp', 'privacy'])
      expect(of(topic), topic).toMatchObject({ uncertain: 1, review_date: '2027-02-25' });
    for (const topic of ['permit', 'reporting', 'shelter', 'registration', 'indicators', 'return'])
      expect(of(topic), topic).toMatchObject({ uncertain: 0, review_date: '2027-11-25' });
  });
});

describe('/answers', () => {
  it.each<Role>(['agent', 'coordinator', 'supervisor'])(
    'lets a %s read the library grouped by topic, drafts marked, without forms to change it',
    async (role) => {
      const { client } = await signedIn(t, [role]);
      const res = await client.get('/answers');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<a href="/answers"');
      expect(html).toContain('<h2>Reflection period</h2>');
      expect(html).toContain('Draft — to be checked by the legal team');
      expect(html).not.toContain('href="/answers/new"');
      const id = (await answers())[0]!.id;
      const one = await (await client.get(`/answers/${id}`)).text();
      expect(one).not.toContain('Approve this answer');
      expect((await client.get('/answers/new')).status).toBe(403);
      expect((await client.post('/answers', valid)).status).toBe(403);
      expect((await client.post(`/answers/${id}`, { ...valid, version: '1' })).status).toBe(403);
      expect((await client.post(`/answers/${id}/approve`, { version: '1' })).status).toBe(403);
      expect(await audit('answer.create')).toHaveLength(0);
      expect((await answers()).every((a) => a.status === 'draft')).toBe(true);
    },
  );

  it('filters the list by language', async () => {
    const { client } = await signedIn(t);
    const nl = await (await client.get('/answers?lang=nl')).text();
    expect(nl).toContain('Bedenktijd: wat het is en hoe lang');
    expect(nl).not.toContain('Reflection period: what it is');
    expect(nl).toContain('<label for="answers-language">Language</label>');
  });

  it('lets a legal advisor add an answer: a draft, audited without its text', async () => {
    const { client, user } = await signedIn(t, ['legal']);
    const form = await (await client.get('/answers/new')).text();
    for (const f of ['topic', 'language', 'title', 'text', 'sources', 'owner', 'reviewDate'])
      expect(form).toContain(`<label for="${f}">`);
    const res = await client.post('/answers', valid);
    expect(res.status).toBe(303);
    const created = (await answers()).at(-1)!;
    expect(res.headers.get('location')).toBe(`/answers/${created.id}?saved=saved`);
    expect(created).toMatchObject({ topic: 'work', language: 'en', status: 'draft', created_by: user.id, version: 1 });
    const [entry] = await audit('answer.create');
    expect(entry).toMatchObject({ actor_id: user.id, subject_type: 'answer', subject_id: String(created.id) });
    expect(JSON.parse(entry!.details)).toEqual({ topic: 'work', language: 'en' });
  });

  it('refuses an answer without a text or a language with 422, the message next to each field, nothing saved', async () => {
    const { client } = await signedIn(t, ['admin']);
    const before = (await answers()).length;
    const res = await client.post('/answers', { ...valid, text: '   ', language: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small id="text-error" class="error">This field is required.</small>');
    expect(html).toContain('<small id="language-error" class="error">This field is required.</small>');
    expect(html).toContain('value="Working with a B8/3 permit"');
    expect((await answers()).length).toBe(before);
    const bad = await client.post('/answers', { ...valid, topic: 'nonsense', reviewDate: '2027-13-45' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="topic-error"');
    expect(badHtml).toContain('Enter a date as YYYY-MM-DD.');
  });

  it('lets a legal advisor approve a draft, and an edit makes it a draft again; both audited', async () => {
    const { client, user } = await signedIn(t, ['legal']);
    const a = (await answers()).find((r) => r.topic === 'permit' && r.language === 'en')!;
    const page = await (await client.get(`/answers/${a.id}`)).text();
    expect(page).toContain('Approve this answer');
    const res = await client.post(`/answers/${a.id}/approve`, { version: String(a.version) });
    expect(res.status).toBe(303);
    const approved = (await answers()).find((r) => r.id === a.id)!;
    expect(approved).toMatchObject({ status: 'approved', approved_by: user.id, version: a.version + 1 });
    expect(await audit('answer.approve')).toHaveLength(1);
    expect(await (await client.get(`/answers/${a.id}`)).text()).toContain('Approved on 2026-11-23');

    const edit = await client.post(`/answers/${a.id}`, {
      ...valid,
      topic: 'permit',
      title: approved.title,
      version: String(approved.version),
    });
    expect(edit.status).toBe(303);
    const edited = (await answers()).find((r) => r.id === a.id)!;
    expect(edited).toMatchObject({ status: 'draft', approved_by: null, body: valid.text });
    const [entry] = await audit('answer.update');
    expect(JSON.parse(entry!.details).changed).toContain('body');
    expect(entry!.details).not.toContain('B8/3 permit your client');
  });

  it('does not let an admin approve (a legal check), but lets an admin edit', async () => {
    const { client } = await signedIn(t, ['admin']);
    const a = (await answers())[0]!;
    expect((await client.post(`/answers/${a.id}/approve`, { version: String(a.version) })).status).toBe(403);
    expect((await client.get(`/answers/${a.id}/edit`)).status).toBe(200);
  });

  it('answers 409 with the typed text kept when the answer changed since the form was drawn', async () => {
    const { client } = await signedIn(t, ['legal']);
    const a = (await answers())[0]!;
    await client.post(`/answers/${a.id}/approve`, { version: String(a.version) });
    const res = await client.post(`/answers/${a.id}`, {
      ...valid,
      text: 'My careful new text',
      version: String(a.version),
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('My careful new text</textarea>');
    expect(html).toContain(`name="version" value="${a.version + 1}"`);
    expect((await answers())[0]!.body).toBe(a.body);
    expect(await audit('answer.update')).toHaveLength(0);
  });

  it('marks an answer past its review date as stale in the list and on its page, not on the day itself', async () => {
    const { client } = await signedIn(t);
    const [a, b] = (await answers()).filter((x) => x.language === 'en');
    const setReview = (id: number, date: string) =>
      t.deps.db.updateTable('answers').set({ review_date: date }).where('id', '=', id).execute();
    await setReview(a!.id, '2026-11-22');
    await setReview(b!.id, '2026-11-23');
    const list = await (await client.get('/answers')).text();
    expect(list.split('Stale: past its review date')).toHaveLength(2);
    expect(await (await client.get(`/answers/${a!.id}`)).text()).toContain('Stale: past its review date');
    expect(await (await client.get(`/answers/${b!.id}`)).text()).not.toContain('Stale: past its review date');
    const offered = await answersFor(t.deps, { id: 0, topic: null, language: 'en' }, 'en');
    expect(offered.find((x) => x.id === String(a!.id))?.title ?? '').toContain('stale');
  });

  it('answers 404 for an unknown or malformed answer id', async () => {
    const { client } = await signedIn(t);
    expect((await client.get('/answers/99999')).status).toBe(404);
    expect((await client.get('/answers/abc')).status).toBe(404);
  });

  it('refuses a change without the CSRF token', async () => {
    const { client } = await signedIn(t, ['legal']);
    expect((await client.post('/answers', { ...valid, _csrf: 'y'.repeat(32) })).status).toBe(403);
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/answers')).status).toBe(302);
  });
});

describe('the reply box and the use counter', () => {
  it("offers the answers in the contact's language, its topic first, drafts marked, placeholders filled", async () => {
    const { id } = await createContact(
      t.deps,
      { channel: 'email', subject: 'Question', topic: 'asylum', language: 'nl' },
      { id: null },
    );
    const ref = (
      await t.deps.db.selectFrom('contacts').select('reference').where('id', '=', id).executeTakeFirstOrThrow()
    ).reference!;
    const offered = await answersFor(t.deps, { id, topic: 'asylum', language: 'nl' }, 'en');
    expect(offered[0]!.title).toBe('Asielzoekers en Dublinclaimanten (draft, to be checked by the legal team)');
    expect(offered[0]!.text).toContain(`ons kenmerk is ${ref}.`);
    expect(offered.every((a) => !a.text.includes('{reference}'))).toBe(true);
    // The English answers follow every Dutch one (issue 23: the contact's language first, the other after).
    const firstEnglish = offered.findIndex((a) => a.language === 'en');
    expect(firstEnglish).toBeGreaterThan(0);
    expect(offered.slice(firstEnglish).every((a) => a.language === 'en')).toBe(true);
    expect(offered.slice(0, firstEnglish).every((a) => a.language === 'nl')).toBe(true);
    const shelter = offered.find((a) => a.title.startsWith('Opvang en plaatsing'))!;
    // Monday 10:00 UTC the desk is open: no sentence about when it is available again.
    expect(shelter.text).not.toContain('bereikbaar vanaf');
    expect(shelter.text).not.toContain('{nextOpening}');
    expect(shelter.text).toContain(`bij direct gevaar belt u 112. Ons kenmerk: ${ref}.`);
    // Monday 20:00 UTC (21:00 in Amsterdam) it is closed: the answer says it opens again on Tuesday at 09:00.
    t.clock.set('2026-11-23T20:00:00Z');
    const closed = (await answersFor(t.deps, { id, topic: 'asylum', language: 'nl' }, 'en')).find((a) =>
      a.title.startsWith('Opvang en plaatsing'),
    )!;
    expect(closed.text).toContain('Wij zijn weer bereikbaar vanaf dinsdag 24 november 09:00. Ons kenmerk');
  });

  it('closes an inserted answer with the state of the law it describes, in the reply language', async () => {
    const { id } = await createContact(t.deps, { channel: 'email', subject: 'Q', language: 'en' }, { id: null });
    const offered = await answersFor(t.deps, { id, topic: 'reflection', language: 'en' }, 'en');
    const reflection = offered.find((a) => a.title.startsWith('Reflection period'))!;
    expect(reflection.text.trimEnd().endsWith('(State of the law on 25 November 2026.)')).toBe(true);
    expect(reflection.warning).toContain('this answer is a draft that the legal team has not checked yet');
  });

  it('shows them in the reply box on the contact page, and inserting one puts its filled text in the reply', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const { id, reference } = await createContact(
      t.deps,
      { channel: 'email', subject: 'Q', topic: 'reflection', language: 'en', party: { email: 'desk@politie.example' } },
      { id: user.id },
    );
    const html = await (await client.get(`/contacts/${id}`)).text();
    const reflection = (await answers()).find((r) => r.topic === 'reflection' && r.language === 'en')!;
    expect(html).toMatch(
      new RegExp(`<option value="${reflection.id}">Reflection period: what it is and how long it lasts \\(draft`),
    );
    const res = await client.post(`/email/contacts/${id}/reply/insert`, { answer: String(reflection.id), body: '' });
    expect(res.status).toBe(200);
    const panel = await res.text();
    expect(panel).toContain(`Please quote our reference ${reference}.`);
    expect(panel).not.toContain('{reference}');
    // A draft says so beside the reply once inserted, not only in the list.
    expect(panel).toMatch(
      /class="flash flash-error"[^>]*>[^<]*this answer is a draft that the legal team has not checked/,
    );
    expect(panel).toContain('(State of the law on 25 November 2026.)');

    await t.deps.db.updateTable('answers').set({ status: 'approved' }).where('id', '=', reflection.id).execute();
    const approved = await (
      await client.post(`/email/contacts/${id}/reply/insert`, { answer: String(reflection.id), body: '' })
    ).text();
    expect(approved).not.toContain('this answer is a draft');
  });

  it('inserts and applies an answer: once sent, the contact has its topic, queue and status, audited', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const { id } = await createContact(
      t.deps,
      { channel: 'email', subject: 'Q', topic: 'work', language: 'en', party: { email: 'desk@politie.example' } },
      { id: user.id },
    );
    const brp = (await answers()).find((r) => r.topic === 'brp' && r.language === 'en')!;
    await t.deps.db.updateTable('answers').set({ macro_status: 'waiting' }).where('id', '=', brp.id).execute();
    const inserted = await (
      await client.post(`/email/contacts/${id}/reply/insert`, { answer: String(brp.id), apply: '1', body: 'Dear Sir,' })
    ).text();
    expect(inserted).toContain(`<input type="hidden" name="macro" value="${brp.id}"/>`);
    expect(inserted).toContain(
      'When sent, this contact gets the topic Municipal registration (BRP, BSN), the queue Legal questions and the status Waiting.',
    );
    // A plain insert afterwards keeps the macro chosen before.
    const reflection = (await answers()).find((r) => r.topic === 'reflection' && r.language === 'en')!;
    const again = await (
      await client.post(`/email/contacts/${id}/reply/insert`, {
        answer: String(reflection.id),
        macro: String(brp.id),
        body: 'Dear Sir,',
      })
    ).text();
    expect(again).toContain(`name="macro" value="${brp.id}"`);

    const bad = await client.post(`/email/contacts/${id}/reply`, { body: 'Dear Sir, typed text', macro: '999999' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Dear Sir, typed text</textarea>');

    const sent = await client.post(`/email/contacts/${id}/reply`, {
      body: 'Dear Sir, the answer.',
      macro: String(brp.id),
    });
    expect(sent.status).toBe(303);
    const contact = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ queue: 'legal', status: 'waiting' });
    const topics = await t.deps.db.selectFrom('contact_topics').select('topic').where('contact_id', '=', id).execute();
    expect(topics.map((r) => r.topic).sort()).toEqual(['brp', 'work']);
    const [entry] = await audit('email.reply');
    expect(JSON.parse(entry!.details)).toMatchObject({ macro: brp.id });
  });

  it('keeps an answer without checkable sources a draft: approving it answers 422 and changes nothing', async () => {
    const { client } = await signedIn(t, ['legal']);
    const a = (await answers()).find((r) => r.topic === 'work' && r.language === 'en')!;
    for (const sources of [
      '',
      'Wegwijzer Mensenhandel (no address)',
      'https://www.wegwijzermensenhandel.nl/ (no date)',
    ]) {
      await t.deps.db.updateTable('answers').set({ sources }).where('id', '=', a.id).execute();
      const res = await client.post(`/answers/${a.id}/approve`, { version: String(a.version) });
      expect(res.status, sources).toBe(422);
      expect(await res.text()).toContain('This answer stays a draft: every source needs an address');
      expect((await answers()).find((r) => r.id === a.id)!.status).toBe('draft');
    }
    expect(await audit('answer.approve')).toHaveLength(0);
  });

  it('shows each source as a link with the date consulted, and marks a line without them', async () => {
    const { client } = await signedIn(t);
    const a = (await answers()).find((r) => r.topic === 'eu' && r.language === 'en')!;
    const html = await (await client.get(`/answers/${a.id}`)).text();
    expect(html).toContain(
      '<a href="https://eur-lex.europa.eu/eli/dir/2004/38/oj" rel="noopener noreferrer">https://eur-lex.europa.eu/eli/dir/2004/38/oj</a> (consulted 2026-11-25)',
    );
    expect(html).toContain('State of the law on 2026-11-25');
    expect(html).not.toContain('address or date missing');
    await t.deps.db.updateTable('answers').set({ sources: 'A book on the shelf' }).where('id', '=', a.id).execute();
    expect(await (await client.get(`/answers/${a.id}`)).text()).toContain(
      'A book on the shelf<strong class="warn"> — address or date missing',
    );
  });

  it('refuses a review date later than the state of the law allows: 12 months, or 3 for an uncertain rule', async () => {
    const { client } = await signedIn(t, ['legal']);
    const late = await client.post('/answers', { ...valid, reviewDate: '2027-11-21' });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('Choose a review date on or before 2027-11-20.');
    const uncertain = await client.post('/answers', { ...valid, uncertain: 'yes', reviewDate: '2027-03-01' });
    expect(uncertain.status).toBe(422);
    expect(await uncertain.text()).toContain('Choose a review date on or before 2027-02-20.');
    const before = await client.post('/answers', { ...valid, reviewDate: '2026-11-20' });
    expect(before.status).toBe(422);
    const missing = await client.post('/answers', { ...valid, lawDate: '' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('id="lawDate-error"');
    const ok = await client.post('/answers', { ...valid, uncertain: 'yes', reviewDate: '2027-02-20' });
    expect(ok.status).toBe(303);
    expect((await answers()).at(-1)).toMatchObject({ uncertain: 1, law_date: '2026-11-20', review_date: '2027-02-20' });
  });

  it('counts each use of an answer and audits it with the contact', async () => {
    const { user } = await signedIn(t, ['agent']);
    const { id } = await createContact(t.deps, { channel: 'manual', subject: 'Q' }, { id: user.id });
    const a = (await answers())[0]!;
    expect(await recordAnswerUse(t.deps, a.id, id, { id: user.id, ip: null })).toBe(true);
    expect(await recordAnswerUse(t.deps, a.id, id, { id: user.id, ip: null })).toBe(true);
    expect((await answers())[0]!.use_count).toBe(2);
    expect(await recordAnswerUse(t.deps, 99999, id, { id: user.id, ip: null })).toBe(false);
    const uses = await audit('answer.use');
    expect(uses).toHaveLength(2);
    expect(uses[0]).toMatchObject({ subject_type: 'contact', subject_id: String(id) });
  });
});
