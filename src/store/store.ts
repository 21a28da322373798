/**
 * One Store over either engine. Queries are shared Kysely code (see repos/); the engines differ only
 * in how they open, begin a write, claim work and notify other nodes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { openNodeSqlite } from './sqlite/node-sqlite-database.ts';
import { WalSync } from './sqlite/wal-sync.ts';
import { DurableSqliteDialect } from './sqlite/durable-dialect.ts';
import { WriteBatcher, type WriteFn } from './write-batcher.ts';
import { boundRunner, pgRunner, sqliteRunnerFactory, type RawRunner } from './raw-sql.ts';
import { wrapDriver } from './write-behind.ts';
import { openTokenSeal } from './secrets/open-token-seal.ts';
import type { TokenSeal } from './secrets/token-seal.ts';
import type { Engine } from './engine.ts';
import { sqliteEngine } from './sqlite/engine.ts';
import { postgresEngine } from './postgres/engine.ts';


export interface Store {
  readonly engine: Engine;
  /** reads and single-statement writes */
  readonly db: Kysely<Database>;
  /** a group-committed write transaction; resolves after commit. `key` (a conversation id) orders locks. */
  write<T>(key: string, fn: WriteFn<T>): Promise<T>;
  /** waits for queued writes, then closes every connection */
  close(): Promise<void>;
  /** only on PostgreSQL: the pool, for LISTEN connections */
  readonly pgPool: pg.Pool | null;
  /** seals and opens hook and bridge tokens; its key was checked against the database at open */
  readonly tokenSeal: TokenSeal;
}

export interface StoreOptions {
  databaseUrl: string;
  dataDir: string;
  writeBatchMax: number;
  pgPoolSize?: number;
  onBatch?: (size: number) => void;
  /** SWITCHBOARD_SECRET_KEY; empty or absent: the generated key (src/store/secrets/secret-key.ts) */
  secretKey?: string;
}

// PostgreSQL returns bigint columns as strings; our bigints are epoch milliseconds and counters,
// all far below 2^53, so numbers are exact.
pg.types.setTypeParser(20, (v: string) => Number(v));

export async function openStore(options: StoreOptions, { migrate = true } = {}): Promise<Store> {
  const engine: Engine = options.databaseUrl ? postgresEngine : sqliteEngine;
  let db: Kysely<Database>;
  let pool: pg.Pool | null = null;
  let runnerFor: (conn: Kysely<Database>) => RawRunner;
  let walSync: WalSync | null = null;
  if (options.databaseUrl) {
    pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.pgPoolSize ?? 10 });
    db = new Kysely<Database>({ dialect: new WriteBehindPostgresDialect({ pool }) });
    runnerFor = pgRunner;
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'switchboard.db');
    const { kysely, raw, counter } = openNodeSqlite(file);
    const wal = (walSync = new WalSync(`${file}-wal`));
    db = new Kysely<Database>({ dialect: new DurableSqliteDialect({ database: kysely }, counter, () => wal.sync()) });
    runnerFor = sqliteRunnerFactory(raw);
  }
  if (migrate) await migrateToLatest(db);
  // Before any token is read: a wrong key fails the open, and tokens 007 left in plaintext are sealed.
  const tokenSeal = await openTokenSeal(db, { engine: engine.name, dataDir: options.dataDir, configured: options.secretKey ?? '' }).catch(async (error) => {
    await db.destroy();
    throw error;
  });
  const batcher = new WriteBatcher(db, {
    maxBatch: options.writeBatchMax,
    beginSql: engine.beginSql,
    runnerFor,
    durable: walSync ? () => walSync!.sync() : undefined,
    onBatch: options.onBatch,
  });
  return {
    engine,
    db,
    pgPool: pool,
    tokenSeal,
    write: (key, fn) => batcher.run(key, fn),
    async close() {
      await batcher.idle();
      await walSync?.close();
      await db.destroy();
    },
  };
}

/** Kysely's PostgresDialect whose connections honour a write transaction's write-behind. */
class WriteBehindPostgresDialect extends PostgresDialect {
  createDriver() {
    return wrapDriver(super.createDriver());
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Sends a PostgreSQL notification when the surrounding transaction commits; a no-op on SQLite. */
export async function notifyOnCommit(store: Store, db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  if (!store.engine.sharedByNodes) return;
  const runner = boundRunner(db);
  // Inside a group-committed write the batch sends its notifications together, just before commit.
  if (runner?.defer) runner.defer(channel, payload);
  else await store.engine.notify(db, channel, payload);
}
