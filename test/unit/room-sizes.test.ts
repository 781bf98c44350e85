import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Rooms of a size one can read: a file of src/ or views/ holds at most FILE_CAP lines and a route handler at most
 * HANDLER_CAP, so that a newcomer reads one use case at a time. The few that are larger today are listed below with
 * their size now; the lists may only shrink — an entry over its listed size, or a new file or handler over the cap,
 * fails the test. Split by use case (see README "Where things live") rather than raising a number here.
 */
const FILE_CAP = 300;
const HANDLER_CAP = 20;

/** Files over the cap today, with their size now (lines): each may shrink, none may grow. */
const FILE_ALLOW: Record<string, number> = {
  // Texts, one key a line: long by nature, split by section inside.
  'src/i18n/en.ts': 2000,
  'src/i18n/nl.ts': 2000,
  'src/calls/calls.service.ts': 473,
  'src/calls/voicemail.service.ts': 327,
  'src/config.ts': 489,
  'src/contacts/contact-change.service.ts': 350,
  'src/contacts/contacts.form.ts': 332,
  'src/contacts/contacts.queries.ts': 447,
  'src/contacts/contacts.service.ts': 328,
  'src/db/sqlite-driver.ts': 337,
  'src/email/inbound/ingest.service.ts': 447,
  'src/email/outbound/outbox.service.ts': 306,
  'src/registrations/registrations.form.ts': 532,
  'src/registrations/registrations.routes.tsx': 316,
  'src/registrations/registrations.service.ts': 336,
  'src/retention/retention.queries.ts': 440,
  'src/retention/retention.service.ts': 360,
  'src/review/review-decide.service.ts': 365,
  'src/routing/classifier.ts': 334,
  'src/routing/routing.service.ts': 409,
  'views/contacts/contact-page.tsx': 549,
  'views/email/thread.tsx': 389,
  'views/registrations/registration-form.tsx': 344,
  'views/registrations/registration-page.tsx': 439,
  'views/review/review-page.tsx': 528,
  'views/routing/answers-page.tsx': 321,
};

/** Handlers over the cap today (file and route), with their size now (lines). */
const HANDLER_ALLOW: Record<string, number> = {
  'src/audit/audit.routes.tsx GET /': 99,
  'src/auth/auth.routes.tsx GET /login': 25,
  'src/auth/auth.routes.tsx POST /login': 32,
  'src/auth/two-factor.routes.tsx POST /': 21,
  'src/calls/calls.routes.tsx GET /recordings/:id': 60,
  'src/calls/calls.routes.tsx POST /simulate': 38,
  'src/contacts/contacts.routes.tsx POST /:id/update': 53,
  'src/cosm/cosm.routes.tsx GET /': 23,
  'src/email/email.routes.tsx GET /outbox': 21,
  'src/email/email.routes.tsx POST /contacts/:id/reply': 34,
  'src/email/email.routes.tsx POST /contacts/:id/reply/insert': 25,
  'src/live/live.routes.tsx GET /events': 62,
  'src/live/live.routes.tsx POST /presence/:id': 28,
  'src/oncall/oncall.routes.tsx POST /': 23,
  'src/registrations/registrations.routes.tsx POST /': 24,
  'src/review/review.routes.tsx POST /:id': 49,
  'src/routing/answers.routes.tsx GET /:id/edit': 21,
  'src/routing/answers.routes.tsx GET /new': 22,
  'src/users/account.routes.tsx POST /password': 25,
  'src/users/users.routes.tsx POST /': 30,
  'src/users/users.routes.tsx POST /:id': 34,
};

const root = resolve(import.meta.dirname, '../..');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}
const sources = [...files(join(root, 'src')), ...files(join(root, 'views'))];

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * Every route handler in a file — `x.get('/path', …, (c) => {…})`, the path on the call's line or the next — with
 * its length in lines: from the call to the line at the call's own indentation that closes it. The code is kept in
 * the formatter's layout (CI checks it), so the indentation is a reliable guide; a call whose end is not found is
 * reported with length Infinity rather than skipped.
 */
