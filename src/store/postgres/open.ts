/** Opens PostgreSQL: a pg pool under Kysely's PostgresDialect, its connections honouring the write-behind. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OpenedDatabase } from '../engine.ts';
import { pgRunner } from '../raw-sql.ts';
import type { Database } from '../schema.ts';
import { wrapDriver } from '../write-behind.ts';
import { postgresEngine } from './engine.ts';

// PostgreSQL returns bigint columns as strings; our bigints are epoch milliseconds and counters,
// all far below 2^53, so numbers are exact.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface PostgresOptions {
  url: string;
  /** connections of this process (PG_POOL_SIZE) */
  poolSize?: number;
}

export function openPostgres(options: PostgresOptions): OpenedDatabase {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  const db = new Kysely<Database>({ dialect: new WriteBehindPostgresDialect({ pool }) });
  return {
    engine: postgresEngine(pool),
    db,
    runnerFor: pgRunner,
    // Kysely's driver ends the pool.
    close: () => db.destroy(),
  };
}

/** Kysely's PostgresDialect whose connections honour a write transaction's write-behind. */
class WriteBehindPostgresDialect extends PostgresDialect {
  createDriver() {
    return wrapDriver(super.createDriver());
  }
}
