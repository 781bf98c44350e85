import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const TOTP = { algorithm: 'sha1', digits: 6, period: 30 } as const;

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), Base32. */
export const newTotpSecret = () => generateSecret({ length: 20 });

/** The `otpauth://totp/…` URI an authenticator app reads from the QR code. */
export const otpauthUri = (secret: string, account: string) =>
  generateURI({ issuer: 'Baken', label: account, secret, ...TOTP });

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Checks a six-digit code at an instant, allowing one step of clock drift either way. A code whose step is not
 * after `lastStep` (the step of the last accepted code) is a replay and refused, even when it is right.
 */
export async function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: 30, ...TOTP }).catch(() => null);
  if (!result?.valid) return { ok: false, reason: 'wrong' };
  const step = 'timeStep' in result ? result.timeStep : Math.floor(epoch / TOTP.period) + result.delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}
