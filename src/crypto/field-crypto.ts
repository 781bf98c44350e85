import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Encrypts identifying fields (AES-256-GCM) and makes keyed hashes (HMAC-SHA256) of their normalised form,
 * so an exact phone number or email address can be found without decrypting anything.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'baken/field-encryption/v1', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'baken/field-hash/v1', 32));
  }

  /** Encrypts a value as `v1.<iv>.<tag>.<ciphertext>` (base64url); null stays null. */
  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
      '.',
    );
  }

  /** Decrypts what encrypt() made; throws when the value was tampered with or the key is wrong. */
  decrypt(value: string | null | undefined): string | null {
    if (!value) return null;
    const [v, iv, tag, ct] = value.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not an encrypted field');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of an already normalised value, namespaced by kind so equal strings of different kinds differ. */
  hash(kind: 'phone' | 'email' | 'name' | 'dob' | 'login', normalised: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}\u0000${normalised}`).digest('base64url');
  }

  /** Signs arbitrary text (Message-IDs, links) with a key derived from DATA_KEY. */
  sign(purpose: string, text: string): string {
    return createHmac('sha256', this.hashKey).update(`sign\u0000${purpose}\u0000${text}`).digest('base64url');
  }
}

/** Normalises a phone number to E.164 (Dutch numbers without country code assumed), or null when it is not one. */
export function normalisePhone(input: string | null | undefined): string | null {
  if (!input) return null;
  // A call's number is normalised twice in its request (the call, then its contact): the last answer is kept.
  // Only the last one: a cache of many would keep recent callers' numbers in memory for no other gain.
  if (input === lastPhone.input) return lastPhone.output;
  const output = parsePhone(input);
  lastPhone.input = input;
  lastPhone.output = output;
  return output;
}
const lastPhone: { input: string | null; output: string | null } = { input: null, output: null };

function parsePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+()\d\s.\-/]{3,32}$/.test(trimmed)) return null;
  const p = parsePhoneNumberFromString(trimmed.replace(/^00/, '+'), 'NL');
  if (!p?.isPossible()) return null;
  return p.number;
}

/** Lower-cases and trims an email address; null when it does not look like one. */
export function normaliseEmail(input: string | null | undefined): string | null {
  if (!input) return null;
  const e = input.trim().toLowerCase();
  return /^[^\s@<>]{1,64}@[^\s@<>]{1,255}\.[^\s@<>]{1,63}$/.test(e) ? e : null;
}

/** Shows a number as `+316••••••78`: the country and first digit, then only the last two digits. */
export function maskPhone(e164: string): string {
  if (e164.length <= 6) return '•'.repeat(e164.length);
  return e164.slice(0, 4) + '•'.repeat(e164.length - 6) + e164.slice(-2);
}

/** Shows an address as `j•••@politie.nl`: the organisation's domain stays readable. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${(local ?? '').slice(0, 1)}•••@${domain ?? ''}`;
}
