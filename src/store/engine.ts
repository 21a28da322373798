/**
 * What differs between the engines, in one place. Code outside src/store/ asks the engine for a
 * capability or a statement; it never compares engine names. SQLite (store/sqlite/) is one process
 * with one writer connection; PostgreSQL (store/postgres/) may be shared by nodes. Each engine
 * folder opens its database (`openSqlite`, `openPostgres`); store.ts composes the Store on top.
 */
import type { Dialect, Kysely, RawBuilder } from 'kysely';
import type { Database } from './schema.ts';
import type { RunnerFor } from './write/raw-runner.ts';

export type EngineName = 'sqlite' | 'postgres';

export type Notified = (channel: string, payload: string) => void;
export interface ListenLog {
  warn(details: object, message: string): void;
}

export interface Engine {
  /** for reports and logs only (`/ready`, the start-up line), never for branching */
  readonly name: EngineName;
  /** several nodes may run on this database at once: leases, caches and rate counts are shared */
  readonly sharedByNodes: boolean;
  /** every write transaction runs on one connection, one after another (SQLite's single writer) */
  readonly serialWrites: boolean;
  /** the statement that opens a write transaction (`begin immediate` takes SQLite's write lock up front) */
  readonly beginSql: string;
  /** ends a claim's SELECT: rows another transaction holds are skipped, not waited for (empty when writes are serial) */
  skipLocked(alias: string): RawBuilder<unknown>;
  /** holds `key` until the current transaction ends, so two transactions on one key run one after the other */
  lockKey(db: Kysely<Database>, key: string): Promise<void>;
  /** keeps other transactions from writing `table` until the current one ends */
  lockTable(db: Kysely<Database>, table: keyof Database & string): Promise<void>;
  /** tells the other nodes now, outside a write transaction (inside one, the write transaction sends it at commit) */
  notify(db: Kysely<Database>, channel: string, payload: string): Promise<void>;
  /**
   * Runs `work` on a connection of its own that holds `key` for the whole session (across its
   * transactions), so that one node at a time does it; resolves to null without running it while
   * another holds the key. Where one node is alone on its database, `work` always runs.
   */
  withSessionLock<T>(db: Kysely<Database>, key: number, work: (conn: Kysely<Database>) => Promise<T>): Promise<T | null>;
  /** lets the current transaction commit without waiting for the disk: for work a crash may lose and the next run redoes */
  relaxDurability(db: Kysely<Database>): Promise<void>;
  /**
   * Hears what other nodes `notify` on `channels`, once their transaction committed, on a
   * connection of its own that reconnects after errors. Returns the stopper. A no-op where one
   * node is alone on its database.
   * @example const stop = await store.engine.listen(['events'], (channel, payload) => wake(payload), log)
   */
  listen(channels: string[], onNotification: Notified, log: ListenLog): Promise<() => Promise<void>>;
}

/** One engine's open database: what store.ts composes into a Store. */
export interface OpenedDatabase {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** the dialect `db` was built with (each write transaction's own Kysely shares its compiler) */
  readonly dialect: Dialect;
  /** the hot-path runner for the connection a write transaction holds (store/write/raw-runner.ts) */
  readonly runnerFor: RunnerFor;
  /** resolves once every commit made so far is on disk (SQLite's WAL fsync); absent: a commit returns durable */
  readonly durable?: () => Promise<void>;
  /** closes every connection; the writes must have finished */
  close(): Promise<void>;
}
