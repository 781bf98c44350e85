import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Returns the 32-byte field key: DATA_KEY when set; otherwise (never in production) the key kept in
 * `<dataDir>/data.key`, generated on first use with a warning, so a newcomer's desk starts without setup.
 */
export function resolveDataKey(configured: string | undefined, dataDir: string, warn: (msg: string) => void): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(dataDir, 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  warn(
    `DATA_KEY is not set: generated a key into ${file}. Set DATA_KEY in production and keep it safe; without it the encrypted fields cannot be read.`,
  );
  return key;
}