function handlersOf(text: string): { route: string; lines: number }[] {
  const lines = text.split('\n');
  const out: { route: string; lines: number }[] = [];
  const call = /^(\s*)[\w.]+\.(get|post|put|patch|delete|all)\((.*)$/;
  const path = /^\s*(['"`])(\/[^'"`]*)\1\s*,/;
  lines.forEach((line, i) => {
    const m = call.exec(line);
    if (!m) return;
    const rest = m[3]!;
    const route = path.exec(rest) ?? (rest.trim() === '' ? path.exec(lines[i + 1] ?? '') : null);
    if (!route) return;
    const indent = m[1]!.length;
    // The same method and path on two routers of one file: the second is named "… (2)".
    const plain = `${m[2]!.toUpperCase()} ${route[2]}`;
    const seen = out.filter((h) => h.route === plain || h.route.startsWith(`${plain} (`)).length;
    const name = seen ? `${plain} (${seen + 1})` : plain;
    if (/\);?\s*$/.test(line) && !/[{(]\s*$/.test(line)) {
      out.push({ route: name, lines: 1 });
      return;
    }
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === '') continue;
      const at = l.length - l.trimStart().length;
      if (at < indent) break;
      if (at === indent && /^[)}]/.test(l.trimStart())) {
        out.push({ route: name, lines: j - i + 1 });
        return;
      }
    }
    out.push({ route: name, lines: Number.POSITIVE_INFINITY });
  });
  return out;
}

describe('rooms of a size one can read', () => {
  it(`keeps every file at most ${FILE_CAP} lines, or under its listed size`, () => {
    const over: string[] = [];
    for (const f of sources) {
      const rel = relative(root, f);
      const n = lineCount(readFileSync(f, 'utf8'));
      const cap = FILE_ALLOW[rel] ?? FILE_CAP;
      if (n > cap) over.push(`${rel}: ${n} lines (cap ${cap})`);
    }
    expect(over, `over the cap:\n${over.join('\n')}\n`).toEqual([]);
  });

  it(`keeps every route handler at most ${HANDLER_CAP} lines, or under its listed size`, () => {
    const over: string[] = [];
    for (const f of sources) {
      const rel = relative(root, f);
      for (const h of handlersOf(readFileSync(f, 'utf8'))) {
        const key = `${rel} ${h.route}`;
        const cap = HANDLER_ALLOW[key] ?? HANDLER_CAP;
        if (h.lines > cap) over.push(`${key}: ${h.lines} lines (cap ${cap})`);
      }
    }
    expect(over, `over the cap:\n${over.join('\n')}\n`).toEqual([]);
  });

  it('lists no file or handler that no longer exists or is already within the cap (the list only shrinks)', () => {
    const stale: string[] = [];
    const sizes = new Map(sources.map((f) => [relative(root, f), lineCount(readFileSync(f, 'utf8'))]));
    for (const [rel, listed] of Object.entries(FILE_ALLOW)) {
      const n = sizes.get(rel);
      if (n === undefined || n <= FILE_CAP) stale.push(`${rel} (now ${n ?? 'gone'}, listed ${listed})`);
    }
    const handlers = new Map<string, number>();
    for (const f of sources)
      for (const h of handlersOf(readFileSync(f, 'utf8'))) handlers.set(`${relative(root, f)} ${h.route}`, h.lines);
    for (const [key, listed] of Object.entries(HANDLER_ALLOW)) {
      const n = handlers.get(key);
      if (n === undefined || n <= HANDLER_CAP) stale.push(`${key} (now ${n ?? 'gone'}, listed ${listed})`);
    }
    expect(stale).toEqual([]);
  });

  it('measures a handler and would catch one over the cap', () => {
    const body = Array.from({ length: 25 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      `r.get('/long', requireRole('agent'), async (c) => {`,
      body,
      `  return c.html(<p>It's {')'} here</p>);`,
      '});',
      `r.post('/short', (c) => c.text('y'));`,
      'r.get(',
      `  '/split',`,
      '  async (c) => {',
      '    return c.text("}");',
      '  },',
      ');',
    ].join('\n');
    expect(handlersOf(text)).toEqual([
      { route: 'GET /long', lines: 28 },
      { route: 'POST /short', lines: 1 },
      { route: 'GET /split', lines: 6 },
    ]);
  });
});
