import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeUser } from '../../support/factories.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { freshEmptyPostgres, onPostgres } from '../../support/database.js';
import { MIGRATIONS_DIR, openDatabase } from '../../../src/db/database.js';
import { migrate } from '../../../src/db/migrator.js';
import type { CurrentUser } from '../../../src/http/app-env.js';
import { saveCareRegion } from '../../../src/registrations/care-regions.service.js';
import { updateRegistration, updateValuesOf } from '../../../src/registrations/registration-update.service.js';
import { setShelterStayIn } from '../../../src/registrations/shelter-stay.service.js';
import { childrenOf, findRegistration } from '../../../src/registrations/registrations.queries.js';
import { runPurge } from '../../../src/retention/retention.service.js';
import {
  directRegistrationStats,
  rebuildRegistrationStats,
  storedRegistrationStats,
} from '../../../src/statistics/registration-stats.queries.js';
import {
  type CountDimension,
  type Filter,
  registrationCounts,
  registrationTotals,
} from '../../../src/statistics/statistics.queries.js';
import { PAGE_DIMENSIONS, registrationTable, tableOf } from '../../../src/statistics/statistics.service.js';
import { PERIODS } from '../../../src/statistics/dimensions.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app() {
  const t = await createTestApp({}, { now: '2026-11-20T10:00:00Z' });
  apps.push(t);
  return t;
}

type Row = { dimension: string; day: string; value: string; n: number };
const sorted = (rows: Row[]) => rows.map((r) => `${r.dimension}|${r.day}|${r.value}|${Number(r.n)}`).sort();

/** A small seeded generator (mulberry32): the same "random" registrations on every run and both databases. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const some = <T>(list: readonly T[], max: number) =>
    Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(list));
  return { next, pick, some };
}

const NATIONALITIES = ['NL', 'RO', 'BG', 'PL', 'NG', 'UA', 'VN', 'XX', 'XS', 'CH', 'NO', 'ER'];
const FORMS = ['sexual', 'labour', 'criminal', 'begging', 'organ'];
const NEEDS = ['medical', 'psychological', 'addiction'];
const DAYS = ['2024-12-31', '2025-01-01', '2025-03-31', '2025-04-01', '2025-07-15', '2025-12-31', '2026-02-01'];

/** The table of one dimension as the registrations give it counted directly (what the page showed before). */
async function directTable(t: TestApp, by: CountDimension, f: Filter) {
  const summary = await registrationTable(t.deps, by, f);
  const [counts, totals] = await Promise.all([registrationCounts(t.deps.db, by, f), registrationTotals(t.deps.db, f)]);
  // The summary's columns as the known ones: a column either side has that the other has not shows as a difference.
  return tableOf(summary.columns, counts, new Map(totals.map((x) => [x.period, Number(x.n)])), f.period);
}

