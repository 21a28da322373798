/** SQLite: one process, one writer connection; transactions are serial, so locks are no-ops. */
import { sql } from 'kysely';
import type { Engine } from '../engine.ts';

const none = sql.raw('');

export const sqliteEngine: Engine = {
  name: 'sqlite',
  sharedByNodes: false,
  serialWrites: true,
  beginSql: 'begin immediate',
  skipLocked: () => none,
  lockKey: async () => {},
  lockTable: async () => {},
  // One node: nobody else to tell, and nobody to hear.
  notify: async () => {},
  // The node lock (ops/node-lock.ts) keeps a second node off the data directory.
  withSessionLock: (db, _key, work) => work(db),
  // Its writes are made durable by the batch's WAL fsync, which other writes share anyway.
  relaxDurability: async () => {},
  listen: async () => async () => {},
};
