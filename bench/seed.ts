import { existsSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase, sqliteHandleOf } from '../src/db/database.js';
import { migrate } from '../src/db/migrator.js';
import { sql } from 'kysely';
import { FieldCrypto, maskPhone } from '../src/crypto/field-crypto.js';

const WORDS = (
  'bedenktijd verblijfsvergunning aangifte opvang noodbed slachtoffer uitbuiting arbeidsuitbuiting seksuele criminele loverboy ' +
  'advocaat politie marechaussee inspectie gemeente azc asiel dublin minderjarig voogd nidos werkgever loon paspoort schuld dwang ' +
  'reflection period residence permit shelter report police lawyer victim exploitation forced labour passport debt employer wage ' +
  'vraag cliënt cliënte terugbellen informatie doorverwezen zorgcoördinator regio rotterdam amsterdam utrecht zeeland groningen ' +
  'limburg brabant twente schiphol bouw landbouw horeca schoonmaak distributie prostitutie massagesalon vrachtwagen kas fabriek'
).split(' ');

/** One synthetic contact with its full-text row (`id` from 1 to `count`, oldest first). */
export interface SyntheticContact {
  row: (string | number | null)[];
  subject: string;
  body: string;
}
/** The contacts table's columns in the order of SyntheticContact.row. */
export const CONTACT_COLUMNS = [
  'id',
  'reference',
  'channel',
  'direction',
  'started_at',
  'in_office_hours',
  'party_org',
  'party_type',
  'party_phone_enc',
  'party_phone_hash',
  'party_phone_mask',
  'subject',
  'queue',
  'status',
  'priority',
  'assignee_id',
  'due_at',
  'created_at',
  'updated_at',
] as const;

/** The same synthetic contacts for every database and run (a fixed pseudo-random sequence). */
export function* syntheticContacts(count: number, dataKey: Buffer): Generator<SyntheticContact> {
  const crypto = new FieldCrypto(dataKey);
  const channels = ['phone', 'phone', 'email', 'voicemail', 'manual'];
  const queues = ['general', 'legal', 'legal', 'registration', 'care', 'after-hours'];
  const statuses = ['resolved', 'resolved', 'resolved', 'open', 'waiting', 'new'];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const start = Date.parse('2019-01-01T00:00:00Z'),
    span = Date.parse('2026-11-01T00:00:00Z') - start;
  const encPhone = crypto.encrypt('+31970100000')!;
  for (let id = 1; id <= count; id++) {
    const at = new Date(start + Math.floor((id / count) * span)).toISOString();
    const phone = `+3197010${String(id % 1_000_000).padStart(6, '0')}`;
    const subject = sentence(4);
    const row = [
      id,
      `HD-${at.slice(0, 4)}-${String(id).padStart(6, '0')}`,
      pick(channels),
      'in',
      at,
      rnd() < 0.7 ? 1 : 0,
      'Synthetic organisation',
      'police',
      encPhone,
      crypto.hash('phone', phone),
      maskPhone(phone),
      subject,
      pick(queues),
      pick(statuses),
      pick(['normal', 'normal', 'high', 'low']),
      null,
      at,
      at,
      at,
    ];
    yield { row, subject, body: sentence(18) };
  }
}

const progress = (done: number, count: number, t0: number) => {
  const bar = '#'.repeat(Math.round((done / count) * 40)).padEnd(40, '.');
  process.stderr.write(
    `\r  seeding contacts [${bar}] ${done.toLocaleString('en')} / ${count.toLocaleString('en')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
};

/** Seeds `count` synthetic contacts straight into SQLite (batched, with their FTS rows), drawing a progress bar. */
export async function seedContacts(path: string, count: number, dataKey: Buffer): Promise<void> {
  if (existsSync(path)) return;
  const tmp = `${path}.partial`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  // A bulk load straight into SQLite (prepared statements, no Kysely): this seeder is SQLite's own.
  const { db } = openDatabase(tmp);
  await migrate(db);
  const sqlite = sqliteHandleOf(db);
  sqlite.pragma('synchronous = OFF');
  const insert = sqlite.prepare(
    `INSERT INTO contacts (${CONTACT_COLUMNS.join(', ')}) VALUES (${CONTACT_COLUMNS.map(() => '?').join(',')})`,
  );
  const fts = sqlite.prepare('INSERT INTO contact_text (rowid, subject, body) VALUES (?,?,?)');
  const batch = 10_000;
  const t0 = Date.now();
  const rows = syntheticContacts(count, dataKey);
  for (let from = 1; from <= count; from += batch) {
    sqlite.transaction(() => {
      for (let id = from; id < Math.min(from + batch, count + 1); id++) {
        const c = rows.next().value as SyntheticContact;
        insert.run(...c.row);
        fts.run(id, c.subject, c.body);
      }
    })();
    progress(Math.min(from + batch - 1, count), count, t0);
  }
  process.stderr.write('\n');
  sqlite.exec("INSERT INTO contact_text(contact_text) VALUES ('optimize')");
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('ANALYZE');
  sqlite.close();
  renameSync(tmp, path);
}

/**
 * Seeds the same synthetic contacts into the PostgreSQL database at `url` (migrated first), unless it already
 * holds `count` contacts; multi-row inserts in batches, then the identity moved past them and ANALYZE.
 */
export async function seedContactsPostgres(url: string, count: number, dataKey: Buffer): Promise<void> {
  const { db } = openDatabase(url);
  try {
    await migrate(db);
    const have = await sql<{ n: number }>`SELECT count(*) AS n FROM contacts`.execute(db);
    if (have.rows[0]!.n >= count) return;
    await sql`TRUNCATE contact_text, contacts RESTART IDENTITY CASCADE`.execute(db);
    const batch = 2_000;
    const t0 = Date.now();
    let contacts: Record<string, string | number | null>[] = [];
    let texts: { rowid: number; subject: string; body: string }[] = [];
    const flush = async () => {
      if (!contacts.length) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('contacts')
          .values(contacts as never)
          .execute();
        await trx.insertInto('contact_text').values(texts).execute();
      });
      progress(texts.at(-1)!.rowid, count, t0);
      contacts = [];
      texts = [];
    };
    for (const c of syntheticContacts(count, dataKey)) {
      contacts.push(Object.fromEntries(CONTACT_COLUMNS.map((k, i) => [k, c.row[i] ?? null])));
      texts.push({ rowid: c.row[0] as number, subject: c.subject, body: c.body });
      if (contacts.length >= batch) await flush();
    }
    await flush();
    process.stderr.write('\n');
    await sql`SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT max(id) FROM contacts))`.execute(db);
    await sql`ANALYZE`.execute(db);
  } finally {
    await db.destroy();
  }
}

export const newKey = () => randomBytes(32);
