/**
 * The write hot path (a message, its event, its outbox rows) runs the same few statements thousands
 * of times a second. Kysely builds and compiles a query object on every call, which cost more than
 * SQLite's own work there, so those statements are written once as portable SQL with `?`
 * placeholders and run on the transaction's connection: prepared statements on node:sqlite,
 * `$n` placeholders on PostgreSQL. Everything else uses Kysely.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Database } from './schema.ts';

export type Row = Record<string, unknown>;
export interface RawRunner {
  all(sql: string, params: unknown[]): Row[] | Promise<Row[]>;
  run(sql: string, params: unknown[]): unknown;
  /** PostgreSQL: collects a notification to send, once, just before the transaction commits */
  defer?(channel: string, payload: string): void;
  /** sends what `defer` collected (the batcher calls it right before commit) */
  flush?(): Promise<void>;
}

/** The runner bound to a write transaction's Kysely instance, if any. */
export const boundRunner = (db: Kysely<Database>): RawRunner | undefined => runners.get(db);

const runners = new WeakMap<object, RawRunner>();

/** Binds a runner to the Kysely instance a write transaction hands to its callers. */
export function bindRunner(db: Kysely<Database>, runner: RawRunner): void {
  runners.set(db, runner);
}

function runnerOf(db: Kysely<Database>): RawRunner {
  const runner = runners.get(db);
  if (!runner) throw new Error('raw SQL runs only inside store.write()');
  return runner;
}

export async function rawAll<T = Row>(db: Kysely<Database>, sql: string, params: unknown[]): Promise<T[]> {
  return (await runnerOf(db).all(sql, params)) as T[];
}

export async function rawRun(db: Kysely<Database>, sql: string, params: unknown[]): Promise<void> {
  await runnerOf(db).run(sql, params);
}

/** node:sqlite: cached prepared statements on the single connection the batcher holds. */
export function sqliteRunner(raw: DatabaseSync): RawRunner {
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = raw.prepare(sql)));
    return stmt;
  };
  const params = (values: unknown[]) => values.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v)) as (string | number | null)[];
  return {
    all: (sql, values) => prepare(sql).all(...params(values)) as Row[],
    run: (sql, values) => prepare(sql).run(...params(values)),
  };
}

const pgTexts = new Map<string, string>();
/** `?` placeholders become `$1, $2, …` (our hot-path SQL has no `?` inside literals). */
function toPg(sql: string): string {
  let text = pgTexts.get(sql);
  if (!text) {
    let n = 0;
    pgTexts.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
  }
  return text;
}

/**
 * PostgreSQL: the transaction's connection, through Kysely's driver but without building queries.
 * Notifications of a whole batch go out in one statement instead of one round trip per event.
 */
export function pgRunner(conn: Kysely<Database>): RawRunner {
  const pending = new Map<string, [string, string]>();
  return {
    all: async (sql, values) => (await conn.executeQuery(CompiledQuery.raw(toPg(sql), values))).rows as Row[],
    run: (sql, values) => conn.executeQuery(CompiledQuery.raw(toPg(sql), values)),
    defer: (channel, payload) => void pending.set(`${channel}\n${payload}`, [channel, payload]),
    async flush() {
      if (!pending.size) return;
      const pairs = [...pending.values()];
      pending.clear();
      await conn.executeQuery(
        CompiledQuery.raw('select pg_notify(c, p) from unnest($1::text[], $2::text[]) as t(c, p)', [pairs.map((x) => x[0]), pairs.map((x) => x[1])]),
      );
    },
  };
}
