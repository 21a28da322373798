/**
 * The write hot path (a message, its event, its outbox rows) runs the same few statements thousands
 * of times a second. Kysely builds and compiles a query object on every call, which cost more than
 * SQLite's own work there, so those statements are written once as portable SQL with `?`
 * placeholders and run on the transaction's connection: prepared statements on node:sqlite,
 * `$n` placeholders on PostgreSQL. Everything else uses Kysely.
 *
 * Each write transaction has its runner, and each runner its write-behind (write-behind.ts): hot
 * inserts and the sequence counter are held and written together, lookups memoised.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Database } from './schema.ts';
import { bypassWriteBehind, WriteBehind, writeBehindScope, type Row, type Statement } from './write-behind.ts';

export type { Row };
export interface RawRunner {
  readonly writeBehind: WriteBehind;
  /** runs a statement at once, past the write-behind (begin, commit, rollback) */
  exec(sql: string, params: unknown[]): Row[] | Promise<Row[]>;
  /** PostgreSQL: collects a notification to send, once, just before the transaction commits */
  defer?(channel: string, payload: string): void;
  /** writes what is held and sends what `defer` collected (called right before commit) */
  flush(): Promise<void>;
}

/** The runner bound to a write transaction's Kysely instance, if any. */
export const boundRunner = (db: Kysely<Database>): RawRunner | undefined => runners.get(db);

const runners = new WeakMap<object, RawRunner>();

/**
 * Runs `work` as a write transaction's work on `conn` (inside BEGIN … COMMIT, which the caller
 * sends): raw SQL and Kysely queries find the runner's write-behind, what it holds is written when
 * `work` ends, and nothing can be written through it after that.
 */
export async function withRunner<T>(conn: Kysely<Database>, runner: RawRunner, work: () => Promise<T>): Promise<T> {
  runners.set(conn, runner);
  try {
    return await writeBehindScope.run(runner.writeBehind, async () => {
      const result = await work();
      await runner.flush();
      return result;
    });
  } finally {
    runner.writeBehind.close();
  }
}

/** The write-behind of the write transaction `db` belongs to (its per-transaction state, deferred updates). */
export function transactionWriteBehind(db: Kysely<Database>): WriteBehind {
  const runner = runners.get(db);
  if (!runner) throw new Error('raw SQL runs only inside store.write()');
  return runner.writeBehind;
}

/** Runs a statement now (after what is held, unless it is `independent` of it: write-behind.ts); returns its rows. */
export async function rawAll<T = Row>(db: Kysely<Database>, sql: string, params: unknown[], options?: { independent?: boolean }): Promise<T[]> {
  return (await transactionWriteBehind(db).run(sql, params, options)) as T[];
}

/** Holds a row to insert with the transaction's other rows of `table` (before commit or the next other statement). */
export function rawInsert(db: Kysely<Database>, table: string, columns: readonly string[], values: unknown[]): void {
  transactionWriteBehind(db).insert(table, columns, values);
}

/** A memoised read by key, fetched for every key of the batch at once (write-behind.ts). */
export async function rawMemoByKey(db: Kysely<Database>, sql: (placeholders: string) => string, params: unknown[], keyColumn: string, key: string): Promise<Row[]> {
  return transactionWriteBehind(db).memoByKey(sql, params, keyColumn, key);
}

const sqliteParams = (values: unknown[]) => values.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v)) as (string | number | null)[];

/** node:sqlite: prepared statements, cached for the life of the connection, on the one connection the batcher holds. */
export function sqliteRunnerFactory(raw: DatabaseSync): () => RawRunner {
  // A statement that returns no columns is run, not iterated (RETURNING clauses have columns).
  const statements = new Map<string, { stmt: StatementSync; returns: boolean }>();
  const exec = (sql: string, values: unknown[]): Row[] => {
    let prepared = statements.get(sql);
    if (!prepared) {
      const stmt = raw.prepare(sql);
      statements.set(sql, (prepared = { stmt, returns: stmt.columns().length > 0 }));
    }
    if (prepared.returns) return prepared.stmt.all(...sqliteParams(values)) as Row[];
    prepared.stmt.run(...sqliteParams(values));
    return [];
  };
  return () => {
    const writeBehind = new WriteBehind(exec);
    return { writeBehind, exec, flush: () => writeBehind.flush() };
  };
}

const pgTexts = new Map<string, string>();
/** `?` placeholders become `$1, $2, …` (our hot-path SQL has no `?` inside literals). */
function toPg(sql: string): string {
  let text = pgTexts.get(sql);
  if (!text) pgTexts.set(sql, (text = numberPlaceholders(sql)));
  return text;
}

function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Several statements as one: the writes become data-modifying CTEs, which PostgreSQL runs exactly
 * once each, in one round trip; a final SELECT (the notifications) is the main query. Foreign keys
 * are checked at the end of the statement, so rows may reference rows of an earlier part.
 */
function combinedPg(statements: Statement[]): [string, unknown[]] {
  const last = statements.at(-1)![0];
  const main = /^\s*select\b/i.test(last) ? last : null;
  const parts = (main ? statements.slice(0, -1) : statements).map(([sql], i) => `w${i} as (${sql})`);
  // Not cached: the text varies with every batch's row counts.
  return [numberPlaceholders(`with ${parts.join(', ')} ${main ?? 'select 1'}`), statements.flatMap(([, params]) => params)];
}

/**
 * PostgreSQL: the transaction's connection, through Kysely's driver but without building queries.
 * A batch's held writes and its notifications go out as one statement.
 */
export function pgRunner(conn: Kysely<Database>): RawRunner {
  const pending = new Map<string, [string, string]>();
  const run = (text: string, values: unknown[]) => conn.executeQuery(bypassWriteBehind(CompiledQuery.raw(text, values)));
  const exec = async (sql: string, values: unknown[]) => (await run(toPg(sql), values)).rows as Row[];
  const writeBehind = new WriteBehind(exec, async (statements) => void (await run(...combinedPg(statements))));
  return {
    writeBehind,
    exec,
    defer: (channel, payload) => void pending.set(`${channel}\n${payload}`, [channel, payload]),
    async flush() {
      const pairs = [...pending.values()];
      pending.clear();
      const notify: Statement[] = pairs.length ? [['select pg_notify(c, p) from unnest(?::text[], ?::text[]) as t(c, p)', [pairs.map((x) => x[0]), pairs.map((x) => x[1])]]] : [];
      await writeBehind.flush(notify);
    },
  };
}
