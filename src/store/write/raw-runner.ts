/**
 * How an engine runs the write path's own statements on a transaction's connection, without
 * Kysely building and compiling a query object each time (that cost more than SQLite's own work
 * there): portable SQL with `?` placeholders, prepared statements on node:sqlite
 * (store/sqlite/raw-runner.ts), `$n` placeholders on PostgreSQL (store/postgres/raw-runner.ts).
 */
import type { DatabaseConnection } from 'kysely';
import type { Row, Statement } from './statements.ts';

export interface RawRunner {
  /** runs a statement at once (begin, commit, savepoints, the write-behind's own) */
  exec(sql: string, params: unknown[]): Row[] | Promise<Row[]>;
  /** runs several statements in one round trip, where the engine can (PostgreSQL) */
  execAll?(statements: Statement[]): Promise<void>;
  /** the statement sending notifications to the other nodes; absent where no other node listens */
  notify?(channels: string[], payloads: string[]): Statement;
}

/** An engine's runner for the connection a write transaction holds. */
export type RunnerFor = (connection: DatabaseConnection) => RawRunner;
