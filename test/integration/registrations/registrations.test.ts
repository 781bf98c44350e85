import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeCall, makeContact, makeUser } from '../../support/factories.js';
import { storedBytes } from '../../support/sqlite.js';
import { startCatcher, type Catcher } from '../../support/mail.js';
import type { Client } from '../../support/test-app.js';
import { startOutboxWorker, type OutboxWorker } from '../../../src/email/outbound/outbox-worker.js';
import { saveCareRegion } from '../../../src/registrations/care-regions.service.js';
import { raiseDeadlineTasks, startDeadlineJob } from '../../../src/registrations/deadlines.service.js';
import { setCareRegionsOfUser } from '../../../src/registrations/care-regions.service.js';

const apps: TestApp[] = [];
let catcher: Catcher | undefined;
let worker: OutboxWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await catcher?.close();
  catcher = undefined;
  for (const t of apps.splice(0)) await t.close();
});

async function app(env: Record<string, string> = {}) {
  const t = await createTestApp(env, { now: '2026-03-10T10:00:00Z' });
  apps.push(t);
  return t;
}

/** The form as a browser would post it after opening /registrations/new?contact=:id (with its own token). */
async function openForm(client: Client, contactId: number | null) {
  const res = await client.get(contactId === null ? '/registrations/new' : `/registrations/new?contact=${contactId}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const token = /name="formToken" value="([^"]+)"/.exec(html)![1]!;
  return { html, token };
}

const police = (contact: number, token: string, extra: Record<string, string | string[]> = {}) => ({
  contact: String(contact),
  formToken: token,
  reporterType: 'police',
  reporterOrg: 'Politie Rotterdam',
  region: 'rotterdam',
  gender: 'female',
  birthYear: '1999',
  nationality: ['RO'],
  exploitation: ['sexual'],
  sector: 'window',
  ...extra,
});

const regCount = async (t: TestApp) =>
  Number(
    (
      await t.deps.db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('registering possible victims from a contact', () => {
  it("offers 'register a possible victim' in a call's panel, leading to the form prefilled from that call", async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const contactId = await makeCall(t, { callSid: `CA${'7'.repeat(32)}`, digits: '2' });
    const page = await (await client.get(`/contacts/${contactId}`)).text();
    const panel = page.slice(page.indexOf('class="call-panel"'));
    expect(panel).toContain(`href="/registrations/new?contact=${contactId}"`);
    expect((await client.get(`/registrations/new?contact=${contactId}`)).status).toBe(200);
  });

  it('prefills the form from the contact: reporter type and organisation from the party, and its date', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t, { party: { type: 'labour-inspectorate', org: 'NLA Team Zuid' } });
    const { html } = await openForm(client, c.id);
    expect(html).toMatch(/<option value="labour_inspectorate" selected/);
    expect(html).toContain('value="NLA Team Zuid"');
    expect(html).toContain('value="2026-03-10"');
  });

  it('turns one call into two registrations with "save and add another", and both link back to the contact', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t, { channel: 'phone', party: { type: 'police', org: 'Politie Rotterdam' } });
    const first = await openForm(client, c.id);
    const saved = await client.post('/registrations', {
      ...police(c.id, first.token),
      name: 'Ana Popescu',
      another: '1',
    });
    expect(saved.status).toBe(200);
    const again = await saved.text();
    expect(again).toMatch(/REG-2026-\d{6}/);
    // the shared fields are kept for the next person, the person's own are not
    expect(again).toContain('value="Politie Rotterdam"');
    expect(again).not.toContain('Ana Popescu');
    const token2 = /name="formToken" value="([^"]+)"/.exec(again)![1]!;
    expect(token2).not.toBe(first.token);
    const second = await client.post(
      '/registrations',
      police(c.id, token2, { name: 'Elena Ionescu', birthYear: '2001', gender: 'female' }),
    );
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toMatch(/^\/registrations\/\d+\?saved=1$/);
    const links = await t.deps.db
      .selectFrom('registration_contacts')
      .innerJoin('registrations', 'registrations.id', 'registration_contacts.registration_id')
      .select(['registrations.reference'])
      .where('contact_id', '=', c.id)
      .execute();
    expect(links.map((l) => l.reference)).toEqual(['REG-2026-000001', 'REG-2026-000002']);
    const contactPage = await (await client.get(`/contacts/${c.id}`)).text();
    expect(contactPage).toContain('REG-2026-000001');
    expect(contactPage).toContain('REG-2026-000002');
    const regPage = await (await client.get(second.headers.get('location')!)).text();
    expect(regPage).toContain('REG-2026-000002');
    expect(regPage).toContain(`href="/contacts/${c.id}"`);
  });

  it('never makes two registrations from a double submit of the same form', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const [a, b] = await Promise.all([
      client.post('/registrations', police(c.id, token)),
      client.post('/registrations', police(c.id, token)),
    ]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    expect(await regCount(t)).toBe(1);
  });

  it('links a later contact to an existing registration by its reference', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c1 = await makeContact(t);
    const c2 = await makeContact(t);
    const { token } = await openForm(client, c1.id);
    await client.post('/registrations', police(c1.id, token));
    const res = await client.post('/registrations/link', { contact: String(c2.id), reference: 'reg-2026-000001' });
    expect(res.status).toBe(303);
    expect(await (await client.get(`/contacts/${c2.id}`)).text()).toContain('REG-2026-000001');
    const unknown = await client.post('/registrations/link', { contact: String(c2.id), reference: 'REG-2026-999999' });
    expect(unknown.status).toBe(422);
  });
});

describe('countries typed by their common name (comboboxes)', () => {
  it('stores the code of a country typed by its name in Dutch or English, in any case and without accents', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    // Whatever the country list calls them (countries.ts): its Dutch and English names are understood.
    const { countryOptions } = await import('../../../src/registrations/countries.js');
    const nl = countryOptions('nl').find((o) => o.value === 'RO')!.label;
    const en = countryOptions('en').find((o) => o.value === 'NG')!.label;
    const shown = countryOptions('en').find((o) => o.value === 'RO')!.label;
    const res = await client.post(
      '/registrations',
      police(c.id, token, {
        nationality: [
          nl
            .toUpperCase()
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, ''),
          en,
        ],
        countryOfOrigin: 'ng',
        exploitationCountry: ['Stateless (XS)', en],
      }),
    );
    expect(res.status).toBe(303);
    const reg = await t.deps.db
      .selectFrom('registrations')
      .select(['id', 'country_of_origin'])
      .executeTakeFirstOrThrow();
    expect(reg.country_of_origin).toBe('NG');
    const nats = await t.deps.db
      .selectFrom('registration_nationalities')
      .select('code')
      .where('registration_id', '=', reg.id)
      .execute();
    expect(nats.map((n) => n.code).sort()).toEqual(['NG', 'RO']);
    const form = await (await client.get(`/registrations/new?contact=${c.id}`)).text();
    expect(form).toContain('<datalist id="country-options">');
    // Romania is one of the desk's common nationalities: marked so the combobox prefers it among several hits.
    expect(form).toContain(`<option value="${shown}" data-common="">`);
    expect(form).toContain('<option value="Niger">');
  });

  it('refuses a country name that is not in the list with 422 by the field, keeping the typed text', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const res = await client.post('/registrations', police(c.id, token, { nationality: ['Nigerië-land'] }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<small id="nationality-error" class="error">Choose a country from the list/);
    expect(html).toContain('value="Nigerië-land"');
    expect(html).toMatch(/<input id="nationality"[^>]*aria-invalid="true"/);
    expect(await regCount(t)).toBe(0);
  });
});

describe('bad input gets a clear message by the field and keeps what was typed; nothing is saved', () => {
  const cases: [string, Record<string, string | string[]>, string][] = [
    ['a birth year in the future', { birthYear: '2031' }, 'between 1900 and 2026'],
    ['a birth year before 1900', { birthYear: '1899' }, 'between 1900 and 2026'],
    ['an unknown nationality code', { nationality: ['QQ'] }, 'Choose a country from the list'],
    ['a country name that is not in the list', { nationality: ['Atlantis'] }, 'value="Atlantis"'],
    ['hostile markup as a country', { countryOfOrigin: '<script>x</script>' }, '&lt;script&gt;x&lt;/script&gt;'],
    ['an exploitation form not in the list', { exploitation: ['slavery'] }, 'forms of exploitation from the list'],
    [
      'a primary form that is not one of the forms ticked',
      { exploitation: ['sexual'], primaryExploitation: 'labour' },
      'must be one of the forms ticked',
    ],
    [
      'a private person reporting without consent',
      { reporterType: 'citizen', consentRegistration: 'no' },
      'needs the person’s consent to register',
    ],
    ['shelter requested without consent to share', { shelterRequested: 'yes' }, 'consent to share for care'],
    ['a reflection period of 60 days', { reflectionStart: '2026-03-01', reflectionDays: '60' }, '90 or 30 days'],
    ['1 MB of notes', { notes: 'x'.repeat(1_000_000) }, 'at most 2000 characters'],
  ];
  for (const [what, extra, message] of cases)
    it(`refuses ${what} with 422`, async () => {
      const t = await app();
      const { client } = await signedIn(t, ['agent']);
      const c = await makeContact(t);
      const { token } = await openForm(client, c.id);
      const res = await client.post('/registrations', police(c.id, token, { reporterOrg: 'Kept Org', ...extra }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('value="Kept Org"');
      expect(html).toContain(`value="${token}"`);
      expect(await regCount(t)).toBe(0);
    });

  it('answers 404 for a contact that does not exist, on the form and on saving', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    expect((await client.get('/registrations/new?contact=9999')).status).toBe(404);
    expect((await client.get('/registrations/new?contact=abc')).status).toBe(404);
    const { token } = await openForm(client, null);
    const res = await client.post('/registrations', police(9999, token));
    expect(res.status).toBe(404);
    expect(await regCount(t)).toBe(0);
  });

  it('lets only agents and supervisors register (a legal-only user is refused)', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['legal']);
    expect((await client.get('/registrations/new')).status).toBe(403);
    expect((await client.get('/registrations')).status).toBe(403);
  });
});

describe('identifiers are minimised and encrypted', () => {
  it('keeps the name out of the SQLite file in clear (file and WAL after a checkpoint)', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const res = await client.post(
      '/registrations',
      police(c.id, token, { name: 'Zsófia Kovácsné-Várhelyi', phone: '06 12345678', vNumber: '1234567890' }),
    );
    expect(res.status).toBe(303);
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(page).toContain('Zsófia Kovácsné-Várhelyi');
    const bytes = await storedBytes(t.deps);
    for (const needle of ['Zsófia', 'Kovácsné', 'Zs\\u00f3fia', '1234567890', '612345678'])
      expect(bytes.includes(Buffer.from(needle, 'utf8'))).toBe(false);
    // the same check would find a clear value: the free text is stored in clear
    expect(bytes.includes(Buffer.from('Politie Rotterdam', 'utf8'))).toBe(true);
  });

  it('shows identifiers on the registration page to an agent, masked to a coordinator without consent to share', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const region = await saveCareRegion(
      t.deps,
      null,
      {
        name: 'Rijnmond',
        covers: 'Rotterdam',
        coordinatorOrg: 'Zorg R',
        coordinatorEmail: null,
        hasCoordinator: false,
      },
      { id: 1, ip: null },
    );
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const res = await client.post(
      '/registrations',
      police(c.id, token, { name: 'Maria Vasquez', careRegion: String(region) }),
    );
    const path = res.headers.get('location')!.replace('?saved=1', '');
    const coord = await signedIn(t, ['coordinator']);
    await setCareRegionsOfUser(t.deps, coord.user.id, [region]);
    const coordPage = await (await coord.client.get(path)).text();
    expect(coordPage).not.toContain('Maria Vasquez');
    expect(coordPage).toContain('hidden for your role');
    const list = await (await client.get('/registrations')).text();
    expect(list).toContain('REG-2026-000001');
    expect(list).not.toContain('Maria Vasquez');
  });
});

describe('likely duplicates, found without decrypting', () => {
  it('warns with the earlier reference before saving, then links or saves as the agent decides (audited)', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c1 = await makeContact(t);
    const c2 = await makeContact(t);
    const f1 = await openForm(client, c1.id);
    await client.post('/registrations', police(c1.id, f1.token, { name: 'José Álvarez García', birthYear: '1990' }));
    const f2 = await openForm(client, c2.id);
    // accents, case and word order do not count
    const second = police(c2.id, f2.token, { name: 'garcia, jose ALVAREZ', birthYear: '1990' });
    const warned = await client.post('/registrations', second);
    expect(warned.status).toBe(409);
    const html = await warned.text();
    expect(html).toContain('may already be registered: REG-2026-000001');
    // Enter in a field presses the form's first submit button: that is "save" (warns again), never "link"
    const firstSubmit = /<button type="submit"[^>]*>/.exec(html.slice(html.indexOf('class="registration-form"')))![0];
    expect(firstSubmit).not.toContain('name="duplicate"');
    expect(await regCount(t)).toBe(1);
    // "save and add another" survives the warning: linking answers a fresh form with the shared fields kept
    const warnedAnother = await client.post('/registrations', { ...second, another: '1' });
    expect(warnedAnother.status).toBe(409);
    expect(await warnedAnother.text()).toContain('name="another" value="1"');
    const linkedAnother = await client.post('/registrations', { ...second, another: '1', duplicate: 'link:1' });
    expect(linkedAnother.status).toBe(200);
    expect(await linkedAnother.text()).toContain('The contact is linked to REG-2026-000001.');
    const linked = await client.post('/registrations', { ...second, duplicate: 'link:1' });
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toMatch(/^\/registrations\/1\b/);
    expect(await regCount(t)).toBe(1);
    const c3 = await makeContact(t);
    const f3 = await openForm(client, c3.id);
    const other = await client.post('/registrations', {
      ...police(c3.id, f3.token, { name: 'Jose Alvarez Garcia', birthYear: '1990' }),
      duplicate: 'new',
    });
    expect(other.status).toBe(303);
    expect(await regCount(t)).toBe(2);
    const actions = (await t.deps.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toContain('registration.duplicate.link');
    expect(actions).toContain('registration.duplicate.continue');
  });

  it('finds the same phone number written another way', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const f1 = await openForm(client, c.id);
    await client.post('/registrations', police(c.id, f1.token, { phone: '+31 6 1234 5678' }));
    const f2 = await openForm(client, c.id);
    const res = await client.post('/registrations', police(c.id, f2.token, { phone: '0031-612345678', birthYear: '' }));
    expect(res.status).toBe(409);
  });
});

describe('care coordination', () => {
  async function withRegions(t: TestApp, email = 'coordinator@zorg-rijnmond.test') {
    const admin = await makeUser(t.deps, ['admin']);
    const actor = { id: admin.id, ip: null };
    const withCoordinator = await saveCareRegion(
      t.deps,
      null,
      {
        name: 'Rijnmond',
        covers: 'Rotterdam',
        coordinatorOrg: 'Zorg R',
        coordinatorEmail: email,
        hasCoordinator: true,
      },
      actor,
    );
    const without = await saveCareRegion(
      t.deps,
      null,
      { name: 'Zeeland', covers: 'Zeeland', coordinatorOrg: '', coordinatorEmail: null, hasCoordinator: false },
      actor,
    );
    return { withCoordinator, without };
  }

  it('mails the region’s coordinator a link only: no name, nationality or detail (caught on loopback SMTP)', async () => {
    catcher = await startCatcher();
    const t = await app({ SMTP_URL: catcher.url, MAIL_FROM: 'Helpdesk <meldpunt@baken.test>' });
    worker = startOutboxWorker(t.deps, { intervalMs: 3_600_000 });
    const { withCoordinator } = await withRegions(t);
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const res = await client.post(
      '/registrations',
      police(c.id, token, {
        name: 'Oksana Shevchenko',
        phone: '0612345678',
        nationality: ['UA'],
        careRegion: String(withCoordinator),
        shelterRequested: 'yes',
        consentCare: 'yes',
        notes: 'werkt in kas Westland',
      }),
    );
    expect(res.status).toBe(303);
    const id = /\/registrations\/(\d+)/.exec(res.headers.get('location')!)![1];
    await worker.runOnce();
    const [mail] = await catcher.waitFor(1);
    expect(mail!.envelope.to).toEqual(['coordinator@zorg-rijnmond.test']);
    const text = mail!.raw.toString('utf8');
    expect(text).toContain(`http://baken.test/registrations/${id}`);
    for (const secret of ['Oksana', 'Shevchenko', '612345678', 'Ukrain', 'Oekra', 'Westland', 'female'])
      expect(text.includes(secret)).toBe(false);
    // Short values as whole words: random Message-IDs and MIME boundaries may hold "UA" or "1999" by chance.
    for (const word of [/\bUA\b/, /\b1999\b/]) expect(text).not.toMatch(word);
  });

  it('puts a registration asking for care in the centre’s care queue when the region has no coordinator', async () => {
    const t = await app();
    const { without } = await withRegions(t);
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    await client.post(
      '/registrations',
      police(c.id, token, { careRegion: String(without), careRequested: 'yes', consentCare: 'yes' }),
    );
    const tasks = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'subject'])
      .where('queue', '=', 'care')
      .execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.subject).toContain('REG-2026-000001');
    const reg = await t.deps.db.selectFrom('registrations').select('routed_to').executeTakeFirstOrThrow();
    expect(reg.routed_to).toBe('care');
  });

  it('lets a coordinator of one region see only its registrations: 404 on another region’s, never in a list', async () => {
    const t = await app();
    const { withCoordinator, without } = await withRegions(t);
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const f1 = await openForm(client, c.id);
    const mine = await client.post('/registrations', police(c.id, f1.token, { careRegion: String(withCoordinator) }));
    const f2 = await openForm(client, c.id);
    const theirs = await client.post(
      '/registrations',
      police(c.id, f2.token, { careRegion: String(without), birthYear: '1985' }),
    );
    const coord = await signedIn(t, ['coordinator']);
    const admin = await signedIn(t, ['admin']);
    const form = await (await admin.client.get(`/admin/users/${coord.user.id}`)).text();
    expect(form).toContain('name="careRegions"');
    const bad = await admin.client.post(`/admin/users/${coord.user.id}`, {
      name: 'Coördinator Rijnmond',
      email: coord.user.email,
      roles: ['coordinator'],
      active: 'on',
      careRegions: ['99999'],
    });
    expect(bad.status).toBe(422);
    const saved = await admin.client.post(`/admin/users/${coord.user.id}`, {
      name: 'Coördinator Rijnmond',
      email: coord.user.email,
      roles: ['coordinator'],
      active: 'on',
      careRegions: [String(withCoordinator)],
    });
    expect(saved.status).toBe(303);
    const minePath = mine.headers.get('location')!.replace('?saved=1', '');
    const theirsPath = theirs.headers.get('location')!.replace('?saved=1', '');
    expect((await coord.client.get(minePath)).status).toBe(200);
    expect((await coord.client.get(theirsPath)).status).toBe(404);
    expect((await coord.client.get('/registrations/424242')).status).toBe(404);
    const list = await (await coord.client.get('/registrations')).text();
    expect(list).toContain('REG-2026-000001');
    expect(list).not.toContain('REG-2026-000002');
    expect((await coord.client.get('/registrations/new')).status).toBe(403);
    // and updates only its own region's registrations
    const update = { placement: 'cosm', shelterEnds: '2026-09-01', complaint: 'yes', residenceStatus: 'unlawful' };
    expect((await coord.client.post(minePath, update)).status).toBe(303);
    expect((await coord.client.post(theirsPath, update)).status).toBe(404);
    const rows = await t.deps.db.selectFrom('registrations').select(['reference', 'placement']).orderBy('id').execute();
    expect(rows.map((x) => x.placement)).toEqual(['cosm', null]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'registration.update')
      .execute();
    expect(audit).toEqual([
      {
        subject_id: 'REG-2026-000001',
        details: JSON.stringify({ fields: ['placement', 'shelter_ends_on', 'complaint', 'residence_status'] }),
      },
    ]);
    const refused = await coord.client.post(minePath, { ...update, shelterEnds: '2026-13-45', placement: 'castle' });
    expect(refused.status).toBe(422);
    const badHtml = await refused.text();
    expect(badHtml).toContain('value="2026-13-45"');
    expect(badHtml).toContain('Kies een van de genoemde waarden.'); // the coordinator reads Dutch (the default)
    expect(badHtml).toContain('Vul een datum in als JJJJ-MM-DD.');
  });

  it('lets an admin keep the regions, refusing a region with a coordinator but no address', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['admin']);
    const bad = await client.post('/admin/care-regions', { name: 'Twente', hasCoordinator: 'yes' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="Twente"');
    const ok = await client.post('/admin/care-regions', {
      name: 'Twente',
      covers: 'Enschede, Hengelo',
      coordinatorOrg: 'Zorg Twente',
      coordinatorEmail: 'zc@twente.test',
      hasCoordinator: 'yes',
    });
    expect(ok.status).toBe(303);
    expect(await (await client.get('/admin/care-regions')).text()).toContain('zc@twente.test');
    const agent = await signedIn(t, ['agent']);
    expect((await agent.client.get('/admin/care-regions')).status).toBe(403);
  });
});

