import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote, createContact, type NewContact } from '../../../src/contacts/contacts.service.js';
import { listInbox } from '../../../src/contacts/contacts.queries.js';
import { contactsMatching } from '../../../src/db/contact-search.js';
import { onPostgres } from '../../support/database.js';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';

// The inbox search's last step, word forms (Dutch and English stems, migrations/postgres/0019): used only when
// whole words and word beginnings find nothing. PostgreSQL has the stemmers; SQLite's FTS5 has none, so there the
// step finds nothing.

const ids = (html: string) => [...html.matchAll(/<tr [^>]*data-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('searching the inbox by other forms of the words', () => {
  let t: TestApp;
  let eva: Client;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    eva = (await signedIn(t, ['agent'], 'Eva')).client;
  });
  afterEach(async () => {
    await t.close();
  });

  const log = async (input: Partial<NewContact>) =>
    (await createContact(t.deps, { channel: 'manual', subject: 'x', ...input }, { id: null })).id;
  const search = async (q: string) => {
    const res = await eva.get(`/contacts?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return ids(await res.text());
  };

  it.skipIf(!onPostgres())(
    'finds a Dutch or English word in another form: plural for singular, -ed for -ing, accents aside',
    async () => {
      const permit = await log({ subject: 'Vraag over verblijfsvergunning' });
      const victim = await log({ subject: 'Melding', notes: 'Twee slachtoffer gesproken in Rotterdam' });
      const report = await log({ subject: 'Late reporting by the employer' });
      const client = await log({ subject: 'Cliënte zoekt opvang' });
      await log({ subject: 'Vraag over loon' });
      expect(await search('verblijfsvergunningen')).toEqual([permit]);
      expect(await search('slachtoffers')).toEqual([victim]);
      expect(await search('reported')).toEqual([report]);
      expect(await search('clienten')).toEqual([client]);
    },
  );

  it.skipIf(!onPostgres())(
    'requires every word, each in either language, and finds a form added later in a note',
    async () => {
      const both = await log({ subject: 'Slachtoffer reporting a case' });
      await log({ subject: 'Slachtoffer zonder meer' });
      await log({ subject: 'Reporting alone' });
      expect(await search('slachtoffers reported')).toEqual([both]);
      // A stop word of both languages (`in`) asks for nothing; the other words still must all be there.
      expect(await search('slachtoffers in reported')).toEqual([both]);
      expect(await search('slachtoffers reported loonvorderingen')).toEqual([]);
      const later = await log({ subject: 'Gesprek' });
      expect(await search('loonvorderingen')).toEqual([]);
      await addNote(t.deps, later, 'Het ging over een loonvordering', { id: null });
      expect(await search('loonvorderingen')).toEqual([later]);
    },
  );

  it.skipIf(!onPostgres())(
    'lets an exact whole word win: the word-form step is not used when whole words or word beginnings match',
    async () => {
      const singular = await log({ subject: 'Een slachtoffer' });
      const plural = await log({ subject: 'Twee slachtoffers' });
      expect(await search('slachtoffers')).toEqual([plural]);
      expect(await search('slachtoffer')).toEqual([singular]);
      // A word beginning comes before word forms too: `slachtoff` begins both.
      expect(await search('slachtoff')).toEqual([plural, singular]);
    },
  );

  it.skipIf(!onPostgres())(
    'reads hostile input as its words alone: no error, the same contacts as the plain word',
    async () => {
      const victim = await log({ subject: 'Slachtoffer gemeld' });
      for (const q of [`slachtoffers') | !:* & (`, `"slachtoffers"*`, `slachtoffers\\'; DROP TABLE contacts; --`]) {
        const found = await search(q);
        if (q.includes('DROP'))
          expect(found).toEqual([]); // `DROP`, `TABLE`, `contacts` are required words too
        else expect(found).toEqual([victim]);
      }
      // Stop words of both languages alone find nothing, and do not fail.
      expect(await search('in is of')).toEqual([]);
      for (const match of [`"a' | !b & (c"`, '"x:*"*', '""', `"'; DROP TABLE contacts; --"`])
        await expect(contactsMatching(t.deps.db, match, true).select('contacts.id').execute()).resolves.toEqual([]);
      expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(1);
    },
  );

  it.skipIf(!onPostgres())(
    'lists a common and a rare word form’s matches newest first, a page at a time, on either plan',
    async () => {
      const made: number[] = [];
      for (let i = 0; i < 64; i++)
        made.push(await log({ subject: i % 20 === 3 ? 'meldingen en slachtoffers' : 'meldingen' }));
      const page = async (match: string, before?: number) =>
        (
          await listInbox(t.deps.db, { match, wordForms: true, limit: 5, before: before ? { id: before } : undefined })
        ).map((r) => r.id);
      const newest = [...made].reverse();
      expect(await page('"melding"')).toEqual(newest.slice(0, 5));
      expect(await page('"melding"', newest[4])).toEqual(newest.slice(5, 10));
      const rare = newest.filter((id) => made.indexOf(id) % 20 === 3);
      expect(rare).toHaveLength(4);
      expect(await page('"slachtoffer"')).toEqual(rare);
      expect(await page('"slachtoffer"', rare[1])).toEqual(rare.slice(2));
    },
  );

  it.skipIf(onPostgres())(
    'finds nothing by word forms on SQLite, which has no stemmer, and still finds whole words and beginnings',
    async () => {
      const victim = await log({ subject: 'Twee slachtoffer gesproken' });
      expect(await search('slachtoffers')).toEqual([]);
      expect(await search('slachtoffer')).toEqual([victim]);
      expect(await search('slachtoff')).toEqual([victim]);
      expect(await contactsMatching(t.deps.db, '"slachtoffer"', true).select('contacts.id').execute()).toEqual([]);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'contact.search')
        .orderBy('id', 'asc')
        .execute();
      expect(audit.map((a) => JSON.parse(a.details as string).results)).toEqual([0, 1, 1]);
    },
  );
});
