/**
 * What retention's pruning (src/ops/retention/) looks rows up by, so each batch is an index range
 * and not a table scan. Events need none: they are scanned by their time-ordered primary key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Finished deliveries by when they finished; open ones (most of the churn) stay out of it. The
  // predicate is repeated literally by the pruning query (SQLite matches partial indexes by text).
  await sql`create index deliveries_finished on deliveries (updated_at) where status in ('delivered', 'dead')`.execute(db);
  // Whether any delivery still needs an event.
  await db.schema.createIndex('deliveries_event').on('deliveries').column('event_id').execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
  await db.schema.createIndex('bridge_seen_messages_created').on('bridge_seen_messages').column('created_at').execute();
  // Whether an attachment names a stored file (links have no sha256).
  await sql`create index attachments_sha256 on attachments (sha256) where sha256 is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['deliveries_finished', 'deliveries_event', 'idempotency_keys_created', 'bridge_seen_messages_created', 'attachments_sha256']) {
    await db.schema.dropIndex(index).execute();
  }
}
