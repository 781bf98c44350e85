import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Returns the 32-byte field key: DATA_KEY when set; otherwise the key kept in `<dataDir>/data.key`, generated
 * on first use (owner-only) with a warning, so a newcomer's desk starts without setup. Outside development the
 * key file beside the data is refused unless `allowInDataDir` (DATA_KEY_IN_DATA_DIR=allow) says so.
 */
export function resolveDataKey(
  configured: string | undefined,
  dataDir: string,
  warn: (msg: string) => void,
  opts: { development?: boolean; allowInDataDir?: boolean } = {},
): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (opts.development === false && !opts.allowInDataDir)
    throw new Error(
      'DATA_KEY is not set and a key file inside DATA_DIR is refused outside development; set DATA_KEY (or DATA_KEY_IN_DATA_DIR=allow)',
    );
  const file = join(dataDir, 'data.key');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  warn(
    `DATA_KEY is not set: generated a key into ${file}. Set DATA_KEY in production and keep it safe; without it the encrypted fields cannot be read.`,
  );
  return key;
}
