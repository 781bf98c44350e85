// Queries built and compiled once, then run again and again with new values (issue 28).
//
// Kysely builds an operation tree and compiles it to SQL on every call: for the voice webhook's ten statements that
// was 12 % of the request's CPU time (bench/RESULTS.md), and much of its garbage. A query made with `compiled`
// is built once per dialect with a marker in place of each value; the compiled SQL and the position of each marker
// in its parameters are kept, and each call only puts its values in those positions. better-sqlite3 keeps the
// prepared statement for the same SQL text (src/db/database.ts), so the SQL text is parsed once as well.
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import { type Executor, isPostgres } from './database.js';

const MARK = '\u0000baken-value:';

/** Gives the marker that stands for the value `name` while the query is built (typed as the value itself). */
export type Value<P> = <K extends keyof P & string>(name: K) => P[K];

interface Shape {
  sql: string;
  /** For each parameter: the name of the value that goes there, or the constant the query was built with. */
  slots: Array<{ name: string } | { constant: unknown }>;
  query: CompiledQuery['query'];
}

/**
 * A query built once per dialect by `build`, as `compiled<{ values }>()((db, v) => query)` (which must not branch on the values: only the markers `v(name)` go
 * where values go, in value positions) and run with `run(executor, values)`. Markers found anywhere but as whole
 * parameters (in SQL text, or changed by the builder) are refused when the query is first compiled.
 */
export const compiled =
  <P extends Record<string, unknown>>() =>
  <R>(build: (db: Executor, v: Value<P>) => Compilable<R>) =>
    compile<P, R>(build);

function compile<P extends Record<string, unknown>, R>(build: (db: Executor, v: Value<P>) => Compilable<R>) {
  const shapes: { sqlite?: Shape; postgres?: Shape } = {};
  const shapeFor = (db: Executor): Shape => {
    const kind = isPostgres(db) ? 'postgres' : 'sqlite';
    const known = shapes[kind];
    if (known) return known;
    const names = new Set<string>();
    const marker = ((name: string) => {
      names.add(name);
      return `${MARK}${name}`;
    }) as Value<P>;
    const c = build(db, marker).compile();
    if (c.sql.includes(MARK)) throw new Error('compiled query: a value marker ended up in the SQL text');
    const seen = new Set<string>();
    const slots = c.parameters.map((p) => {
      if (typeof p === 'string' && p.startsWith(MARK)) {
        const name = p.slice(MARK.length);
        seen.add(name);
        return { name };
      }
      if (typeof p === 'string' && p.includes(MARK)) throw new Error('compiled query: a value marker was changed');
      return { constant: p };
    });
    for (const n of names) if (!seen.has(n)) throw new Error(`compiled query: the value ${n} is not a parameter`);
    const shape = { sql: c.sql, slots, query: c.query };
    shapes[kind] = shape;
    return shape;
  };
  return {
    /** Runs the query on `db` (the database or an open transaction) with `values`. */
    run(db: Executor, values: P): Promise<QueryResult<R>> {
      let shape: Shape;
      try {
        shape = shapeFor(db);
      } catch (e) {
        return Promise.reject(e);
      }
      const parameters = shape.slots.map((s) => ('name' in s ? values[s.name] : s.constant));
      return db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters));
    },
    /** The SQL text for `db`'s dialect (for tests and the benchmark's yardstick). */
    sql(db: Executor): string {
      return shapeFor(db).sql;
    },
  };
}

/**
 * Compiled queries whose shape depends on a small key (the columns of an insert, the number of rows): one compiled
 * query per key, made by `make` on first use. `max` bounds the kept shapes (a key that varies freely is a mistake).
 */
export function compiledByKey<Q>(make: (key: string) => Q, max = 32) {
  const byKey = new Map<string, Q>();
  return (key: string): Q => {
    let q = byKey.get(key);
    if (!q) {
      q = make(key);
      if (byKey.size < max) byKey.set(key, q);
    }
    return q;
  };
}