describe('every view is audited', () => {
  it('writes a registration.view row with who, which registration and whether identifiers were shown', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const { token } = await openForm(client, c.id);
    const res = await client.post('/registrations', police(c.id, token));
    await client.get(res.headers.get('location')!);
    await client.get(res.headers.get('location')!);
    const views = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'registration.view')
      .execute();
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ actor_id: user.id, subject_type: 'registration', subject_id: 'REG-2026-000001' });
    expect(JSON.parse(views[0]!.details)).toEqual({ identifiers: true });
    const f2 = await openForm(client, c.id);
    const other = await client.post('/registrations', police(c.id, f2.token, { birthYear: '1980' }));
    const someoneElse = await signedIn(t, ['supervisor'], 'Sanne Supervisor');
    await someoneElse.client.get(other.headers.get('location')!);
    // "who saw REG-2026-000001": only that registration's rows; "what did this user see": only theirs
    const sup = someoneElse.client;
    const who = await (await sup.get('/audit?registration=reg-2026-000001')).text();
    // The registration is a link to its page (issue 23).
    expect(who).toMatch(/<a href="\/registrations\/\d+">REG-2026-000001<\/a>/);
    expect(who).not.toContain('>REG-2026-000002<');
    const what = await (await sup.get(`/audit?user=${someoneElse.user.id}&action=registration.view`)).text();
    expect(what).toContain('>REG-2026-000002</a>');
    expect(what).not.toContain('>REG-2026-000001</a>');
  });
});

