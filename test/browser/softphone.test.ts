import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { sid, twilioSignature } from '../support/twilio.js';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin.js';

const TOKEN = 'browser-twilio-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;

/**
 * Stands in for public/softphone-device.js (the one module that meets Twilio's SDK): a Device that registers at
 * once, and `window.ring(callSid)` that makes an incoming call the test can watch (accepted, muted, hung up).
 */
const FAKE_DEVICE = `
window.BakenSoftphoneDevice = {
  create: function (token, handlers) {
    window.fakeDevice = { token: token, handlers: handlers, destroyed: false };
    setTimeout(function () { handlers.onReady(); }, 0);
    return { updateToken: function () {}, destroy: function () { window.fakeDevice.destroyed = true; } };
  },
};
window.ring = function (callSid) {
  var ends = [];
  var call = {
    callSid: callSid, accepted: false, rejected: false, disconnected: false, muted: false,
    accept: function () { call.accepted = true; },
    reject: function () { call.rejected = true; ends.forEach(function (f) { f(); }); },
    disconnect: function () { call.disconnected = true; ends.forEach(function (f) { f(); }); },
    mute: function (on) { call.muted = on; },
    onEnd: function (f) { ends.push(f); },
  };
  window.fakeCall = call;
  window.fakeDevice.handlers.onIncoming(call);
};`;

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe-core's violations inside the screen pops (as test/browser/axe.test.ts runs it). */
async function popViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time, without types in the page
    const r = await (window as any).axe.run('#screen-pop', { resultTypes: ['violations'] });
    return (r.violations as { id: string; nodes: { target: string[] }[] }[]).flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`),
    );
  });
}

describe.skipIf(!browserAvailable)('the softphone in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;
  let standIn: TwilioStandIn;

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
    standIn = await startTwilioStandIn(ACCOUNT, TOKEN);
    // Hold moves the caller into a conference and finds it by name (Twilio's REST API, here the stand-in).
    standIn.on('GET', /\/Conferences\.json$/, (r) => ({
      status: 200,
      json: {
        conferences: [
          { sid: `CF${'9'.repeat(32)}`, friendly_name: r.query.get('FriendlyName'), status: 'in-progress' },
        ],
      },
    }));
    standIn.on('POST', /\/Participants\/CA[0-9a-f]{32}\.json$/, (r) => ({
      status: 200,
      json: { call_sid: /CA[0-9a-f]{32}/.exec(r.path)?.[0], hold: r.form.Hold === 'true' },
    }));
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE: standIn.url,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_KEY: `SK${'2'.repeat(32)}`,
        TWILIO_API_SECRET: 'browser-api-secret-0123456789',
        TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
        PUBLIC_URL: PUBLIC,
      },
      { now: '2026-11-23T10:00:00Z' },
    );
    user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await startServer(t);
    browser = await launchBrowser();
    await browser.context.route('**/static/softphone-device.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_DEVICE }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await standIn?.close();
  });

  it('rings an incoming call, accept opens the caller’s contact in another tab, mute and hang up work', async () => {
    const { page, context } = browser;
    const errors = scriptErrors(page);
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${server.url}/contacts`);

    // Available from the header, then the phone page registers the (fake) Device with a real token.
    await page.locator('#availability select[name=status]').selectOption('available');
    await page.locator('#availability button[type=submit]').click();
    await page.locator('#availability .muted[role=status]').waitFor();
    const res = await page.goto(`${server.url}/voice`);
    const csp = res!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("connect-src 'self' wss://voice-js.roaming.twilio.com https://eventgw.twilio.com");
    expect(csp).toContain("media-src 'self' https://sdk.twilio.com");
    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ready');
    expect(
      await page.evaluate(() => (window as unknown as { fakeDevice: { token: string } }).fakeDevice.token),
    ).toMatch(/^ey/);
    const sdk = await fetch(`${server.url}/static/twilio.min.js`);
    expect(sdk.status).toBe(200);
    expect((await sdk.text()).length).toBeGreaterThan(100_000);

    // A caller is put through: the open-hours call rings this agent's softphone with the caller's CallSid.
    const callSid = sid('CA', 'soft');
    const call = { CallSid: callSid, From: '+31612345678', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', call)).status).toBe(200);
    const dial = await (await twilioPost('/twilio/gather?attempt=1', { ...call, Digits: '3' })).text();
    expect(dial).toContain(`<Identity>user${user.id}</Identity><Parameter name="callSid" value="${callSid}"/>`);
    await page.evaluate((s) => (window as unknown as { ring(s: string): void }).ring(s), callSid);

    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ringing');
    expect(await page.locator('.softphone-state').textContent()).toBe('Incoming call');
    expect(await page.locator('[data-action=accept]').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('accept');

    const contactId = (
      await t.deps.db.selectFrom('calls').select('contact_id').where('call_sid', '=', callSid).executeTakeFirstOrThrow()
    ).contact_id;
    const [tab] = await Promise.all([context.waitForEvent('page'), page.locator('[data-action=accept]').click()]);
    await tab.waitForURL(`${server.url}/contacts/${contactId}`);
    expect(await tab.locator('h1').textContent()).toBeTruthy();
    const contact = await t.deps.db
      .selectFrom('contacts')
      .select('assignee_id')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact.assignee_id).toBe(user.id);

    // In the call on the phone page: mute, then hang up.
    expect(await page.locator('#softphone').getAttribute('data-state')).toBe('inCall');
    expect(
      await page.evaluate(() => (window as unknown as { fakeCall: { accepted: boolean } }).fakeCall.accepted),
    ).toBe(true);
    await page.locator('[data-action=mute]').click();
    expect(await page.locator('[data-action=mute]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { fakeCall: { muted: boolean } }).fakeCall.muted)).toBe(
      true,
    );
    await page.locator('[data-action=hangup]').click();
    expect(
      await page.evaluate(() => (window as unknown as { fakeCall: { disconnected: boolean } }).fakeCall.disconnected),
    ).toBe(true);
    expect(await page.locator('#softphone').getAttribute('data-state')).toBe('ended');
    expect(await page.locator('.softphone-call').isVisible()).toBe(false);
    await tab.close();
    expect(errors).toEqual([]);
  });

  it('declines a ringing call without opening anything', async () => {
    const { page, context } = browser;
    await page.goto(`${server.url}/voice`);
    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ready');
    await page.evaluate(() => (window as unknown as { ring(s: string): void }).ring('CA'.padEnd(34, '7')));
    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ringing');
    const pages = context.pages().length;
    await page.locator('[data-action=decline]').click();
    expect(
      await page.evaluate(() => (window as unknown as { fakeCall: { rejected: boolean } }).fakeCall.rejected),
    ).toBe(true);
    expect(await page.locator('#softphone').getAttribute('data-state')).toBe('ended');
    expect(context.pages().length).toBe(pages);
  });

  it('rings in the pop of another tab: accept there answers on the phone tab and opens the contact, whose pop mutes, holds and hangs up', async () => {
    const { page, context } = browser;
    const errors = scriptErrors(page);
    await page.goto(`${server.url}/voice`);
    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ready');
    const other = await context.newPage();
    const otherErrors = scriptErrors(other);
    await other.goto(`${server.url}/contacts`);
    await expect.poll(() => other.evaluate(() => document.body.dataset.live)).toBe('connected');

    const callSid = sid('CA', 'remote');
    const call = { CallSid: callSid, From: '+31612345679', To: '+31334481186', CallStatus: 'ringing' };
    expect((await twilioPost('/twilio/voice', call)).status).toBe(200);
    const pop = other.locator(`#screen-pop .pop[data-call="${callSid}"]`);
    await pop.waitFor();
    // The phone tab is open and nothing rings there yet: the pop offers no accept and no "open the phone".
    expect(await pop.locator('.pop-phone-none').isVisible()).toBe(false);
    expect(await pop.locator('[data-phone=accept]').isVisible()).toBe(false);
    expect((await twilioPost('/twilio/gather?attempt=1', { ...call, Digits: '3' })).status).toBe(200);
    await page.evaluate((s) => (window as unknown as { ring(s: string): void }).ring(s), callSid);

    await pop.locator('[data-phone=accept]').waitFor({ state: 'visible' });
    expect(await pop.locator('[data-phone=decline]').isVisible()).toBe(true);
    expect(await pop.locator('.pop-phone-state').textContent()).toBe('Ringing on your phone');
    expect(await other.evaluate(() => document.activeElement === document.body)).toBe(true); // the pop took no focus
    expect(await popViolations(other)).toEqual([]);

    const contactId = (
      await t.deps.db.selectFrom('calls').select('contact_id').where('call_sid', '=', callSid).executeTakeFirstOrThrow()
    ).contact_id;
    await pop.locator('[data-phone=accept]').press('Enter');
    await other.waitForURL(`${server.url}/contacts/${contactId}?focus=note`);
    expect(
      await page.evaluate(() => (window as unknown as { fakeCall: { accepted: boolean } }).fakeCall.accepted),
    ).toBe(true);
    expect(await page.locator('#softphone').getAttribute('data-state')).toBe('inCall');
    const contact = await t.deps.db
      .selectFrom('contacts')
      .select('assignee_id')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact.assignee_id).toBe(user.id);
    expect(context.pages()).toHaveLength(2); // opened where accept was pressed, no other tab

    // The contact's page shows the call's pop with its controls (the tab was opened during the call).
    const inCall = other.locator(`#screen-pop .pop[data-call="${callSid}"]`);
    await inCall.locator('[data-phone=mute]').waitFor({ state: 'visible' });
    expect(await inCall.locator('.pop-phone-state').textContent()).toBe('In the call on your phone');
    expect(await popViolations(other)).toEqual([]);
    await inCall.locator('[data-phone=mute]').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { fakeCall: { muted: boolean } }).fakeCall.muted))
      .toBe(true);
    await expect.poll(() => inCall.locator('[data-phone=mute]').getAttribute('aria-pressed')).toBe('true');
    expect(await inCall.locator('[data-phone=mute]').textContent()).toBe('Unmute');
    expect(await inCall.locator('.pop-phone-state').textContent()).toBe('In the call, microphone off');

    await inCall.locator('[data-phone=hold]').click();
    await expect.poll(() => inCall.locator('[data-phone=hold]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-action=hold]').getAttribute('aria-pressed')).toBe('true');
    expect(await inCall.locator('.pop-phone-state').textContent()).toBe('In the call, caller on hold');
    expect(
      standIn.requests.some(
        (r) => r.method === 'POST' && r.path.endsWith(`/Participants/${callSid}.json`) && r.form.Hold === 'true',
      ),
    ).toBe(true);

    await inCall.locator('[data-phone=hangup]').click();
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { fakeCall: { disconnected: boolean } }).fakeCall.disconnected),
      )
      .toBe(true);
    expect(await page.locator('#softphone').getAttribute('data-state')).toBe('ended');
    await expect.poll(() => inCall.locator('.pop-phone-state').textContent()).toBe('The call on your phone has ended');
    expect(await inCall.locator('[data-phone=mute]').isVisible()).toBe(false);
    await other.close();
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  it('declines from the pop, and without a phone tab the pop offers to open it', async () => {
    const { page, context } = browser;
    await page.goto(`${server.url}/voice`);
    await expect.poll(() => page.locator('#softphone').getAttribute('data-state')).toBe('ready');
    const other = await context.newPage();
    await other.goto(`${server.url}/contacts`);
    await expect.poll(() => other.evaluate(() => document.body.dataset.live)).toBe('connected');
    const ringing = sid('CA', 'declined');
    expect(
      (
        await twilioPost('/twilio/voice', {
          CallSid: ringing,
          From: '+31612345670',
          To: '+31334481186',
          CallStatus: 'ringing',
        })
      ).status,
    ).toBe(200);
    const pop = other.locator(`#screen-pop .pop[data-call="${ringing}"]`);
    await pop.waitFor();
    await page.evaluate((s) => (window as unknown as { ring(s: string): void }).ring(s), ringing);
    await pop.locator('[data-phone=decline]').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { fakeCall: { rejected: boolean } }).fakeCall.rejected))
      .toBe(true);
    expect(other.url()).toBe(`${server.url}/contacts`);

    // The phone tab goes elsewhere: a new call's pop says there is no phone and links to it.
    await page.goto(`${server.url}/contacts`);
    const alone = sid('CA', 'nophone');
    expect(
      (
        await twilioPost('/twilio/voice', {
          CallSid: alone,
          From: '+31612345671',
          To: '+31334481186',
          CallStatus: 'ringing',
        })
      ).status,
    ).toBe(200);
    const none = other.locator(`#screen-pop .pop[data-call="${alone}"] .pop-phone-none`);
    await none.waitFor({ state: 'visible' });
    expect(await none.textContent()).toContain('Your phone is not open in any tab');
    const link = none.locator('a');
    expect(await link.textContent()).toBe('Open the phone');
    expect(await link.getAttribute('href')).toBe('/voice');
    expect(await other.locator(`#screen-pop .pop[data-call="${alone}"] [data-phone=accept]`).isVisible()).toBe(false);
    // And in a freshly opened tab with no phone anywhere, too (nobody answers its question).
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}/contacts`);
    await expect.poll(() => fresh.evaluate(() => document.body.dataset.live)).toBe('connected');
    const third = sid('CA', 'nophone2');
    await twilioPost('/twilio/voice', {
      CallSid: third,
      From: '+31612345672',
      To: '+31334481186',
      CallStatus: 'ringing',
    });
    await fresh.locator(`#screen-pop .pop[data-call="${third}"] .pop-phone-none`).waitFor({ state: 'visible' });
    await fresh.close();
    await other.close();
  });
});
