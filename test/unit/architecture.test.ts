import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules on imports, checked on every file of src/ and views/: routes → service → queries; pure rules
 * import no I/O; views import only views, texts, types and a feature's enumerations (its `*.table`); http/, db/
 * and the config import no feature (http/ and db/ may name a feature's row types); a feature reaches another only
 * through its service, queries, table or plug-in contract. And SQL is written only in `*.queries.ts` and src/db/.
 * Between features: no import loop; routing, statistics and drafts are reached only through their plug-ins (they
 * react to contacts and reviews through hooks); a table is written only by the feature whose `*.table.ts` has it.
 */
const root = resolve(import.meta.dirname, '../..');

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  const out: Import[] = [];
  const re = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[2]!;
    const typeOnly = !!m[1];
    const to = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '') : `pkg:${spec}`;
    out.push({ from: relative(root, file), to, typeOnly });
  }
  return out;
}

const all = [...files(join(root, 'src')), ...files(join(root, 'views'))].flatMap((f) => importsOf(f));

/** Folders of src/ that are infrastructure every feature may use, not features themselves. */
const INFRA = new Set(['http', 'db', 'shared', 'i18n', 'crypto']);
const featureOf = (path: string) => {
  const m = /^src\/([^/]+)\//.exec(path);
  return m && !INFRA.has(m[1]!) ? m[1]! : null;
};
const base = (path: string) => path.split('/').at(-1)!;
const isQueries = (p: string) => /\.queries$/.test(p);
const isService = (p: string) => /\.service$/.test(p);
const isRoutes = (p: string) => /\.routes$/.test(p);

/** Pure rules: decisions computed from their arguments alone, table-tested without I/O. */
const PURE = [
  'src/office-hours/calendar',
  'src/calls/call-decision',
  'src/calls/twiml',
  'src/email/inbound/threading',
  'src/email/inbound/loop-guard',
  'src/email/outbound/reply-text',
  'src/email/outbound/reply-rules',
  'src/contacts/sla',
  'src/contacts/inbox-search',
  'src/shared/clean-text',
  'src/shared/office-hours-spec',
  'src/auth/two-factor-rules',
  'src/registrations/nationality-group',
  'src/registrations/reflection-rule',
  'src/registrations/age-band',
  'src/registrations/primary-form',
  'src/registrations/procedure-rule',
  'src/registrations/referral-rule',
  'src/registrations/countries',
  'src/statistics/suppression',
  'src/statistics/publication-rules',
  'src/calls/callback-rules',
  'src/oncall/oncall-rules',
  'src/shared/transcription-language',
];
const IO = new RegExp(
  '^pkg:(node:(fs|net|http|https|child_process|worker_threads|dgram)|' +
    'better-sqlite3|kysely|nodemailer|imapflow|smtp-server)',
);

/** What a feature offers others: its use cases, its read queries, its row types, and its plug-in contract. */
const PUBLIC = /\.(service|queries|table|plugin)$/;
/** Plug-in points named before the `*.plugin.ts` convention: another feature registers itself there. */

const strip = (p: string) => p.replace(/\.tsx?$/, '');
const isTable = (p: string) => /\.table$/.test(p);

