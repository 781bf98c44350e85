// The benchmark's fair yardstick (bench/bare-server.ts, POST /voice) must run the very statements Baken's voice
// webhook runs, or its ratio (docs/performance.md) compares different work. SQLite only: the texts are SQLite's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voiceRequest } from '../../../bench/voice.js';
import { VOICE_STATEMENTS } from '../../../bench/voice-statements.js';
import type { DriverStats } from '../../../src/db/sqlite-driver.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const onPostgres = /^postgres/.test(process.env.TEST_DATABASE_URL ?? '');
const PUBLIC = 'http://baken.test';
const TOKEN = 'yardstick-token';
const stats = (reset = false) =>
  (globalThis as { __bakenSqliteStats?: (reset?: boolean) => DriverStats[] }).__bakenSqliteStats?.(reset) ?? [];

describe.skipIf(onPostgres)('the benchmark yardstick', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, DEV_TOOLS: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = async (i: string) => {
    const r = voiceRequest(PUBLIC, TOKEN, i);
    return t.app.request(`${PUBLIC}${r.path}`, { method: 'POST', body: r.body, headers: r.headers });
  };

  it("runs the same SQL, in the same order, as Baken's voice webhook for a new call", async () => {
    expect((await call('first')).status).toBe(200);
    stats(true);
    const res = await call('second');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    // Anything run after the COMMIT, once the request has been answered, would show here too.
    await new Promise((r) => setTimeout(r, 20));
    const ran = stats().flatMap((s) => [...s.bySql.keys()]);
    expect(ran).toEqual(Object.values(VOICE_STATEMENTS));
  });

  it('a repeated webhook of a logged call runs only the lookup of the call', async () => {
    expect((await call('third')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    stats(true);
    const res = await call('third');
    expect(res.status).toBe(200);
    const ran = stats().flatMap((s) => [...s.bySql.keys()]);
    expect(ran).toEqual([VOICE_STATEMENTS.findCall]);
  });
});
