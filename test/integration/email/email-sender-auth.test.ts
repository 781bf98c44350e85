import { ImapFlow } from 'imapflow';
import { sealMessage } from 'mailauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailDns } from '../../../src/email/inbound/dns-resolver.js';
import { parseImapUrl, pollImapOnce } from '../../../src/email/inbound/imap-poller.js';
import { dovecotAvailable, startDovecot, type Dovecot } from '../../support/dovecot.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { dkimKey, dkimSigned, type DnsStandIn, startDnsStandIn } from '../../support/dns-server.js';
import { signedIn } from '../../support/factories.js';
import { rawMessage, sendRaw } from '../../support/mail.js';

// Sender authentication at intake (issue 21): real SMTP on loopback, a real UDP DNS stand-in on 127.0.0.1 serving
// the DKIM keys, SPF and DMARC records of made-up domains, mails signed in the test with mailauth's dkimSign.

const police = dkimKey();
const impostor = dkimKey();
const forwarder = dkimKey();
let dns: DnsStandIn;
let e: EmailTestApp | undefined;

beforeAll(async () => {
  dns = await startDnsStandIn({
    'sel._domainkey.politie.test': { TXT: [police.record] },
    // The police's domain asks receivers to reject mail that fails DMARC; the relay that sends for it is 192.0.2.10.
    'politie.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
    '_dmarc.politie.test': { TXT: ['v=DMARC1; p=reject'] },
    // A shelter that signs its mail but publishes no DMARC policy.
    'sel._domainkey.opvang.test': { TXT: [police.record] },
    'opvang.test': { TXT: ['v=spf1 -all'] },
    // The impostor's own domain, with its own key.
    'sel._domainkey.elders.test': { TXT: [impostor.record] },
    // Forwarders that seal what they checked (ARC): a large provider the desk trusts, and an unknown mailing list.
    'sel._domainkey.google.com': { TXT: [forwarder.record] },
    'sel._domainkey.lijst.test': { TXT: [forwarder.record] },
  });
});
afterAll(async () => {
  await dns?.close();
});
afterEach(async () => {
  await e?.close();
  e = undefined;
});

let n = 0;
/** A plain message from `from`, with any extra headers. */
function message(from: string, extra: Record<string, string> = {}, body = 'Wij hebben een mogelijk slachtoffer.') {
  n++;
  return rawMessage(
    {
      From: from,
      To: DESK,
      Subject: extra.Subject ?? `Melding ${n}`,
      'Message-ID': `<m${n}.${Date.now()}@${from.replace(/.*@|>.*/g, '')}>`,
      Date: 'Mon, 23 Nov 2026 10:00:00 +0000',
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'Subject')),
    },
    body,
  );
}

/** The message signed with `key` in the name of `domain`. */
const signed = (raw: string, domain: string, key: string) => dkimSigned(raw, domain, key);

// A generous budget: the stand-in always answers, and a loaded test machine must not turn a verdict into "timeout".
const SLOW_MACHINE = '20000';
const app = (env: Record<string, string> = {}) =>
  emailTestApp({ DNS_SERVERS: dns.server, DEFAULT_LOCALE: 'en', MAIL_AUTH_TIMEOUT_MS: SLOW_MACHINE, ...env });

async function contactOf(t: EmailTestApp, contactId: number) {
  return t.t.deps.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
}
async function acknowledgements(t: EmailTestApp) {
  return t.t.deps.db.selectFrom('mail_outbox').selectAll().where('kind', '=', 'ack').execute();
}
const details = (m: { auth_details: string | null }) => JSON.parse(m.auth_details ?? 'null') as Record<string, unknown>;

