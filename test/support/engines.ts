/**
 * The databases every storage-touching test runs against. SQLite always; PostgreSQL when the
 * server at TEST_PG_URL answers. In CI (CI=true) PostgreSQL is required: its absence fails the run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type EngineName = 'sqlite' | 'postgres';
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const pgUp = await postgresReachable();
if (!pgUp) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is unreachable`);
  console.warn(`# PostgreSQL at ${PG_ADMIN_URL} is unreachable: PostgreSQL tests are SKIPPED on this machine (they are required in CI)`);
}

export const ENGINES: EngineName[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];
export const POSTGRES_AVAILABLE = pgUp;

/** Creates an empty PostgreSQL database for one test and returns its URL and a dropper. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      // Closed pools' backends may still be exiting; give them a moment before forcing the drop.
      for (let i = 0; i < 20; i++) {
        const left = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (left.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
