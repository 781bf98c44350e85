import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { makeContact } from '../support/factories.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { sid, twilioSignature } from '../support/twilio.js';

const TOKEN = 'browser-twilio-token';
const PUBLIC = 'https://baken.example.org';

describe.skipIf(!browserAvailable)('the screen pop in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  /** Sends a webhook over real HTTP, signed for PUBLIC_URL as Twilio would (the server's own address differs). */
  const twilioPost = (path: string, params: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(params),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}${path}`, params),
      },
    });

  beforeAll(async () => {
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC, TWILIO_AGENT_NUMBERS: 'client:desk_1' },
      { now: '2026-11-23T10:00:00Z' },
    );
    user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('pops up an incoming call on an open inbox within a second, and the agent opens the contact and logs a note', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);

    // An earlier call from the same number, so the pop can show it.
    const earlier = { CallSid: sid('CA', 'earlier'), From: '+31612345678', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', earlier)).status).toBe(200);
    expect(
      (await twilioPost('/twilio/status', { ...earlier, CallStatus: 'completed', CallDuration: '30' })).status,
    ).toBe(200);
    const earlierRef = (await t.deps.db.selectFrom('contacts').select('reference').executeTakeFirstOrThrow())
      .reference!;

    // Sign in and keep the inbox open with the live connection up.
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${server.url}/contacts`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    expect(await page.locator('#screen-pop .pop').count()).toBe(0);

    // The call comes in.
    const call = { CallSid: sid('CA', 'now'), From: '0612345678', To: '+31334481186', CallStatus: 'ringing' };
    const sent = Date.now();
    const res = await twilioPost('/twilio/voice', call);
    expect(res.status).toBe(200);
    await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 1000 });
    expect(Date.now() - sent).toBeLessThan(1000);
    const pop = page.locator('#screen-pop .pop');
    expect(await pop.getAttribute('role')).toBe('alert');
    expect(await pop.locator('.number').textContent()).toBe('+316••••••78');
    expect(await pop.textContent()).not.toContain('612345678');
    // No browser softphone on this desk (desk phones only): the pop offers no phone controls and no phone tab.
    expect(await pop.locator('.pop-phone').count()).toBe(0);
    expect(await pop.locator('.earlier a').textContent()).toContain(earlierRef);

    // The caller presses 2: the same pop shows the choice.
    expect(
      (await twilioPost('/twilio/gather?attempt=1', { ...call, Digits: '2', CallStatus: 'in-progress' })).status,
    ).toBe(200);
    await expect
      .poll(() => page.locator('#screen-pop .pop').textContent())
      .toContain('2 · Report of a possible victim'); // in the agent's own language (English)
    expect(await page.locator('#screen-pop .pop').count()).toBe(1);

    // The pop never takes the focus (the agent may be typing); "o" opens the contact; the agent logs a note.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('o');
    await page.waitForURL(/\/contacts\/\d+$/);
    const contactId = Number(/\/contacts\/(\d+)$/.exec(page.url())![1]);
    const contact = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact.queue).toBe('registration');
    expect(await page.locator('.call-panel').textContent()).toContain('+316••••••78');
    await page.fill('#note', 'Beller meldt een mogelijk slachtoffer in een nagelstudio');
    await page.locator('#note-save').click();
    await expect
      .poll(() => page.locator('#timeline').textContent())
      .toContain('Beller meldt een mogelijk slachtoffer in een nagelstudio');
    const notes = await t.deps.db
      .selectFrom('contact_events')
      .select('data')
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('lets a newcomer simulate a call from the navigation and see its screen pop on the same page', async () => {
    // The simulator exists only without a real TWILIO_AUTH_TOKEN (and with DEV_TOOLS, which the test app sets):
    // a desk of its own, as a newcomer's first start.
    const dev = await createTestApp(
      { PUBLIC_URL: PUBLIC, TWILIO_AGENT_NUMBERS: 'client:desk_1' },
      { now: '2026-11-23T10:00:00Z' },
    );
    const devServer = await startServer(dev);
    try {
      const newcomer = await makeUser(dev.deps, ['agent'], 'Nina');
      await simulateAndPop(devServer.url, newcomer);
    } finally {
      await devServer.close();
      await dev.close();
    }
  });

  async function simulateAndPop(url: string, newcomer: Awaited<ReturnType<typeof makeUser>>) {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/login`);
    await page.fill('#email', newcomer.email);
    await page.fill('#password', newcomer.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${url}/contacts`);
    await page.locator('nav a', { hasText: 'Simulate a call' }).click();
    await page.waitForURL(`${url}/calls/simulate`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    await page.fill('#sim-from', '+31 6 55501234');
    await page.selectOption('#sim-digits', '3');
    await page.locator('#simulate-form button[type=submit]').click();
    await expect.poll(() => page.locator('#simulate-form .flash-ok').textContent()).toContain('HD-2026-');
    await expect.poll(() => page.locator('#screen-pop .pop').first().textContent()).toContain('+316••••••34');
    expect(page.url()).toBe(`${url}/calls/simulate`);
    await page.locator('#simulate-form .flash-ok a').click();
    await page.waitForURL(/\/contacts\/\d+$/);
    expect(await page.locator('.call-panel').textContent()).toContain('3 · Something else');
    expect(errors).toEqual([]);
  }

  /** Signs the agent in on the main server and waits for the live stream. */
  async function signInAsAgent() {
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    if (new URL(page.url()).pathname === '/login') {
      await page.fill('#email', user.email);
      await page.fill('#password', user.password);
      await page.locator('form button[type=submit]').click();
    } else await page.goto(`${server.url}/contacts`); // still signed in from the test before
    await page.waitForURL(`${server.url}/contacts`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
  }

  it('names a known caller and their organisation from their last contact, and titles earlier contacts by subject', async () => {
    const { page } = browser;
    await makeContact(t, {
      channel: 'phone',
      subject: 'Vraag over een nagelstudio',
      party: { name: 'Anna de Vries', org: 'Wijkteam Noord', phone: '+31687654321' },
    });
    await signInAsAgent();
    const errors = scriptErrors(page);
    const call = { CallSid: sid('CA', 'known'), From: '0687654321', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', call)).status).toBe(200);
    const pop = page.locator(`#screen-pop .pop[data-call="${call.CallSid}"]`);
    await pop.waitFor({ state: 'visible', timeout: 2000 });
    expect(await pop.locator('.caller').textContent()).toBe('Last time: Anna de Vries, Wijkteam Noord');
    expect(await pop.locator('.number').textContent()).toBe('+316••••••21');
    expect(await pop.locator('.earlier a').textContent()).toContain('Vraag over een nagelstudio');
    expect(await pop.textContent()).not.toContain('687654321');
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    // The call ends: the pop says so and still names the caller (the update does not send the name again).
    expect((await twilioPost('/twilio/status', { ...call, CallStatus: 'completed', CallDuration: '12' })).status).toBe(
      200,
    );
    await expect.poll(() => pop.locator('h2').textContent()).toContain('Call ended');
    expect(await pop.locator('.caller').textContent()).toBe('Last time: Anna de Vries, Wijkteam Noord');
    await page.keyboard.press('Escape');
    expect(await pop.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('takes the call with "t" and puts the focus in the contact’s note field', async () => {
    const { page } = browser;
    await signInAsAgent();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const call = { CallSid: sid('CA', 'take'), From: '0633334444', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', call)).status).toBe(200);
    await page.locator(`#screen-pop .pop[data-call="${call.CallSid}"]`).waitFor({ state: 'visible', timeout: 2000 });
    await page.keyboard.press('t');
    await page.waitForURL(/\/contacts\/\d+\?focus=note$/);
    await page.waitForFunction(() => document.activeElement?.id === 'note');
    await page.keyboard.type('Beller is bang');
    expect(await page.inputValue('#note')).toBe('Beller is bang');
    // Opening the same contact another way (a link, "o") leaves the focus where the page puts it.
    const contactUrl = page.url().replace(/\?focus=note$/, '');
    await page.goto(`${server.url}/contacts`);
    await page.goto(contactUrl);
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('note');
  });

  it('says when the call ended, offers no take for it, and closes itself a minute later but not while it has the focus', async () => {
    // A page of its own with a clock the test moves (the agent is signed in from the test before).
    const page = await browser.context.newPage();
    await page.clock.install();
    await page.goto(`${server.url}/contacts`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    const errors = scriptErrors(page);
    const call = { CallSid: sid('CA', 'ends'), From: '0611112222', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', call)).status).toBe(200);
    const pop = page.locator(`#screen-pop .pop[data-call="${call.CallSid}"]`);
    await pop.waitFor({ state: 'visible', timeout: 2000 });
    expect(await pop.locator('form.take').count()).toBe(1);

    // The caller hangs up before anyone answered.
    expect((await twilioPost('/twilio/status', { ...call, CallStatus: 'no-answer', CallDuration: '0' })).status).toBe(
      200,
    );
    await expect.poll(() => pop.locator('h2').textContent()).toContain('Call ended');
    expect(await pop.locator('.pop-ended').textContent()).toContain('closes by itself in a minute');
    expect(await pop.locator('form.take').count()).toBe(0);
    expect(await pop.locator('button', { hasText: 'Take this call' }).count()).toBe(0);
    // "t" takes nothing: the page stays, the contact stays unassigned.
    await page.keyboard.press('t');
    expect(page.url()).toBe(`${server.url}/contacts`);
    const contact = await t.deps.db
      .selectFrom('contacts')
      .innerJoin('calls', 'calls.contact_id', 'contacts.id')
      .select('contacts.assignee_id')
      .where('calls.call_sid', '=', call.CallSid)
      .executeTakeFirstOrThrow();
    expect(contact.assignee_id).toBeNull();

    // A minute on, the pop the agent is on stays; once the focus has left it, it closes.
    await pop.locator('a.button').focus();
    await page.clock.fastForward(61_000);
    expect(await pop.count()).toBe(1);
    await page.locator('#q').focus();
    await expect.poll(() => pop.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    expect(errors).toEqual([]);
    await page.close();
  });
});
