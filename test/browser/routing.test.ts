import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { makeUser } from '../support/test-app.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../support/email-app.js';
import { sendMail, startCatcher, type Catcher } from '../support/mail.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/email/outbound/outbox-worker.js';
import { listTopics } from '../../src/contacts/contacts.queries.js';

describe.skipIf(!browserAvailable)('routing in a real browser', () => {
  let e: EmailTestApp;
  let catcher: Catcher;
  let worker: OutboxWorker;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    catcher = await startCatcher();
    e = await emailTestApp({ SMTP_URL: catcher.url }, { now: '2026-11-23T10:00:00Z' });
    worker = startOutboxWorker(e.t.deps, { intervalMs: 200 });
    server = await startServer(e.t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await worker?.stop();
    await catcher?.close();
    await e?.close();
  });

  const contact = (id: number) =>
    e.t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function signIn(roles: ('agent' | 'legal')[], name: string) {
    const user = await makeUser(e.t.deps, roles, name);
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(`${server.url}/login`);
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(user.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(/\/contacts$|\/routing\/legal$|\/$/);
    return user;
  }

  it('an agent types a new contact, sees the suggestion while typing and accepts it; a later note is only suggested, and accepted on the page', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signIn(['agent'], 'Eva');

    await page.goto(`${server.url}/contacts/new`);
    await page.getByLabel('Subject').fill('Vraag van de politie');
    await page.locator('#notes').pressSequentially('Cliente vraagt hoe lang de bedenktijd duurt.', { delay: 5 });
    const suggestion = page.locator('#routing-suggestion');
    await expect.poll(() => suggestion.textContent(), { timeout: 10_000 }).toContain('Reflection period');
    expect(await suggestion.textContent()).toContain('bedenktijd');
    expect(await page.locator('#queue').inputValue()).toBe('general');
    await suggestion.getByRole('button', { name: 'Accept suggestion' }).click();
    expect(await page.locator('#queue').inputValue()).toBe('legal');
    await page.getByRole('button', { name: 'Log contact' }).click();
    await page.waitForURL(/\/contacts\/\d+\?logged=1$/);
    const id = Number(/\/contacts\/(\d+)/.exec(page.url())![1]);
    expect(await contact(id)).toMatchObject({ queue: 'legal', topic: 'reflection' });
    // The page shows the topic with the matched word marked in the note.
    await expect.poll(() => page.locator('#routing-panel mark').first().textContent()).toBe('bedenktijd');

    // The agent routes it to registrations (a correction of the classifier), then notes a girl of 15: on a
    // contact the agent routed the note only suggests; the page says so and the agent accepts the suggestion.
    await page.selectOption('#u-queue', 'registration');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await expect.poll(async () => (await contact(id)).queue).toBe('registration');
    // The correction is written in the change's own transaction (routing's `changed` hook, noteAgentRoutingIn).
    await expect
      .poll(async () => (await e.t.deps.db.selectFrom('routing_corrections').selectAll().execute()).length)
      .toBe(1);
    await page.locator('#note').fill('Het gaat om een meisje van 15.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('meisje van 15');
    expect((await contact(id)).queue).toBe('registration');
    await page.reload();
    const panel = page.locator('#routing-panel');
    expect(await panel.locator('.routing-differs').count()).toBe(1);
    expect(await panel.locator('mark.match-minor').first().textContent()).toBe('meisje van 15');
    await panel.getByRole('button', { name: 'Accept suggestion' }).click();
    await expect.poll(async () => (await contact(id)).queue).toBe('care');
    const c = await contact(id);
    expect(c.priority).toBe('urgent');
    expect(await listTopics(e.t.deps.db, id)).toContain('minor');
    // Accepting the suggestion is no correction; the contact counts as routed by an agent.
    expect(await e.t.deps.db.selectFrom('routing_corrections').selectAll().execute()).toHaveLength(1);
    const routing = await e.t.deps.db
      .selectFrom('contact_routing')
      .selectAll()
      .where('contact_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(routing.routed_by_agent).toBe(1);
    await page.waitForURL(`${server.url}/contacts/${id}`);
    expect(await page.locator('#routing-panel .routing-differs').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a legal advisor opens the legal queue, takes a question, inserts a library answer and sends it', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (d) => void d.accept());
    await sendMail(e.listener.port, {
      from: 'Jan Jansen <jan@politie.nl>',
      to: DESK,
      subject: 'Vraag over bedenktijd',
      text: 'Hoe lang duurt de bedenktijd voor een slachtoffer uit een derde land?',
      messageId: '<bedenktijd-1@politie.nl>',
    });
    const incoming = (await messages(e.t)).at(-1)!;
    const id = incoming.contact_id;
    expect((await contact(id)).queue).toBe('legal');
    const lotte = await signIn(['legal'], 'Lotte');

    await page.getByRole('link', { name: 'Legal queue' }).click();
    await page.waitForURL(`${server.url}/routing/legal`);
    // Listed once, under its first topic (issue 23), whatever other topics it has.
    const group = page.locator('section.legal-group', { has: page.locator(`tr[data-id="${id}"]`) });
    await expect.poll(() => page.locator(`section.legal-group tr[data-id="${id}"]`).count()).toBe(1);
    await group.locator(`tr[data-id="${id}"]`).getByRole('button', { name: 'Take' }).click();
    await page.waitForURL(`${server.url}/contacts/${id}`);
    expect((await contact(id)).assignee_id).toBe(lotte.id);

    // The reply box offers the reflection answer first; inserting it counts a use.
    const select = page.getByLabel('Answer from the library');
    const first = await select.locator('option').first().textContent();
    expect(first).toMatch(/Reflection period|Bedenktijd/);
    await page.getByRole('button', { name: 'Insert answer' }).click();
    const reply = page.getByLabel('Your reply');
    await expect.poll(() => reply.inputValue()).toMatch(/90 (days|dagen)/);
    const inserted = await reply.inputValue();
    const used = await e.t.deps.db
      .selectFrom('answers')
      .select(['use_count'])
      .where('topic', '=', 'reflection')
      .where('use_count', '>', 0)
      .execute();
    expect(used).toHaveLength(1);
    await page.getByRole('button', { name: 'Send reply', exact: true }).click();
    const caught = await catcher.waitFor(2);
    const sent = caught.find((m) => m.parsed.subject?.startsWith('Re:'))!;
    expect(sent).toBeDefined();
    const firstLine = inserted.split('\n')[0]!.trim();
    expect(firstLine.length).toBeGreaterThan(40);
    expect(sent.parsed.text?.replace(/\s+/g, ' ')).toContain(firstLine.replace(/\s+/g, ' ').slice(0, 60));
    expect(errors).toEqual([]);
  });
});
