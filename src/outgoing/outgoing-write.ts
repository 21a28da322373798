/**
 * Where the delivery engine's writes (claims, outcomes, releases, heartbeats) run.
 * - SQLite has one writer: they join the group-committed write batcher like every other write.
 * - PostgreSQL: a transaction on a pooled connection of their own. The batcher's single connection
 *   is busy with message ingest (several round trips per message); queueing claims behind it made
 *   deliveries wait hundreds of milliseconds at 500 messages/s. This is safe to run beside the
 *   batcher: claims skip locked rows, outcomes touch rows only their lease holder writes, and any
 *   conversation rows (bot replies) are locked in id order, as the batcher does.
 */
import type { Kysely } from 'kysely';
import { pgRunner, withRunner } from '../store/raw-sql.ts';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

/**
 * `atomic: false` (claims, releases, heartbeats: each statement stands alone) lets PostgreSQL run
 * the statements without BEGIN and COMMIT, two round trips fewer.
 */
export function writeOutgoing<T>(store: Store, fn: (db: Kysely<Database>) => Promise<T>, { atomic = true } = {}): Promise<T> {
  if (store.engine.serialWrites) return store.write('', fn);
  if (!atomic) return fn(store.db);
  // Message writes inside (bot replies) use the prepared hot-path SQL, which needs a runner; what
  // it holds is written, and the notifications go out, before the commit, as in the write batcher.
  return store.db.transaction().execute((trx) => withRunner(trx, pgRunner(trx), () => fn(trx)));
}