describe('the registration summary', () => {
  it('counts exactly what a direct count of the registrations gives, over random registrations and changes', async () => {
    const t = await app();
    const { user } = await signedIn(t, ['supervisor']);
    const supervisor: CurrentUser = { id: user.id, email: user.email, name: 'S', roles: ['supervisor'], locale: 'en' };
    const actor = { id: user.id, ip: null };
    const regionA = await saveCareRegion(
      t.deps,
      null,
      { name: 'Noord', covers: 'Groningen', coordinatorOrg: 'Org', coordinatorEmail: null, hasCoordinator: false },
      actor,
    );
    const r = random(28);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const birthYear = r.pick([null, 1960, 1990, 2001, 2010, 2015]);
      ids.push(
        await makeRegistration(t, user.id, {
          reportedOn: r.pick(DAYS),
          dossierType: r.pick(['registration', 'registration_shelter', 'registration_advice']),
          reporterType: r.pick(['police', 'kmar', 'self', 'unknown']),
          region: r.pick(['rotterdam', 'amsterdam', 'unknown']),
          careRegionId: r.pick([null, regionA]),
          gender: r.pick(['female', 'male', 'other', 'unknown']),
          birthYear,
          nationalities: [...new Set(r.some(NATIONALITIES, 3))],
          exploitation: [...new Set(r.some(FORMS, 2))],
          sector: r.pick([null, 'window', 'club']),
          placement: r.pick([null, 'cosm', 'omm']),
          shelterRequested: r.next() < 0.3,
          complaint: r.pick(['yes', 'no', 'unknown']),
          residenceStatus: r.pick(['nl', 'eu', 'unknown']),
          careNeeds: [...new Set(r.some(NEEDS, 2))],
          sub3Case: r.next() < 0.2,
          minorAtExploitation: r.pick(['yes', 'no', 'unknown']),
          otherCooperation: r.pick(['yes', 'no', 'unknown']),
        }),
      );
    }
    expect(sorted(await storedRegistrationStats(t.deps.db))).toEqual(sorted(await directRegistrationStats(t.deps.db)));

    // Changes of counted fields through the update form and through a shelter stay (COSM), in random order.
    for (let i = 0; i < 25; i++) {
      const id = r.pick(ids);
      if (r.next() < 0.5) {
        await t.deps.db
          .transaction()
          .execute((trx) =>
            setShelterStayIn(
              t.deps,
              trx,
              id,
              { placement: r.pick(['cosm', 'omm', 'women_shelter']), shelterEndsOn: null },
              actor,
            ),
          );
        continue;
      }
      const row = (await findRegistration(t.deps.db, id))!;
      const values = updateValuesOf(row, (await childrenOf(t.deps.db, id)).nationalities);
      const res = await updateRegistration(
        t.deps,
        id,
        {
          dossierType: r.pick(['registration', 'registration_shelter', 'registration_advice']),
          placement: r.pick([null, 'cosm', 'omm']),
          shelterEnds: null,
          permitExpires: null,
          reflectionStart: null,
          reflectionDays: null,
          reflectionOffered: r.pick(['yes', 'no', 'unknown'] as const),
          reflectionOfferedBy: r.pick([null, 'police', 'kmar']),
          reflectionOverrideReason: '',
          reflectionEuConfirmed: false,
          complaint: r.pick(['yes', 'no', 'unknown']),
          complaintOn: null,
          otherCooperation: r.pick(['yes', 'no', 'unknown']),
          residenceStatus: values.residenceStatus,
        },
        supervisor,
        null,
      );
      expect(res.problems).toEqual([]);
    }
    const stored = await storedRegistrationStats(t.deps.db);
    expect(sorted(stored)).toEqual(sorted(await directRegistrationStats(t.deps.db)));
    expect(stored.filter((x) => x.dimension === 'nationality_group').length).toBeGreaterThan(3);
    expect(stored.some((x) => x.dimension === 'care_region' && x.value === String(regionA))).toBe(true);

    // Every table of the page, every period, the whole range and random ranges: as counted directly.
    const ranges: [string, string][] = [
      ['', ''],
      ['2025-01-01', '2025-12-31'],
      ['2025-04-01', ''],
      ['', '2025-03-31'],
    ];
    for (let i = 0; i < 4; i++) {
      const a = r.pick(DAYS);
      const b = r.pick(DAYS);
      ranges.push(a <= b ? [a, b] : [b, a]);
    }
    for (const by of PAGE_DIMENSIONS.filter((d): d is CountDimension => d !== 'signal' && d !== 'reporter_group'))
      for (const period of PERIODS)
        for (const [from, to] of ranges) {
          const f = { period, from, to };
          expect(await registrationTable(t.deps, by, f), `${by} ${period} ${from}..${to}`).toEqual(
            await directTable(t, by, f),
          );
        }
  });

  it('takes nothing into the summary from a registration change whose transaction rolls back', async () => {
    const t = await app();
    const agent = await makeUser(t.deps, ['agent']);
    const id = await makeRegistration(t, agent.id, { placement: null });
    const before = sorted(await storedRegistrationStats(t.deps.db));
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await setShelterStayIn(t.deps, trx, id, { placement: 'cosm', shelterEndsOn: null }, { id: agent.id, ip: null });
        throw new Error('the caller fails after the change');
      }),
    ).rejects.toThrow('the caller fails');
    expect(sorted(await storedRegistrationStats(t.deps.db))).toEqual(before);
    expect(before).toContain('placement|2026-02-01|unknown|1');
  });

  it('moves a registration to its new placement in the page’s CSV table, counted once', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    const id = await makeRegistration(t, user.id, { placement: null });
    await makeRegistration(t, user.id, { placement: null });
    await t.deps.db
      .transaction()
      .execute((trx) =>
        setShelterStayIn(t.deps, trx, id, { placement: 'omm', shelterEndsOn: null }, { id: user.id, ip: null }),
      );
    const res = await client.get('/statistics/table.csv?by=placement&period=year');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [head, row] = (await res.text())
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    expect(row?.[head!.indexOf('omm')]).toBe('1');
    expect(row?.[head!.indexOf('unknown')]).toBe('1');
    expect(row?.at(-1)).toBe('2');
  });

  it('keeps the counts when retention blanks a registration’s identifying fields', async () => {
    const t = await app();
    const agent = await makeUser(t.deps, ['agent']);
    const id = await makeRegistration(t, agent.id, { name: 'Ana Popescu', nationalities: ['RO', 'BG'] });
    await t.deps.db.updateTable('registrations').set({ updated_at: '2020-01-01T00:00:00Z' }).execute();
    const before = sorted(await storedRegistrationStats(t.deps.db));
    await runPurge(t.deps, new Date('2031-06-01T00:00:00Z'));
    const row = await t.deps.db.selectFrom('registrations').select('name_enc').where('id', '=', id).executeTakeFirst();
    expect(row?.name_enc).toBeNull();
    expect(sorted(await storedRegistrationStats(t.deps.db))).toEqual(before);
    expect(before).toContain('nationality_group|2026-02-01|eu|1');
  });

  it('is rebuilt from the registrations exactly as kept (a bulk load that wrote them directly)', async () => {
    const t = await app();
    const agent = await makeUser(t.deps, ['agent']);
    for (const nationalities of [['NL'], [], ['XX', 'NG'], ['RO', 'PL']])
      await makeRegistration(t, agent.id, { nationalities });
    const kept = sorted(await storedRegistrationStats(t.deps.db));
    await rebuildRegistrationStats(t.deps.db);
    expect(sorted(await storedRegistrationStats(t.deps.db))).toEqual(kept);
    expect(kept).toContain('nationality|2026-02-01|XX|2');
  });
});

