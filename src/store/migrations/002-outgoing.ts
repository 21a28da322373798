/**
 * Outgoing webhooks: subscriptions (`webhooks`), the outbox (`deliveries`: one event × one webhook)
 * and the immutable log of every try (`delivery_attempts`).
 *
 * The claim queries lean on partial indexes whose predicates they repeat literally (SQLite only
 * uses a partial index when the query's WHERE contains the same terms, never bound parameters).
 */
import { sql, type Kysely } from 'kysely';

/** Deliveries that still have to go out (a `sending` one whose lease expired goes out again). */
export const OPEN_STATUSES_SQL = "status in ('pending', 'failed', 'sending')";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_until', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('parallel', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_hook_id', 'text')
    .addColumn('failing_since', 'bigint')
    .addColumn('disabled_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_conversation').on('webhooks').column('conversation_id').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('sample', 'text')
    .addColumn('ordered', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('manual_retry', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The head of each ordered webhook's line: min(seq) among its open deliveries.
  await sql`create index deliveries_ordered_open on deliveries (webhook_id, seq) where ordered = 1 and ${sql.raw(OPEN_STATUSES_SQL)}`.execute(db);
  // Due deliveries that need no order (parallel webhooks, test deliveries).
  await sql`create index deliveries_unordered_due on deliveries (next_attempt_at) where ordered = 0 and ${sql.raw(OPEN_STATUSES_SQL)}`.execute(db);
  await sql`create index deliveries_manual on deliveries (webhook_id) where manual_retry = 1`.execute(db);
  // The delivery log (newest first) and replay-since.
  await db.schema.createIndex('deliveries_webhook_created').on('deliveries').columns(['webhook_id', 'created_at']).execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('manual', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'started_at']).execute();
}
