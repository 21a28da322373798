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
  listen: async () => async () => {},
};