/** Each rule names the imports it forbids. */
const rules: Record<string, (i: Import) => boolean> = {
  'queries import no service, route or view': (i) =>
    isQueries(strip(i.from)) && (isService(i.to) || isRoutes(i.to) || i.to.startsWith('views/')),
  'services import no route': (i) => isService(strip(i.from)) && isRoutes(i.to),
  'routes reach the database only through a service': (i) => isRoutes(strip(i.from)) && !i.typeOnly && isQueries(i.to),
  'pure rules import no I/O': (i) =>
    PURE.includes(strip(i.from)) &&
    !i.typeOnly &&
    (IO.test(i.to) || isQueries(i.to) || isService(i.to) || i.to.startsWith('src/db/') || i.to === 'src/deps'),
  'views import only views, texts, pure rules, types and enumerations': (i) =>
    i.from.startsWith('views/') &&
    !i.typeOnly &&
    !i.to.startsWith('views/') &&
    !i.to.startsWith('pkg:') &&
    !i.to.startsWith('src/i18n/') &&
    !PURE.includes(i.to) &&
    !isTable(i.to) &&
    i.to !== 'src/shared/time-format',
  'http/, db/ and the config import no feature': (i) =>
    (i.from.startsWith('src/http/') || i.from.startsWith('src/db/') || i.from === 'src/config.ts') &&
    featureOf(i.to) !== null &&
    !(i.typeOnly && isTable(i.to)),
  'a feature reaches another only through its public modules': (i) => {
    const a = featureOf(i.from);
    const b = featureOf(i.to);
    return a !== null && b !== null && a !== b && !PUBLIC.test(base(i.to)) && !PURE.includes(i.to);
  },
};

const broken = (rule: (i: Import) => boolean) =>
  all.filter(rule).map((i) => `${i.from} → ${i.to}${i.typeOnly ? ' (type)' : ''}`);

/** One import that runs the wrong way for each rule, so a rule that stopped catching anything is noticed. */
const wrongWay: [string, string, string][] = [
  ['queries import no service, route or view', 'src/calls/calls.queries.ts', "import { x } from './calls.service.js';"],
  ['services import no route', 'src/calls/calls.service.ts', "import { x } from './calls.routes.js';"],
  [
    'routes reach the database only through a service',
    'src/calls/calls.routes.tsx',
    "import { x } from './calls.queries.js';",
  ],
  ['pure rules import no I/O', 'src/calls/call-decision.ts', "import { sql } from 'kysely';"],
  [
    'views import only views, texts, pure rules, types and enumerations',
    'views/calls/simulate.tsx',
    "import { x } from '../../src/calls/calls.service.js';",
  ],
  [
    'http/, db/ and the config import no feature',
    'src/http/session.ts',
    "import { x } from '../auth/auth.service.js';",
  ],
  ['http/, db/ and the config import no feature', 'src/config.ts', "import { x } from './office-hours/calendar.js';"],
  [
    'a feature reaches another only through its public modules',
    'src/users/users.service.ts',
    "import { x } from '../auth/passwords.js';",
  ],
];

describe('import directions', () => {
  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(200);
  });

  it.each(Object.keys(rules))('holds everywhere: %s', (name) => {
    expect(broken(rules[name]!)).toEqual([]);
  });

  it.each(wrongWay)('catches an import that breaks "%s" (%s)', (name, file, line) => {
    const [i] = importsOf(join(root, file), line);
    expect(rules[name]!(i!)).toBe(true);
  });

  it('lets type-only imports of row types and enumerations pass where they are allowed', () => {
    const [i] = importsOf(join(root, 'src/http/app-env.ts'), "import type { Role } from '../users/users.table.js';");
    expect(rules['http/, db/ and the config import no feature']!(i!)).toBe(false);
    const [v] = importsOf(
      join(root, 'views/users/users.tsx'),
      "import { ROLES } from '../../src/users/users.table.js';",
    );
    expect(rules['views import only views, texts, pure rules, types and enumerations']!(v!)).toBe(false);
  });
});

/** Kysely's query builders and raw SQL: written only in a feature's `*.queries.ts` or in src/db/. */
const QUERY_BUILDER = new RegExp(
  [
    String.raw`\.(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\(`,
    String.raw`\bsql(<[^>]*>)?\x60`,
    String.raw`\bsql\.(raw|ref|id|lit|join|table)\(`,
  ].join('|'),
);

/**
 * Files that still hold SQL while another change moves it: the channel panels and the contact id chosen as
 * one past the largest (both rebuilt with the contact page's registry and the database seams).
 */

const sqlOutsideQueries = (path: string, text: string) =>
  !/\.queries\.ts$/.test(path) && !path.startsWith('src/db/') && QUERY_BUILDER.test(text);

