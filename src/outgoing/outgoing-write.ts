/**
 * Where the delivery engine's writes (claims, outcomes, releases, heartbeats) run.
 * - Where writes are serial (SQLite's one writer), they join the group-committed write batcher like
 *   every other write.
 * - Otherwise (PostgreSQL), a transaction of its own on another pooled connection. The batcher's
 *   connection is busy with message ingest (several round trips per message); queueing claims
 *   behind it made deliveries wait hundreds of milliseconds at 500 messages/s. This is safe to run
 *   beside the batcher: claims skip locked rows, outcomes touch rows only their lease holder writes,
 *   and any conversation rows (bot replies) are locked in id order, as the batcher does.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { WriteTx } from '../store/write/write-tx.ts';

/**
 * Statements on Kysely alone. `atomic: false` (claims, releases, heartbeats: each statement stands
 * alone) runs them without BEGIN and COMMIT where writes are not serial, two round trips fewer.
 */
export function writeOutgoing<T>(store: Store, fn: (db: Kysely<Database>) => Promise<T>, { atomic = true } = {}): Promise<T> {
  if (store.engine.serialWrites) return store.write('', (tx) => fn(tx.db));
  if (!atomic) return fn(store.db);
  return store.write('', (tx) => fn(tx.db), { ownTransaction: true });
}

/** A write that needs its transaction's WriteTx: outcomes, with the bot replies and notices they post. */
export function writeOutgoingTx<T>(store: Store, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return store.write('', fn, { ownTransaction: !store.engine.serialWrites });
}
