/**
 * Adapts `node:sqlite` to the small interface Kysely's SqliteDialect drives (it was written for
 * better-sqlite3). Written here because no maintained adapter for node:sqlite fits Kysely 0.29:
 * it spreads parameters, reports `reader` from the statement's columns, and caches prepared
 * statements, since Kysely prepares every query again.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { WriteCounter } from './durable-dialect.ts';

type Param = null | number | bigint | string | Uint8Array;
const STATEMENT_CACHE_SIZE = 500;

function toParam(value: unknown): Param {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  return value as Param;
}

function wrap(stmt: StatementSync, counter: WriteCounter): SqliteStatement {
  const reader = stmt.columns().length > 0;
  return {
    reader,
    all: (params) => stmt.all(...params.map(toParam)),
    run: (params) => {
      counter.writes++;
      return stmt.run(...params.map(toParam));
    },
    iterate: (params) => stmt.iterate(...params.map(toParam)) as IterableIterator<unknown>,
  };
}

export function openNodeSqlite(file: string): { kysely: SqliteDatabase; raw: DatabaseSync; counter: WriteCounter } {
  const raw = new DatabaseSync(file);
  // WAL lets readers run beside the writer. synchronous=NORMAL syncs checkpoints safely but not each
  // commit: writes are made durable by the WAL fsync of wal-sync.ts, off the event loop, before any
  // writer is acknowledged.
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  const cache = new Map<string, SqliteStatement>();
  const counter: WriteCounter = { writes: 0 };
  const kysely: SqliteDatabase = {
    close: () => raw.close(),
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = wrap(raw.prepare(sql), counter);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
  return { kysely, raw, counter };
}
