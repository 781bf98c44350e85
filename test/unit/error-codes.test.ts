import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/errors.js';
import { AppError } from '../../src/shared/app-error.js';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every feature's table of error codes (src/<feature>/<feature>.errors.ts), by feature. */
async function tables(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const dir of readdirSync(SRC, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const file = join(SRC, dir.name, `${dir.name}.errors.ts`);
    if (!readdirSync(join(SRC, dir.name)).includes(`${dir.name}.errors.ts`)) continue;
    const mod = (await import(file)) as Record<string, Record<string, number>>;
    out[dir.name] = Object.assign({}, ...Object.values(mod));
  }
  return out;
}

describe('error codes: a typed union per feature, mapped to responses in one place', () => {
  it('gives every code to one feature only, so the one table never hides a second status', async () => {
    const owners = new Map<string, string[]>();
    for (const [feature, codes] of Object.entries(await tables()))
      for (const code of Object.keys(codes)) owners.set(code, [...(owners.get(code) ?? []), feature]);
    const twice = [...owners].filter(([, fs]) => fs.length > 1).map(([c, fs]) => `${c}: ${fs.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('joins every feature table into the one table, with an HTTP error status for each code', async () => {
    const all = Object.assign({}, ...Object.values(await tables())) as Record<string, number>;
    expect(ERROR_STATUS).toEqual(all);
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect([400, 401, 403, 404, 409, 413, 422, 429, 500, 503]).toContain(status);
    }
  });

  it('answers an AppError with the status its code has in the table', () => {
    expect(new AppError('contact_not_found').status).toBe(404);
    expect(new AppError('contact_version_conflict', 'changed').status).toBe(409);
    expect(new AppError('may_not_call_back').message).toBe('may_not_call_back');
  });
});
