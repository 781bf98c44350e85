import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, makeUser, signedIn, type TestApp } from '../../support/test-app.js';
import { ROLES } from '../../../src/users/users.table.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const audit = (action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const user = (id: number) => t.deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const NEW_PASSWORD = 'a brand new passphrase';

describe('the account page', () => {
  it.each(ROLES)(
    'is there for a signed-in %s, linked from the navigation, with the signature and password forms',
    async (role) => {
      const { client } = await signedIn(t, [role]);
      const res = await client.get('/account');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<a href="/account"');
      expect(html).toContain('<label for="signature_nl">Signature in Dutch</label>');
      expect(html).toContain('<label for="signature_en">Signature in English</label>');
      expect(html).toContain('<label for="current">Current password</label>');
      expect(html).toContain('<label for="password">New password</label>');
      expect(html).toContain('<label for="confirm">New password again</label>');
    },
  );

  it('sends a visitor who is not signed in to the sign-in page, and refuses its forms without the CSRF token', async () => {
    const anonymous = new Client(t.app);
    const res = await anonymous.get('/account');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Faccount');
    expect((await anonymous.post('/account/signature', { signature_nl: 'x' })).status).toBe(302);
    const { client } = await signedIn(t);
    expect((await client.post('/account/signature', { signature_nl: 'x', _csrf: 'y'.repeat(32) })).status).toBe(403);
    expect((await client.post('/account/password', { current: 'x', _csrf: 'y'.repeat(32) })).status).toBe(403);
    expect(await audit('user.signature')).toHaveLength(0);
  });
});

describe('signatures', () => {
  it('saves a signature per language, shows it again, and audits which languages changed without the text', async () => {
    const { client, user: u } = await signedIn(t);
    const res = await client.post('/account/signature', {
      signature_nl: 'Met vriendelijke groet,\r\nEva',
      signature_en: '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?saved=signature');
    expect(await user(u.id)).toMatchObject({ signature_nl: 'Met vriendelijke groet,\nEva', signature_en: null });
    const page = await (await client.get('/account?saved=signature')).text();
    expect(page).toContain('Your signatures are saved.');
    expect(page).toContain('Met vriendelijke groet,\nEva</textarea>');
    const [entry] = await audit('user.signature');
    expect(JSON.parse(entry!.details)).toEqual({ changed: ['nl'] });
    expect(entry!.details).not.toContain('Eva');
    // Saving the same again changes nothing and audits nothing.
    await client.post('/account/signature', { signature_nl: 'Met vriendelijke groet,\nEva', signature_en: '' });
    expect(await audit('user.signature')).toHaveLength(1);
  });

  it('refuses a signature over the limit with 422, the text kept by the field, and nothing saved', async () => {
    const { client, user: u } = await signedIn(t);
    const res = await client.post('/account/signature', { signature_nl: 'Kort', signature_en: 'x'.repeat(1001) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This is too long (at most 1000 characters).');
    expect(html).toContain('id="signature_en-error"');
    expect(html).toContain('>Kort</textarea>');
    expect(html).toContain(`${'x'.repeat(1001)}</textarea>`);
    expect(await user(u.id)).toMatchObject({ signature_nl: null, signature_en: null });
  });

  it('shows hostile text as text, never as markup', async () => {
    const { client } = await signedIn(t);
    await client.post('/account/signature', { signature_nl: '<script>alert(1)</script>', signature_en: '' });
    const html = await (await client.get('/account')).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });
});

describe('changing one’s own password', () => {
  it('refuses a wrong current password with 422, audited, and the password unchanged', async () => {
    const { client, user: u } = await signedIn(t);
    const before = (await user(u.id)).password_hash;
    const res = await client.post('/account/password', {
      current: 'not my password',
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Your current password is not right.');
    expect((await user(u.id)).password_hash).toBe(before);
    const [entry] = await audit('user.password.failed');
    expect(entry).toMatchObject({ actor_id: u.id, subject_id: String(u.id) });
    expect(entry!.details).not.toContain('not my password');
  });

  it.each([
    ['the two new passwords differ', { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, 'are not the same'],
    ['the new password is too short', { password: 'short', confirm: 'short' }, 'At least 10 characters.'],
    ['the new password is the current one', { password: 'SAME', confirm: 'SAME' }, 'other than your current one'],
    [
      'the new password is oversized',
      { password: 'x'.repeat(201), confirm: 'x'.repeat(201) },
      'at most 200 characters',
    ],
  ])('refuses with 422 when %s, and sends no password back', async (_name, form, message) => {
    const { client, user: u } = await signedIn(t);
    const before = (await user(u.id)).password_hash;
    const fill = (s: string) => (s === 'SAME' ? u.password : s);
    const res = await client.post('/account/password', {
      current: u.password,
      password: fill(form.password),
      confirm: fill(form.confirm),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).not.toContain(u.password);
    expect(html).not.toContain(NEW_PASSWORD);
    expect((await user(u.id)).password_hash).toBe(before);
    expect(await audit('user.password')).toHaveLength(0);
  });

  it('changes the password: this session goes on, the other sessions end, the new password signs in and the old does not; audited without it', async () => {
    const u = await makeUser(t.deps, ['agent']);
    const here = new Client(t.app);
    await here.signIn(u.email, u.password);
    const elsewhere = new Client(t.app);
    await elsewhere.signIn(u.email, u.password);
    expect((await elsewhere.get('/contacts')).status).toBe(200);

    const res = await here.post('/account/password', {
      current: u.password,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?saved=password');
    expect(await (await here.get('/account?saved=password')).text()).toContain('Your password is changed.');
    expect((await here.get('/contacts')).status).toBe(200);
    const other = await elsewhere.get('/contacts');
    expect(other.status).toBe(302);
    expect(other.headers.get('location')).toMatch(/^\/login/);

    expect((await new Client(t.app).post('/login', { email: u.email, password: u.password })).status).toBe(422);
    expect((await new Client(t.app).post('/login', { email: u.email, password: NEW_PASSWORD })).status).toBe(303);

    const [entry] = await audit('user.password');
    expect(entry).toMatchObject({ actor_id: u.id, subject_type: 'user', subject_id: String(u.id) });
    expect(JSON.parse(entry!.details)).toEqual({ sessionsEnded: 1 });
    expect(entry!.details).not.toContain(NEW_PASSWORD);
    expect(entry!.details).not.toContain(u.password);
  });

  it('refuses the password form after five wrong current passwords (429), without locking the real user out of signing in', async () => {
    const { client, user: u } = await signedIn(t);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await client.post('/account/password', {
            current: `wrong ${i}`,
            password: NEW_PASSWORD,
            confirm: NEW_PASSWORD,
          })
        ).status,
      ).toBe(422);
    const res = await client.post('/account/password', {
      current: u.password,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many failed attempts');
    expect((await new Client(t.app).post('/login', { email: u.email, password: u.password })).status).toBe(303);
    expect(await audit('user.password')).toHaveLength(0);
    t.clock.advance(15 * 60_000 + 1000);
    expect(
      (await client.post('/account/password', { current: u.password, password: NEW_PASSWORD, confirm: NEW_PASSWORD }))
        .status,
    ).toBe(303);
  });
});

describe('the interface language', () => {
  it('is still chosen on the account page, and a value that does not exist is refused with 422', async () => {
    const { client } = await signedIn(t);
    expect((await client.post('/account', { locale: 'fr' })).status).toBe(422);
    expect((await client.post('/account', { locale: 'nl' })).status).toBe(303);
    expect(await (await client.get('/account?saved=1')).text()).toContain('Je instellingen zijn opgeslagen.');
  });
});
