/**
 * One Store over either engine. Queries are shared Kysely code; what differs between the engines
 * (how they open, begin a write, lock, claim work, notify other nodes) is the Engine (engine.ts),
 * implemented in sqlite/ and postgres/. README.md beside this file maps the folder.
 */
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { WriteBatcher, type WriteFn } from './write/write-batcher.ts';
import { openTokenSeal } from './secrets/open-token-seal.ts';
import type { TokenSeal } from './secrets/token-seal.ts';
import type { Engine, OpenedDatabase } from './engine.ts';
import { openSqlite } from './sqlite/open.ts';
import type { AroundFsync } from './sqlite/wal-sync.ts';
import { openPostgres } from './postgres/open.ts';


export interface Store {
  readonly engine: Engine;
  /** reads and single-statement writes */
  readonly db: Kysely<Database>;
  /**
   * A group-committed write transaction, handed to `fn` as a WriteTx (store/write/write-tx.ts);
   * resolves after commit. `key` (a conversation id) orders locks. `ownTransaction`: a transaction
   * of its own on another connection, beside the batches (only where writes are not serial).
   * @example await store.write(conversationId, (tx) => tx.db.insertInto('cases').values(row).execute())
   */
  write<T>(key: string, fn: WriteFn<T>, options?: { ownTransaction?: boolean }): Promise<T>;
  /** waits for queued writes, then closes every connection */
  close(): Promise<void>;
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
  /** SQLite, tests only: wraps each WAL fsync to observe or hold the durability barrier (the real fsync still runs) */
  aroundWalFsync?: AroundFsync;
}

/** Opens the engine DATABASE_URL names (PostgreSQL; empty: SQLite in DATA_DIR), migrates it and composes the Store. */
export async function openStore(options: StoreOptions, { migrate = true } = {}): Promise<Store> {
  const opened: OpenedDatabase = options.databaseUrl
    ? openPostgres({ url: options.databaseUrl, poolSize: options.pgPoolSize })
    : openSqlite({ dataDir: options.dataDir, aroundWalFsync: options.aroundWalFsync });
  const { engine, db } = opened;
  if (migrate) await migrateToLatest(db);
  // Before any token is read: a wrong key fails the open, and tokens 007 left in plaintext are sealed.
  const tokenSeal = await openTokenSeal(db, { engine: engine.name, dataDir: options.dataDir, configured: options.secretKey ?? '' }).catch(async (error) => {
    await opened.close();
    throw error;
  });
  const batcher = new WriteBatcher(db, {
    maxBatch: options.writeBatchMax,
    beginSql: engine.beginSql,
    runnerFor: opened.runnerFor,
    dialect: opened.dialect,
    durable: opened.durable,
    onBatch: options.onBatch,
  });
  return {
    engine,
    db,
    tokenSeal,
    write: (key, fn, options) => (options?.ownTransaction ? batcher.runAlone(key, fn) : batcher.run(key, fn)),
    async close() {
      await batcher.idle();
      await opened.close();
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