describe('queries in their place', () => {
  it('writes SQL only in *.queries.ts and src/db/', () => {
    const offenders = [...files(join(root, 'src')), ...files(join(root, 'views'))]
      .map((f) => relative(root, f))
      .filter((p) => sqlOutsideQueries(p, readFileSync(join(root, p), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each([
    ['src/users/users.service.ts', "const u = await deps.db.selectFrom('users').select('id').execute();"],
    ['src/live/live.routes.ts', "await trx.updateTable('contacts').set({ status: 'open' }).execute();"],
    ['views/users/users.tsx', 'const n = sql<number>`count(*)`;'],
  ])('catches a query written outside a queries module (%s)', (path, text) => {
    expect(sqlOutsideQueries(path, text)).toBe(true);
  });

  it('allows the same query in a queries module', () => {
    expect(sqlOutsideQueries('src/users/users.queries.ts', "db.selectFrom('users').select('id')")).toBe(false);
  });
});

/**
 * Features and how they depend on each other. The graph has an edge A → B for every import (type-only ones too)
 * from a file of src/A/ to a file of src/B/. Plug-ins are wired from src/plugins.ts, which is no feature (like
 * app.tsx and boot.ts); a plug-in file (`*.plugin.ts`) counts in the graph like any other file of its feature:
 * it depends on the host it registers with (contacts, review, email's answer library), the host never on it.
 */
function featureGraph(imports: readonly Import[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    const a = featureOf(i.from);
    const b = featureOf(i.to);
    if (a === null || b === null || a === b) continue;
    graph.set(a, (graph.get(a) ?? new Set()).add(b));
  }
  return graph;
}

/** The loops of a feature graph: its strongly connected components of more than one feature (Tarjan). */
function loops(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Features others reach only through their plug-in: they react to the rest (hooks), nobody calls into them. */
const REACTING = new Set(['routing', 'statistics', 'drafts']);
const isPlugin = (p: string) => /\.plugin$/.test(p);

/** Imports of a reacting feature from another feature that do not go through the reacting feature's plug-in. */
const intoReacting = (imports: readonly Import[]) =>
  imports.filter((i) => {
    const a = featureOf(i.from);
    const b = featureOf(i.to);
    return a !== null && b !== null && a !== b && REACTING.has(b) && !isPlugin(i.to);
  });

/**
 * Who owns which table: the keys of the `export interface …Tables` declared in a feature's `*.table.ts`
 * (src/db/ owns the instances' tables). Only the owner writes a table; others go through its service.
 */
function tableOwners(tableFiles: readonly { path: string; text: string }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { path, text } of tableFiles) {
    const owner = /^src\/([^/]+)\//.exec(path)![1]!;
    for (const m of text.matchAll(/export interface \w+Tables\s*(?:extends [^{]*)?\{/g)) {
      let depth = 1;
      for (const line of text.slice(m.index! + m[0].length).split('\n')) {
        const key = depth === 1 ? /^\s*(\w+)\??\s*:/.exec(line) : null;
        if (key) owners.set(key[1]!, owner);
        depth += (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);
        if (depth <= 0) break;
      }
    }
  }
  return owners;
}

/** The tables a file writes: Kysely's insertInto/updateTable/deleteFrom/replaceInto/mergeInto and raw SQL. */
function tablesWritten(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\.(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"](\w+)['"]/g))
    out.add(m[1]!);
  for (const m of text.matchAll(
    /\b(?:insert\s+into|delete\s+from|update)\s+(\w+)(?:\s+set\b|\s*\(|\s+(?:select|values|where|as)\b|\s*$)/gim,
  ))
    out.add(m[1]!);
  return [...out];
}

/** A queries function named as a write: a feature imports it from another feature's queries only to write there. */
const WRITE_NAME =
  /^(insert|update|delete|upsert|append|set|replace|mark|move|remove|add|record|end|claim|save|purge|erase|touch|take|release|clear|strip)[A-Z]/;

/** Writes of a file to tables of another owner: direct, or through the write functions of another feature's queries. */
function foreignWrites(
  path: string,
  text: string,
  owners: ReadonlyMap<string, string>,
): { path: string; table: string; owner: string }[] {
  // Features only: src/db/ holds the database seams (the contacts' search text, secure erase) the owners call.
  const mine = featureOf(path);
  if (!mine) return [];
  const out = tablesWritten(text)
    .filter((t) => owners.has(t) && owners.get(t) !== mine)
    .map((table) => ({ path, table, owner: owners.get(table)! }));
  for (const m of text.matchAll(/^import\s+\{([^}]*)\}\s+from\s+['"]\.\.\/(\w[\w-]*)\/[\w.-]+\.queries\.js['"]/gm)) {
    const owner = m[2]!;
    if (owner === mine || INFRA.has(owner)) continue;
    for (const name of m[1]!.split(',').map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    ))
      if (WRITE_NAME.test(name)) out.push({ path, table: `${name}()`, owner });
  }
  return out;
}

/**
 * Writes to another feature's tables that stay, each for a reason; this list may only shrink.
 * - retention purges what the retention settings say across the channels (its whole job, audited per purge);
 * - the sign-in upgrades a user's password hash to the current cost (auth may not import users: users depend on auth).
 */
const FOREIGN_WRITES_ALLOWED = new Set([
  'src/retention/retention.queries.ts → recordings (calls)',
  'src/retention/retention.queries.ts → calls (calls)',
  'src/retention/retention.queries.ts → mail_messages (email)',
  'src/retention/retention.queries.ts → mail_attachments (email)',
  'src/retention/retention.queries.ts → mail_participants (email)',
  'src/retention/retention.queries.ts → mail_outbox (email)',
  'src/retention/retention.queries.ts → mail_ack_log (email)',
  'src/retention/retention.queries.ts → registrations (registrations)',
  'src/retention/retention.queries.ts → drafts (drafts)',
  'src/retention/retention.queries.ts → audit_log (audit)',
  'src/auth/auth.queries.ts → users (users)',
]);

const srcFiles = files(join(root, 'src')).map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));
const owners = tableOwners(srcFiles.filter((f) => /\.table\.ts$/.test(f.path)));
const describeWrite = (w: { path: string; table: string; owner: string }) => `${w.path} → ${w.table} (${w.owner})`;

describe('features: no loops, reactions through plug-ins, writes by the owner', () => {
  it('has no import loop between features', () => {
    expect(loops(featureGraph(all))).toEqual([]);
  });

  it('reaches routing, statistics and drafts only through their plug-ins', () => {
    expect(intoReacting(all).map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('knows the owner of every table of the database', () => {
    for (const t of ['contacts', 'contact_events', 'contact_text', 'contact_merges', 'users', 'sessions'])
      expect(owners.has(t), t).toBe(true);
    expect(owners.get('contact_events')).toBe('contacts');
    expect(owners.get('users')).toBe('users');
    expect(owners.get('closures')).toBe('office-hours');
    expect(owners.get('audit_log')).toBe('audit');
    expect(owners.get('contact_stats')).toBe('statistics');
  });

  it('writes a table only from the feature that owns it (or the short list of reasoned exceptions)', () => {
    const writes = srcFiles.flatMap((f) => foreignWrites(f.path, f.text, owners)).map(describeWrite);
    expect(writes.filter((w) => !FOREIGN_WRITES_ALLOWED.has(w))).toEqual([]);
    // The list may only shrink: an exception that no longer happens is taken off it.
    expect([...FOREIGN_WRITES_ALLOWED].filter((w) => !writes.includes(w))).toEqual([]);
  });
});

describe('the feature rules catch what they forbid', () => {
  const imp = (from: string, to: string, typeOnly = false): Import => ({ from, to, typeOnly });

  it('finds a loop of two features and one of three, and none in a chain', () => {
    const two = featureGraph([
      imp('src/contacts/contacts.queries.ts', 'src/statistics/contact-stats.queries'),
      imp('src/statistics/statistics.service.ts', 'src/contacts/contacts.table', true),
    ]);
    expect(loops(two)).toEqual([['contacts', 'statistics']]);
    const three = featureGraph([
      imp('src/email/inbound/ingest.service.ts', 'src/routing/routing.service'),
      imp('src/routing/routing.service.ts', 'src/contacts/contacts.service'),
      imp('src/contacts/contacts.routes.tsx', 'src/email/email.plugin'),
    ]);
    expect(loops(three)).toEqual([['contacts', 'email', 'routing']]);
    const chain = featureGraph([
      imp('src/routing/routing.plugin.ts', 'src/contacts/contacts.plugin', true),
      imp('src/email/inbound/ingest.service.ts', 'src/contacts/contact-text.service'),
      imp('src/routing/routing.plugin.ts', 'src/email/answer-library.plugin'),
    ]);
    expect(loops(chain)).toEqual([]);
  });

  it('refuses a feature calling into routing, statistics or drafts, and lets their plug-ins be imported', () => {
    const wrong = [
      imp('src/contacts/contacts.routes.tsx', 'src/routing/routing.service'),
      imp('src/review/review.service.ts', 'src/statistics/statistics.service'),
      imp('src/email/email.routes.tsx', 'src/drafts/drafts.service'),
      imp('src/contacts/contacts.queries.ts', 'src/statistics/contact-stats.queries'),
    ];
    expect(intoReacting(wrong)).toHaveLength(4);
    const right = [
      imp('src/plugins.ts', 'src/routing/routing.plugin'),
      imp('src/statistics/statistics.plugin.ts', 'src/review/review.plugin'),
      imp('src/routing/routing.service.ts', 'src/routing/classifier'),
    ];
    expect(intoReacting(right)).toEqual([]);
  });

  it('reads the owners of tables from the *Tables interfaces, nested types included', () => {
    const o = tableOwners([
      {
        path: 'src/calls/calls.table.ts',
        text: 'export interface CallTables {\n  calls: CallTable;\n  recordings: { id: number;\n  x: string };\n}\n',
      },
    ]);
    expect([...o]).toEqual([
      ['calls', 'calls'],
      ['recordings', 'calls'],
    ]);
  });

  it.each([
    ['src/calls/calls.queries.ts', "await db.updateTable('contact_events').set({ data }).execute();", 'contact_events'],
    ['src/email/email.queries.ts', "await db.insertInto('contact_text').values(v).execute();", 'contact_text'],
    ['src/review/review.queries.ts', "await db.deleteFrom('contacts').where('id', '=', id).execute();", 'contacts'],
    [
      'src/signals/signals.queries.ts',
      "await sql`insert into contact_events (kind) values ('x')`.execute(db);",
      'contact_events',
    ],
    [
      'src/email/inbound/ingest.service.ts',
      "import { insertEvent } from '../contacts/contacts.queries.js';",
      'insertEvent()',
    ],
  ])('catches a write to another feature’s table (%s)', (path, text, table) => {
    const owners = new Map([
      ['contacts', 'contacts'],
      ['contact_events', 'contacts'],
      ['contact_text', 'contacts'],
    ]);
    expect(foreignWrites(path, text, owners).map((w) => w.table)).toEqual([table]);
  });

  it('lets the owner write its table and others read it', () => {
    const owners = new Map([['contact_events', 'contacts']]);
    expect(foreignWrites('src/contacts/contacts.queries.ts', "db.insertInto('contact_events')", owners)).toEqual([]);
    expect(foreignWrites('src/routing/routing.queries.ts', "db.selectFrom('contact_events')", owners)).toEqual([]);
    expect(
      foreignWrites(
        'src/email/inbound/ingest.service.ts',
        "import { contactBrief } from '../contacts/contacts.queries.js';",
        owners,
      ),
    ).toEqual([]);
  });
});