describe('sender authentication of incoming mail', () => {
  it('shows a DKIM-signed mail from the police as verified, with an acknowledgement', async () => {
    e = await app();
    const info = await sendRaw(
      e.listener.port,
      'agent@politie.test',
      DESK,
      await signed(message('Agent <agent@politie.test>'), 'politie.test', police.privateKey),
    );
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m).toMatchObject({ auth_verdict: 'verified', auth_domain: 'politie.test' });
    expect(details(m!)).toMatchObject({ reason: 'dmarc-pass', dkim: 'pass', dmarc: 'pass', policy: 'reject' });
    expect((await contactOf(e, m!.contact_id)).sender_auth).toBe('verified');
    expect(await acknowledgements(e)).toHaveLength(1);

    const { client } = await signedIn(e.t, ['agent']);
    const page = await client.get(`/contacts/${m!.contact_id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('Sender check:');
    expect(html).toContain('verified: politie.test');
    expect(html).not.toContain('failed the sender check');
  });

  it('shows a forged DKIM signature as failed: stored, no acknowledgement, marked in the inbox', async () => {
    e = await app();
    // Signed in the police's name with a key that is not the police's.
    const raw = await signed(message('Agent <agent@politie.test>'), 'politie.test', impostor.privateKey);
    const info = await sendRaw(e.listener.port, 'agent@politie.test', DESK, raw);
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m).toMatchObject({ auth_verdict: 'failed', auth_domain: 'politie.test', auto_reason: 'forged-sender' });
    expect(details(m!)).toMatchObject({ reason: 'dmarc-fail', dkim: 'fail', dmarc: 'fail', refuse: true });
    expect(m!.text_body).toContain('mogelijk slachtoffer');
    expect((await contactOf(e, m!.contact_id)).sender_auth).toBe('refused');
    expect(await acknowledgements(e)).toHaveLength(0);

    const { client } = await signedIn(e.t, ['agent']);
    const inbox = await client.get('/contacts');
    expect(inbox.status).toBe(200);
    const list = await inbox.text();
    expect(list).toContain('forged sender (DMARC)');
    const page = await (await client.get(`/contacts/${m!.contact_id}`)).text();
    expect(page).toContain('Sender check:');
    expect(page).toMatch(/auth-verdict">failed</);
    expect(page).toContain('Treat it as forged');
    expect(page).toContain('SPF not checked: the mail came through the organisation');
    expect(page).toContain('No acknowledgement sent: its sender failed the check under the domain&#39;s own policy');
  });

  it('keeps a forged sender out of a real conversation it names, where a verified reply joins', async () => {
    e = await app();
    const first = message('Agent <agent@politie.test>');
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, await signed(first, 'politie.test', police.privateKey));
    const [original] = await messages(e.t);
    const { reference } = await contactOf(e, original!.contact_id);
    const answering = {
      Subject: `Re: Melding [#${reference}]`,
      'In-Reply-To': `<${original!.message_id}>`,
      References: `<${original!.message_id}>`,
    };

    const forged = await signed(message('Agent <agent@politie.test>', answering), 'politie.test', impostor.privateKey);
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, forged);
    const real = await signed(message('Agent <agent@politie.test>', answering), 'politie.test', police.privateKey);
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, real);

    const [, fake, genuine] = await messages(e.t);
    expect(fake).toMatchObject({ auth_verdict: 'failed', thread_via: 'new', thread_note: 'sender-refused' });
    expect(fake!.contact_id).not.toBe(original!.contact_id);
    expect(genuine).toMatchObject({ auth_verdict: 'verified', thread_via: 'reference' });
    expect(genuine!.contact_id).toBe(original!.contact_id);
    expect((await contactOf(e, original!.contact_id)).sender_auth).toBe('verified');

    const { client } = await signedIn(e.t, ['agent']);
    const page = await (await client.get(`/contacts/${fake!.contact_id}`)).text();
    expect(page).toContain('it was not added to the conversation it names');

    // An agent who merges the two anyway: the conversation now holds a forged mail, and says so.
    const merged = await client.post(`/email/contacts/${fake!.contact_id}/merge`, { target: reference! });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`/contacts/${original!.contact_id}`);
    expect((await contactOf(e, original!.contact_id)).sender_auth).toBe('refused');
  });

  it('verifies a large signed message read in slices, and fails it when one byte deep inside changed', async () => {
    e = await app();
    const body = `${'Verslag van de controle, regel voor regel.\n'.repeat(12_000)}Einde.`;
    const raw = await signed(message('Agent <agent@politie.test>', {}, body), 'politie.test', police.privateKey);
    expect(raw.length).toBeGreaterThan(400_000);
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, raw);
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, raw.replace('Einde.', 'Einde!'));
    const [whole, changed] = await messages(e.t);
    expect(whole).toMatchObject({ auth_verdict: 'verified', auth_domain: 'politie.test' });
    expect(changed).toMatchObject({ auth_verdict: 'failed', auth_domain: 'politie.test' });
    expect(details(changed!)).toMatchObject({ reason: 'dmarc-fail', refuse: true });
  });

  it('believes a trusted forwarder that sealed an earlier pass (ARC) over a DMARC failure, and no unknown one', async () => {
    e = await app();
    const original = await signed(message('Agent <agent@politie.test>'), 'politie.test', police.privateKey);
    // A mailing list adds a footer (the police's signature breaks), after recording that DMARC passed, and seals it.
    const forwarded = async (sealer: string) => {
      const changed = `${original}\r\n-- \r\nVia de lijst ketenpartners (${sealer})\r\n`;
      const seal = await sealMessage(changed, {
        signingDomain: sealer,
        selector: 'sel',
        privateKey: forwarder.privateKey,
        authResults: `mx.${sealer}; dkim=pass header.d=politie.test; spf=none; dmarc=pass (p=REJECT) header.from=politie.test`,
        cv: 'none',
      } as unknown as Parameters<typeof sealMessage>[1]);
      expect(seal.toString()).toMatch(/^ARC-Seal: /m);
      return seal.toString() + changed;
    };
    await sendRaw(e.listener.port, 'lijst@google.com', DESK, await forwarded('google.com'));
    await sendRaw(e.listener.port, 'lijst@lijst.test', DESK, await forwarded('lijst.test'));
    const [trusted, unknown] = await messages(e.t);
    expect(trusted).toMatchObject({ auth_verdict: 'unverified', auth_domain: 'politie.test', auto_reason: null });
    expect(details(trusted!)).toMatchObject({ reason: 'arc-forwarded', arc: 'pass', dmarc: 'fail' });
    expect(unknown).toMatchObject({ auth_verdict: 'failed', auto_reason: 'forged-sender' });
    expect(details(unknown!)).toMatchObject({ reason: 'dmarc-fail', arc: 'pass', refuse: true });
  });

  it('fails a mail with ten From headers and stores it whole', async () => {
    e = await app();
    const froms = Array.from({ length: 10 }, (_, i) => `From: Agent ${i} <agent${i}@politie.test>`).join('\r\n');
    const raw = `${froms}\r\n${message('Agent <agent@politie.test>').replace(/^From: .*\r\n/, '')}`;
    const info = await sendRaw(e.listener.port, 'agent@politie.test', DESK, raw);
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m).toMatchObject({ auth_verdict: 'failed', auth_domain: null, auto_reason: 'forged-sender' });
    expect(details(m!)).toMatchObject({ reason: 'several-from', refuse: true });
    expect(m!.text_body).toContain('mogelijk slachtoffer');
    expect(await acknowledgements(e)).toHaveLength(0);
  });

  it('fails a signature of a domain without DMARC, but still acknowledges it (no policy asks otherwise)', async () => {
    e = await app();
    // The body was changed after signing: the signature no longer holds.
    const raw = (await signed(message('Opvang <team@opvang.test>'), 'opvang.test', police.privateKey)).replace(
      'mogelijk slachtoffer',
      'mogelijk slachtoffer, en meer',
    );
    await sendRaw(e.listener.port, 'team@opvang.test', DESK, raw);
    const [m] = await messages(e.t);
    expect(m).toMatchObject({ auth_verdict: 'failed', auth_domain: 'opvang.test', auto_reason: null });
    expect(details(m!)).toMatchObject({ reason: 'dkim-fail', dmarc: 'none' });
    expect((await contactOf(e, m!.contact_id)).sender_auth).toBe('failed');
    expect(await acknowledgements(e)).toHaveLength(1);
  });

  it('checks SPF against the client the relay recorded: allowed relay verified, another refused', async () => {
    e = await app();
    const via = (ip: string) => ({
      Received: `from mx.politie.test (mx.politie.test [${ip}]) by relay.baken.test with ESMTPS; Mon, 23 Nov 2026 10:00:00 +0000`,
    });
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, message('agent@politie.test', via('192.0.2.10')));
    await sendRaw(e.listener.port, 'agent@politie.test', DESK, message('agent@politie.test', via('198.51.100.7')));
    const [allowed, other] = await messages(e.t);
    expect(allowed).toMatchObject({ auth_verdict: 'verified', auth_domain: 'politie.test' });
    expect(details(allowed!)).toMatchObject({ reason: 'dmarc-pass', spf: 'pass', dkim: 'none' });
    expect(other).toMatchObject({ auth_verdict: 'failed' });
    expect(details(other!)).toMatchObject({ reason: 'dmarc-fail', spf: 'fail', refuse: true });
  });

  it('calls a mail whose DNS server never answers "could not be verified", and still stores and acknowledges it', async () => {
    const silent = await startDnsStandIn({}, { silent: true });
    try {
      e = await emailTestApp({ DNS_SERVERS: silent.server, MAIL_AUTH_TIMEOUT_MS: '600', DEFAULT_LOCALE: 'en' });
      const raw = await signed(message('Agent <agent@politie.test>'), 'politie.test', police.privateKey);
      const info = await sendRaw(e.listener.port, 'agent@politie.test', DESK, raw);
      expect(info.response).toMatch(/^250 /);
      const [m] = await messages(e.t);
      expect(m!.auth_verdict).toBe('unverified');
      expect(['timeout', 'dns-error']).toContain(details(m!).reason);
      expect(silent.asked.length).toBeGreaterThan(0);
      expect(await acknowledgements(e)).toHaveLength(1);

      const { client } = await signedIn(e.t, ['agent']);
      const page = await (await client.get(`/contacts/${m!.contact_id}`)).text();
      expect(page).toContain('could not be verified');
    } finally {
      await silent.close();
    }
  });

  it('asks no DNS server with DNS_SERVERS=off: every mail could not be verified', async () => {
    e = await app({ DNS_SERVERS: 'off' });
    const before = dns.asked.length;
    await sendRaw(
      e.listener.port,
      'agent@politie.test',
      DESK,
      await signed(message('Agent <agent@politie.test>'), 'politie.test', police.privateKey),
    );
    const [m] = await messages(e.t);
    expect(m!.auth_verdict).toBe('unverified');
    expect(details(m!)).toMatchObject({ reason: 'dns-off', dkim: 'not-checked' });
    expect(dns.asked.length).toBe(before);
  });
});

