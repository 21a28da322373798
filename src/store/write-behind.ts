/**
 * Write-behind inside one write transaction. A batch of messages used to cost, per message, an
 * insert into messages, one into events, one per delivery, a bump of the conversation's sequence
 * counter and two lookups (webhooks, actions). On PostgreSQL each is a network round trip made
 * while the batch holds the conversation's row lock: a batch of 25 took about 27 ms and ingest
 * stalled near 900 messages/s. Here those statements are held instead:
 *
 * - hot-path inserts are kept in memory and written as one multi-row insert per table;
 * - a deferred update keeps only its latest version per key (the sequence counters: one UPDATE
 *   locks the batch's conversations and reads their counters, one writes them back);
 * - lookups that only read what the hot path never writes are memoised for the transaction, and
 *   fetched for all the batch's keys (conversations) at once.
 *
 * Everything held is written before any other statement runs on the transaction's connection
 * (Kysely queries included: see `wrapDriver`) and before commit, so every statement still sees
 * every earlier write of its transaction; on PostgreSQL one flush is one statement. Any other
 * write forgets the memoised lookups.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';

export type Row = Record<string, unknown>;
/** runs a statement on the transaction's connection, bypassing the write-behind */
export type Exec = (sql: string, params: unknown[]) => Row[] | Promise<Row[]>;
export type Statement = [sql: string, params: unknown[]];
/** runs several statements (no results wanted) as one, in order */
export type ExecAll = (statements: Statement[]) => Promise<void>;

/** rows per multi-row insert: well under SQLite's and PostgreSQL's parameter limits */
const ROWS_PER_STATEMENT = 64;

interface HeldInsert {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

export class WriteBehind {
  readonly #exec: Exec;
  readonly #execAll: ExecAll | undefined;
  readonly #inserts = new Map<unknown, HeldInsert>();
  readonly #updates = new Map<string, () => Statement>();
  readonly #memoByKey = new Map<(placeholders: string) => string, Map<string, Map<string, Row[]>>>();
  readonly #locals = new Map<string, unknown>();
  #flushing = false;
  #closed = false;
  /** the keys (conversation ids) of the batch's writes: lookups by key fetch them all at once */
  keys: readonly string[] = [];

  constructor(exec: Exec, execAll?: ExecAll) {
    this.#exec = exec;
    this.#execAll = execAll;
  }

  /** The transaction ended: nothing held may be written after it, even by a late caller. */
  close(): void {
    this.#closed = true;
    this.#inserts.clear();
    this.#updates.clear();
    this.#memoByKey.clear();
  }

  /**
   * A write of the transaction was rolled back to its savepoint (write-batcher.ts): what it left
   * held is dropped, and per-transaction state and memoised reads, which may reflect what the
   * rollback undid, start afresh (the sequence counters are read again).
   */
  discard(): void {
    this.#inserts.clear();
    this.#updates.clear();
    this.#memoByKey.clear();
    this.#locals.clear();
  }

  get pending(): boolean {
    return this.#inserts.size > 0 || this.#updates.size > 0;
  }

  /** Holds a row for `table`; rows of one table keep their order, tables are written in first-use order. */
  insert(table: string, columns: readonly string[], row: unknown[]): void {
    // Keyed by the column list itself (callers pass one constant array per statement), which
    // spares building a string per row; a list shared by two tables falls back to a string key.
    const first = this.#inserts.get(columns);
    const key = !first || first.table === table ? columns : `${table}(${columns.join(',')})`;
    let held = this.#inserts.get(key);
    if (!held) this.#inserts.set(key, (held = { table, columns, rows: [] }));
    held.rows.push(row);
  }

  /**
   * Holds an update; a later one with the same key replaces it. `build` runs at flush time. It
   * must not touch rows held for insert: PostgreSQL runs a flush as one statement, whose parts do
   * not see each other's rows.
   */
  deferUpdate(key: string, build: () => Statement): void {
    this.#updates.delete(key); // re-inserted last, so updates run in the order they were last made
    this.#updates.set(key, build);
  }

  /** Per-transaction state of a caller (the sequence counters). */
  local<T>(key: string, create: () => T): T {
    let value = this.#locals.get(key) as T | undefined;
    if (value === undefined) this.#locals.set(key, (value = create()));
    return value;
  }

  /**
   * A memoised read by key, for every key of the batch at once: `sql` gets the placeholders of
   * the keys (after `params`), and its rows are grouped by `keyColumn`. Ten conversations in a
   * batch cost one lookup, not ten round trips. Only for reads of tables the held writes never
   * change, so it runs without writing what is held first.
   */
  async memoByKey(sql: (placeholders: string) => string, params: unknown[], keyColumn: string, key: string): Promise<Row[]> {
    // Nested maps, not one long string key: this runs once per event on the ingest hot path.
    let byParams = this.#memoByKey.get(sql);
    if (!byParams) this.#memoByKey.set(sql, (byParams = new Map()));
    const paramsKey = params.join('\u0000');
    let byKey = byParams.get(paramsKey);
    if (!byKey) byParams.set(paramsKey, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit) return hit;
    const keys = this.keys.includes(key) ? this.keys : [key];
    const rows = await this.run(sql(keys.map(() => '?').join(', ')), [...params, ...keys], { independent: true });
    // run() forgets memoised reads when it writes; this one is a read, so byKey is still ours.
    for (const k of keys) byKey.set(k, []);
    for (const row of rows) byKey.get(String(row[keyColumn]))?.push(row);
    return byKey.get(key)!;
  }

