/**
 * Where pruning writes: one short transaction per batch, through the path each engine's other
 * writes take.
 * - SQLite has one connection and one writer: a batch joins the write batcher (src/store/write-
 *   batcher.ts) like any other write, so it takes its turn between ingest's batches, shares their
 *   commit and WAL fsync, and never holds the writer for more than one batch.
 * - PostgreSQL: one pooled connection of its own, holding a session advisory lock for the sweep, so
 *   one node prunes at a time and the others skip their sweep at the cost of one query. Ingest keeps
 *   the batcher's connection; a batch locks only the rows it deletes (picked SKIP LOCKED).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';

/** Runs `fn` as one transaction of its own. */
export type RunBatch = <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

/** The session lock's key for "a node is pruning" (any constant no other lock of ours uses). */
export const PRUNE_LOCK_KEY = 4_711_015_007;

/** Runs `work` with a batch runner; resolves to null (nothing done) if another node is pruning. */
export async function withPruneSession<T>(store: Store, work: (runBatch: RunBatch) => Promise<T>): Promise<T | null> {
  if (store.engine.serialWrites) return work((fn) => store.write('', (tx) => fn(tx.db)));
  return store.engine.withSessionLock(store.db, PRUNE_LOCK_KEY, (conn) =>
    work((fn) => conn.transaction().execute(async (trx) => {
      // A deletion lost in a crash is simply made again by the next sweep: no need to wait for the disk.
      await store.engine.relaxDurability(trx);
      return fn(trx);
    })),
  );
}
