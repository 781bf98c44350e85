import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const ROOT = join(import.meta.dirname, '..', '..');
const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('.env.example', () => {
  it('is a valid development configuration as it stands', () => {
    const config = loadConfig(parseEnv(example));
    expect(config.nodeEnv).toBe('development');
    expect(config.databasePath).toBe('data/baken.sqlite');
    expect(config.backupKeep).toBe(14);
  });

  it('names only variables the README documents', () => {
    const names = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it('stops in production until the keys and the Twilio token are filled in', () => {
    const env = { ...parseEnv(example), NODE_ENV: 'production' };
    let problems: string[] = [];
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATA_KEY', 'AUDIT_KEY', 'TWILIO_AUTH_TOKEN']);
  });
});