  /**
   * Runs a statement after writing what is held; a write forgets the memoised reads. `independent`:
   * the statement neither reads nor writes what may be held, so the held rows can wait (a batch
   * that takes ten conversations' sequence numbers would otherwise write its rows ten times).
   */
  async run(sql: string, params: unknown[], { independent = false } = {}): Promise<Row[]> {
    if (this.#closed) throw new Error('this write transaction has ended');
    this.before(sql);
    if (this.pending && !independent) await this.flush();
    return this.#exec(sql, params);
  }

  /** What must happen before another statement runs: a write makes memoised reads stale. */
  before(sql: string): void {
    if (!/^\s*select\b/i.test(sql)) {
      this.#memoByKey.clear();
    }
  }

  get flushing(): boolean {
    return this.#flushing;
  }

  /**
   * Writes everything held: inserts first (table by table, in order), then the deferred updates,
   * then `extra` (the runner's batched notifications). Where the runner can send several statements
   * as one (PostgreSQL), they go in one round trip.
   */
  async flush(extra: Statement[] = []): Promise<void> {
    if (this.#flushing || this.#closed || (!this.pending && !extra.length)) return;
    this.#flushing = true;
    try {
      const statements: Statement[] = [];
      for (const held of this.#inserts.values()) {
        for (let i = 0; i < held.rows.length; i += ROWS_PER_STATEMENT) {
          const chunk = held.rows.slice(i, i + ROWS_PER_STATEMENT);
          statements.push([insertSql(held.table, held.columns, chunk.length), chunk.flat()]);
        }
      }
      for (const build of this.#updates.values()) statements.push(build());
      statements.push(...extra);
      this.#inserts.clear();
      this.#updates.clear();
      if (this.#execAll && statements.length > 1) await this.#execAll(statements);
      else for (const [sql, params] of statements) await this.#exec(sql, params);
    } finally {
      this.#flushing = false;
    }
  }
}

const insertTexts = new Map<string, string>();
function insertSql(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join(',')})${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    insertTexts.set(key, (text = `insert into ${table} (${columns.join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`));
  }
  return text;
}

/** The write-behind of the write transaction the current async call chain runs in. */
export const writeBehindScope = new AsyncLocalStorage<WriteBehind>();

/** Queries the write-behind itself (and the raw runner, which flushes on its own) sends through Kysely. */
const bypass = new WeakSet<CompiledQuery>();
export function bypassWriteBehind(query: CompiledQuery): CompiledQuery {
  bypass.add(query);
  return query;
}

/**
 * Makes a Kysely driver's connections honour the write-behind of the transaction in scope: a
 * Kysely query issued inside a write transaction first writes what is held.
 */
export function wrapDriver(driver: Driver): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  const release = driver.releaseConnection.bind(driver);
  const outers = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inners = new WeakMap<DatabaseConnection, DatabaseConnection>();
  driver.acquireConnection = async (options?: Parameters<Driver['acquireConnection']>[0]) => {
    const connection = await acquire(options);
    let outer = outers.get(connection);
    if (!outer) {
      outer = {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          const wb = writeBehindScope.getStore();
          if (wb && !wb.flushing && !bypass.has(query)) {
            wb.before(query.sql);
            if (wb.pending) await wb.flush();
          }
          return connection.executeQuery<R>(query);
        },
        streamQuery: <R>(query: CompiledQuery, chunkSize: number) => connection.streamQuery<R>(query, chunkSize),
      };
      outers.set(connection, outer);
      inners.set(outer, connection);
    }
    return outer;
  };
  // The driver's own methods get back the connection it handed out (PostgreSQL's keep private state on it).
  const inner = (connection: DatabaseConnection) => inners.get(connection) ?? connection;
  driver.releaseConnection = (connection) => release(inner(connection));
  const begin = driver.beginTransaction.bind(driver);
  const commit = driver.commitTransaction.bind(driver);
  const rollback = driver.rollbackTransaction.bind(driver);
  driver.beginTransaction = (connection, settings) => begin(inner(connection), settings);
  driver.commitTransaction = async (connection) => {
    const wb = writeBehindScope.getStore();
    if (wb?.pending) await wb.flush();
    return commit(inner(connection));
  };
  driver.rollbackTransaction = (connection) => rollback(inner(connection));
  return driver;
}
