/** Opens PostgreSQL: a pg pool under Kysely's PostgresDialect. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OpenedDatabase } from '../engine.ts';
import { pgRunner } from './raw-runner.ts';
import type { Database } from '../schema.ts';
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
  const dialect = new PostgresDialect({ pool });
  const db = new Kysely<Database>({ dialect });
  return {
    engine: postgresEngine(pool),
    db,
    dialect,
    runnerFor: pgRunner,
    // Kysely's driver ends the pool.
    close: () => db.destroy(),
  };
}
