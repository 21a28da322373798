/** PostgreSQL: nodes share the database; row and advisory locks keep their transactions apart. */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Engine } from '../engine.ts';
import { listenForNotifications } from './listen.ts';

/** The engine of one pool: `listen` takes a connection of its own from it. */
export function postgresEngine(pool: pg.Pool): Engine {
  return {
    name: 'postgres',
    sharedByNodes: true,
    serialWrites: false,
    beginSql: 'begin',
    skipLocked: (alias) => sql.raw(`for update of ${alias} skip locked`),
    lockKey: async (db, key) => void (await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db)),
    lockTable: async (db, table) => void (await sql`lock table ${sql.table(table)} in share row exclusive mode`.execute(db)),
    notify: async (db, channel, payload) => void (await sql`select pg_notify(${channel}, ${payload})`.execute(db)),
    withSessionLock: (db, key, work) =>
      db.connection().execute(async (conn) => {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(conn);
        if (!rows[0]?.locked) return null;
        try {
          return await work(conn);
        } finally {
          await sql`select pg_advisory_unlock(${key})`.execute(conn);
        }
      }),
    relaxDurability: async (db) => void (await sql`set local synchronous_commit = off`.execute(db)),
    listen: (channels, onNotification, log) => listenForNotifications(pool, channels, onNotification, log),
  };
}