describe('the person’s deadlines', () => {
  it('shows days left, lists them by what runs out first, and raises a task in the right queue once', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const f1 = await openForm(client, c.id);
    // reflection: 2026-02-01 + 30 days = 2026-03-03 (already passed); permit 2026-03-20; shelter 2026-06-30
    const saved = await client.post(
      '/registrations',
      police(c.id, f1.token, {
        nationality: ['NG'],
        residenceStatus: 'dublin',
        reflectionStart: '2026-02-01',
        reflectionDays: '30',
        permitExpires: '2026-03-20',
      }),
    );
    expect(saved.status).toBe(303);
    const f2 = await openForm(client, c.id);
    await client.post('/registrations', police(c.id, f2.token, { birthYear: '1970', shelterEnds: '2026-06-30' }));
    const page = await (await client.get('/deadlines')).text();
    const order = ['03-03-2026', '20-03-2026', '30-06-2026'].map((d) => page.indexOf(d));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('10 days left');
    expect(await raiseDeadlineTasks(t.deps, 10)).toBe(1); // only the permit: within 10 working days, not yet passed
    expect(await raiseDeadlineTasks(t.deps, 10)).toBe(0);
    const tasks = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'subject'])
      .where('channel', '=', 'manual')
      .execute();
    expect(tasks.filter((x) => x.subject.includes('REG-2026-000001 (2026-03-20)'))[0]?.queue).toBe('legal');
  });

  it('raises them from the periodic job started with the background workers, in the care queue for a shelter stay', async () => {
    const t = await app({ DEADLINE_WORKING_DAYS: '3' });
    const { client } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const f = await openForm(client, c.id);
    // Tuesday 10 March: a shelter stay ending Friday 13 March is within 3 working days; one ending the 20th is not
    await client.post('/registrations', police(c.id, f.token, { shelterEnds: '2026-03-13' }));
    const f2 = await openForm(client, c.id);
    await client.post('/registrations', police(c.id, f2.token, { shelterEnds: '2026-03-20', birthYear: '1975' }));
    const stop = startDeadlineJob(t.deps, 3_600_000, 0);
    try {
      await expect
        .poll(async () => (await t.deps.db.selectFrom('registration_deadline_tasks').selectAll().execute()).length)
        .toBe(1);
    } finally {
      await stop();
    }
    const task = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'subject'])
      .where('subject', 'like', 'Opvang eindigt%')
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ queue: 'care', subject: 'Opvang eindigt / shelter stay ends REG-2026-000001 (2026-03-13)' });
  });
});
