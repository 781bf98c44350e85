import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules on imports, checked on every file of src/ and views/: routes → service → queries; pure rules
 * import no I/O; views import only views, texts, types and a feature's enumerations (its `*.table`); http/, db/
 * and the config import no feature (http/ and db/ may name a feature's row types); a feature reaches another only
 * through its service, queries, table or plug-in contract. And SQL is written only in `*.queries.ts` and src/db/.
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
  'src/email/threading',
  'src/email/loop-guard',
  'src/email/reply-text',
  'src/email/reply-rules',
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
      join(root, 'views/admin/users.tsx'),
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
    ['views/admin/users.tsx', 'const n = sql<number>`count(*)`;'],
  ])('catches a query written outside a queries module (%s)', (path, text) => {
    expect(sqlOutsideQueries(path, text)).toBe(true);
  });

  it('allows the same query in a queries module', () => {
    expect(sqlOutsideQueries('src/users/users.queries.ts', "db.selectFrom('users').select('id')")).toBe(false);
  });
});
