import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The file a generated audit key is kept in, inside DATA_DIR (apart from data.key). */
const AUDIT_KEY_FILE = 'audit.key';

/**
 * Returns the 32-byte key that seals the audit chain: AUDIT_KEY when set; otherwise the key kept in
 * `<dataDir>/audit.key`, generated on first use (owner-only) with a warning — as DATA_KEY's, but a key of its own,
 * so whoever holds the field key cannot rewrite the audit log unseen. Outside development the file is refused unless
 * `allowInDataDir` (AUDIT_KEY_IN_DATA_DIR=allow). `create: false` (the verifier) never generates one.
 */
export function resolveAuditKey(
  configured: string | undefined,
  dataDir: string,
  warn: (msg: string) => void,
  opts: { development?: boolean; allowInDataDir?: boolean; create?: boolean } = {},
): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (opts.development === false && !opts.allowInDataDir)
    throw new Error(
      'AUDIT_KEY is not set and a key file inside DATA_DIR is refused outside development; set AUDIT_KEY (or AUDIT_KEY_IN_DATA_DIR=allow)',
    );
  const file = join(dataDir, AUDIT_KEY_FILE);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold base64 of 32 bytes`);
    return key;
  }
  if (opts.create === false) throw new Error(`AUDIT_KEY is not set and ${file} does not exist`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  warn(
    `AUDIT_KEY is not set: generated a key into ${file}. Set AUDIT_KEY in production (apart from DATA_KEY and the data); without it the audit log cannot be verified.`,
  );
  return key;
}