describe.skipIf(!dovecotAvailable)('sender authentication of mail fetched over IMAP', () => {
  let d: Dovecot | undefined;
  let t: TestApp | undefined;
  beforeAll(async () => {
    d = await startDovecot();
  });
  afterAll(async () => {
    await d?.stop();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('checks DKIM and DMARC only, says SPF could not be checked, and refuses a forged sender', async () => {
    const mailbox = 'SenderAuth';
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: d!.port,
      secure: false,
      auth: { user: d!.user, pass: d!.pass },
      logger: false,
    });
    await c.connect();
    try {
      await c.mailboxCreate(mailbox);
      await c.append(mailbox, await signed(message('Agent <agent@politie.test>'), 'politie.test', police.privateKey));
      await c.append(mailbox, await signed(message('Agent <agent@politie.test>'), 'politie.test', impostor.privateKey));
    } finally {
      await c.logout();
    }
    t = await createTestApp({
      HELPDESK_ADDRESSES: DESK,
      MAIL_FROM: DESK,
      DNS_SERVERS: dns.server,
      DEFAULT_LOCALE: 'en',
      MAIL_AUTH_TIMEOUT_MS: SLOW_MACHINE,
    });
    expect(await pollImapOnce(t.deps, parseImapUrl(d!.url(mailbox)))).toEqual({
      stored: 2,
      duplicates: 0,
      oversized: 0,
    });
    const [real, forged] = await messages(t);
    expect(real).toMatchObject({ source: 'imap', auth_verdict: 'verified', auth_domain: 'politie.test' });
    expect(details(real!)).toMatchObject({ reason: 'dmarc-pass', spf: 'not-checked', dkim: 'pass', dmarc: 'pass' });
    expect(forged).toMatchObject({ source: 'imap', auth_verdict: 'failed', auto_reason: 'forged-sender' });
    expect(details(forged!)).toMatchObject({ reason: 'dmarc-fail', spf: 'not-checked', refuse: true });

    const { client } = await signedIn(t, ['agent']);
    const page = await client.get(`/contacts/${real!.contact_id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('verified: politie.test');
    expect(html).toContain('Fetched over IMAP: SPF cannot be checked');
  });
});

describe("the sender check's DNS", () => {
  it('answers a repeated question from its cache, "no such record" included', async () => {
    const local = new MailDns([dns.server], 5000);
    const ask = async (name: string) => {
      const { resolve } = local.forCheck();
      return resolve(name, 'TXT').then(
        (v) => v as unknown,
        (e: { code?: string }) => e.code,
      );
    };
    const before = dns.asked.length;
    expect(await ask('_dmarc.politie.test')).toEqual([['v=DMARC1; p=reject']]);
    expect(await ask('_dmarc.politie.test')).toEqual([['v=DMARC1; p=reject']]);
    expect(await ask('_dmarc.nergens.test')).toBe('ENOTFOUND');
    expect(await ask('_dmarc.nergens.test')).toBe('ENOTFOUND');
    expect(dns.asked.slice(before)).toEqual(['TXT _dmarc.politie.test', 'TXT _dmarc.nergens.test']);
  });

  it('stops asking a server that did not answer, so the next messages do not wait for it', async () => {
    const silent = await startDnsStandIn({}, { silent: true });
    try {
      const local = new MailDns([silent.server], 300);
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'answered',
          (e: { code?: string }) => e.code,
        );
      expect(await code(local.forCheck().resolve('sel._domainkey.politie.test', 'TXT'))).toBe('ETIMEOUT');
      expect(silent.asked).toEqual(['TXT sel._domainkey.politie.test']);
      // Another name, another message: refused at once without a question on the wire.
      expect(await code(local.forCheck().resolve('_dmarc.politie.test', 'TXT'))).toBe('ETIMEOUT');
      expect(silent.asked).toEqual(['TXT sel._domainkey.politie.test']);
    } finally {
      await silent.close();
    }
  });
});
