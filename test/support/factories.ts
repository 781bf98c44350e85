/**
 * Test data factories: the common state (a user with roles, a signed-in client, a contact, a call's contact, a
 * mail thread) built straight through the services, so that only the tests about a channel go through HTTP,
 * webhooks or SMTP to build it. Each factory leaves the same rows behind as the channel would.
 */
import { randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { writeAudit } from '../../src/audit/audit.queries.js';
import { tokenId } from '../../src/auth/auth.service.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { chooseFromMenu, receiveCall } from '../../src/calls/calls.service.js';
import { createContact, type NewContact } from '../../src/contacts/contacts.service.js';
import type { Deps } from '../../src/deps.js';
import { ingestRaw } from '../../src/email/inbound/ingest.service.js';
import type { Role } from '../../src/users/users.table.js';
import { CSRF_COOKIE, SESSION_COOKIE, sessionCsrfToken } from '../../src/http/session.js';
import { Client, type TestApp } from './test-app.js';

/** The password of every user a factory makes. */
export const PASSWORD = 'correct horse battery';

/**
 * scrypt takes ~400 ms at OWASP's cost (createTestApp lowers it, see PASSWORD_SCRYPT there); the hash of the one
 * test password is computed once per worker and cost, and shared by every user (each user still has a real scrypt
 * hash that signs in through /login).
 */
const passwordHashes = new Map<string, Promise<string>>();
const testPasswordHash = (deps: Deps) => {
  const cost = deps.config.passwordScrypt;
  const key = `${cost.N},${cost.r},${cost.p}`;
  if (!passwordHashes.has(key)) passwordHashes.set(key, hashPassword(PASSWORD, cost));
  return passwordHashes.get(key)!;
};

let seq = 0;
/**
 * A user with the given roles and the known password: the row and `user.create` audit entry that
 * `createUser` writes, without hashing the same password again.
 */
export async function makeUser(deps: Deps, roles: Role[] = ['agent'], name?: string) {
  seq += 1;
  const email = `user${seq}-${roles.join('-')}@baken.test`;
  const now = deps.clock().toISOString();
  const password_hash = await testPasswordHash(deps);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        email,
        name: name ?? `Agent ${seq}`,
        password_hash,
        roles: roles.join(','),
        locale: 'en',
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorId: null,
      action: 'user.create',
      subjectType: 'user',
      subjectId: row.id,
      ip: null,
      details: { roles, active: true },
    });
    return row.id;
  });
  return { id, email, password: PASSWORD };
}

/**
 * Signs a client in without a round trip through /login (tests of sign-in itself use `Client.signIn`): the
 * session row and `login` audit entry that a sign-in over app.request() writes, and its two cookies.
 */
export async function signInDirect(t: TestApp, client: Client, userId: number) {
  const token = randomBytes(32).toString('base64url');
  const at = t.deps.clock().toISOString();
  const id = tokenId(token);
  await t.deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('sessions').values({ id, user_id: userId, created_at: at, last_seen_at: at }).execute();
    // app.request() has no socket, so the sign-in route records the address as 'local'.
    await writeAudit(trx, {
      at,
      actorId: userId,
      action: 'login',
      subjectType: 'user',
      subjectId: userId,
      ip: 'local',
    });
  });
  client.cookies.set(SESSION_COOKIE, token);
  client.cookies.set(CSRF_COOKIE, sessionCsrfToken(t.deps, id));
  return client;
}

/** A client signed in as a new user with these roles. */
export async function signedIn(t: TestApp, roles: Role[] = ['agent'], name?: string) {
  const user = await makeUser(t.deps, roles, name);
  const client = await signInDirect(t, new Client(t.app), user.id);
  return { client, user };
}

/**
 * A contact logged by hand (channel 'manual', incoming, general queue unless told otherwise), through the
 * contacts service as the POST /contacts route does; `actorId` is the agent who logs it.
 */
export async function makeContact(t: TestApp, input: Partial<NewContact> = {}, actorId: number | null = null) {
  return createContact(
    t.deps,
    { channel: 'manual', direction: 'in', subject: 'Vraag', queue: 'general', priority: 'normal', ...input },
    { id: actorId, ip: null },
  );
}

/**
 * A call's contact with its call row, through the calls service as the voice webhook (and, with `digits`, the
 * menu webhook) makes it. Returns the contact id.
 */
export async function makeCall(
  t: TestApp,
  p: { callSid: string; from?: string; digits?: string | null; attempt?: number },
): Promise<number> {
  const params = { callSid: p.callSid, from: p.from ?? '+31612345678' };
  await receiveCall(t.deps, params);
  if (p.digits !== undefined) await chooseFromMenu(t.deps, { ...params, digits: p.digits, attempt: p.attempt ?? 1 });
  const call = await t.deps.db
    .selectFrom('calls')
    .select('contact_id')
    .where('call_sid', '=', p.callSid)
    .executeTakeFirstOrThrow();
  return call.contact_id;
}

/**
 * A mail thread: a raw message stored through the email ingest function, as the SMTP listener hands it over
 * (with the SMTP envelope's sender) after 250. Returns the ingest result (contact id, message row id, whether a contact was made).
 */
export function ingestMail(t: TestApp, envelopeFrom: string | undefined, raw: string | Buffer) {
  return ingestRaw(t.deps, Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { source: 'smtp', envelopeFrom });
}

/** nodemailer's composer without a connection: the same bytes and envelope its SMTP transport would send. */
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });

/**
 * A mail thread from a message composed by nodemailer (from, to, subject, text, html, attachments…), stored
 * through the email ingest function with the envelope sender nodemailer would use.
 */
export async function ingestComposed(t: TestApp, message: SendMailOptions) {
  const info = await composer.sendMail(message);
  return ingestMail(t, info.envelope.from || undefined, info.message as Buffer);
}
