/**
 * Opens SQLite: DATA_DIR/switchboard.db on node:sqlite in WAL mode, under Kysely's SqliteDialect
 * made durable (durable-dialect.ts), with the WAL fsync (wal-sync.ts) as the write batcher's
 * durability barrier.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely } from 'kysely';
import type { OpenedDatabase } from '../engine.ts';
import { sqliteRunnerFactory } from './raw-runner.ts';
import type { Database } from '../schema.ts';
import { DurableSqliteDialect } from './durable-dialect.ts';
import { sqliteEngine } from './engine.ts';
import { openNodeSqlite } from './node-sqlite-database.ts';
import { WalSync, type AroundFsync } from './wal-sync.ts';

export interface SqliteOptions {
  dataDir: string;
  /** tests: wraps every WAL fsync, to observe or hold the durability barrier (wal-sync.ts) */
  aroundWalFsync?: AroundFsync;
}

export function openSqlite(options: SqliteOptions): OpenedDatabase {
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'switchboard.db');
  const { kysely, raw, counter } = openNodeSqlite(file);
  const wal = new WalSync(`${file}-wal`, options.aroundWalFsync);
  const durable = () => wal.sync();
  const dialect = new DurableSqliteDialect({ database: kysely }, counter, durable);
  const db = new Kysely<Database>({ dialect });
  return {
    engine: sqliteEngine,
    db,
    dialect,
    runnerFor: sqliteRunnerFactory(raw),
    durable,
    async close() {
      await wal.close();
      await db.destroy();
    },
  };
}
