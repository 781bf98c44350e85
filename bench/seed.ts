import { existsSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase, sqliteHandleOf } from '../src/db/database.js';
import { migrate } from '../src/db/migrator.js';
import { FieldCrypto, maskPhone } from '../src/crypto/field-crypto.js';

const WORDS = (
  'bedenktijd verblijfsvergunning aangifte opvang noodbed slachtoffer uitbuiting arbeidsuitbuiting seksuele criminele loverboy ' +
  'advocaat politie marechaussee inspectie gemeente azc asiel dublin minderjarig voogd nidos werkgever loon paspoort schuld dwang ' +
  'reflection period residence permit shelter report police lawyer victim exploitation forced labour passport debt employer wage ' +
  'vraag cliënt cliënte terugbellen informatie doorverwezen zorgcoördinator regio rotterdam amsterdam utrecht zeeland groningen ' +
  'limburg brabant twente schiphol bouw landbouw horeca schoonmaak distributie prostitutie massagesalon vrachtwagen kas fabriek'
).split(' ');

/** Seeds `count` synthetic contacts straight into SQLite (batched, with their FTS rows), drawing a progress bar. */
export function seedContacts(path: string, count: number, dataKey: Buffer): void {
  if (existsSync(path)) return;
  const tmp = `${path}.partial`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  // A bulk load straight into SQLite (prepared statements, no Kysely): this seeder is SQLite's own.
  const { db } = openDatabase(tmp);
  migrate(db);
  const sqlite = sqliteHandleOf(db);
  sqlite.pragma('synchronous = OFF');
  const crypto = new FieldCrypto(dataKey);
  const insert =
    sqlite.prepare(`INSERT INTO contacts (id, reference, channel, direction, started_at, in_office_hours, party_org, party_type, party_phone_enc, party_phone_hash, party_phone_mask,
    subject, queue, status, priority, assignee_id, due_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const fts = sqlite.prepare('INSERT INTO contact_text (rowid, subject, body) VALUES (?,?,?)');
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
  const batch = 10_000;
  const t0 = Date.now();
  for (let from = 1; from <= count; from += batch) {
    sqlite.transaction(() => {
      for (let id = from; id < Math.min(from + batch, count + 1); id++) {
        const at = new Date(start + Math.floor((id / count) * span)).toISOString();
        const phone = `+3197010${String(id % 1_000_000).padStart(6, '0')}`;
        const subject = sentence(4);
        insert.run(
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
        );
        fts.run(id, subject, sentence(18));
      }
    })();
    const done = Math.min(from + batch - 1, count);
    const pct = done / count;
    const bar = '#'.repeat(Math.round(pct * 40)).padEnd(40, '.');
    process.stderr.write(
      `\r  seeding contacts [${bar}] ${done.toLocaleString('en')} / ${count.toLocaleString('en')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  process.stderr.write('\n');
  sqlite.exec("INSERT INTO contact_text(contact_text) VALUES ('optimize')");
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('ANALYZE');
  sqlite.close();
  renameSync(tmp, path);
}

export const newKey = () => randomBytes(32);