describe('migration 0046', () => {
  it('counts the registrations made before it, as a direct count gives them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baken-0046-'));
    const pg = onPostgres() ? await freshEmptyPostgres() : null;
    const { db } = openDatabase(pg ? pg.url : join(dir, 'baken.sqlite'));
    try {
      const before = join(dir, 'migrations');
      for (const sub of ['', 'postgres']) {
        mkdirSync(join(before, sub), { recursive: true });
        for (const f of readdirSync(join(MIGRATIONS_DIR, sub)))
          if (f.endsWith('.sql') && !f.startsWith('0046'))
            copyFileSync(join(MIGRATIONS_DIR, sub, f), join(before, sub, f));
      }
      await migrate(db, before);
      const r = random(46);
      for (let id = 1; id <= 30; id++) {
        await sql`INSERT INTO registrations (id, form_token, reported_on, gender, sector, minor, placement,
            care_region_id, reflection_offered_by, created_at, updated_at)
          VALUES (${id}, ${`t${id}`}, ${r.pick(DAYS)}, ${r.pick(['female', 'male'])}, ${r.pick([null, 'club'])},
            ${r.pick([null, 0, 1])}, ${r.pick([null, 'cosm'])}, null, ${r.pick([null, 'police'])},
            '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z')`.execute(db);
        for (const code of new Set(r.some(NATIONALITIES, 3)))
          await sql`INSERT INTO registration_nationalities (registration_id, code) VALUES (${id}, ${code})`.execute(db);
        for (const need of new Set(r.some(NEEDS, 2)))
          await sql`INSERT INTO registration_care_needs (registration_id, need) VALUES (${id}, ${need})`.execute(db);
      }
      expect(await migrate(db)).toContain('0046_registration_summary.sql');
      const stored = await storedRegistrationStats(db);
      expect(sorted(stored)).toEqual(sorted(await directRegistrationStats(db)));
      expect(stored.filter((x) => x.dimension === 'total').reduce((a, x) => a + x.n, 0)).toBe(30);
    } finally {
      await db.destroy();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
