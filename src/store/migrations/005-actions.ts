/**
 * Actions (event-triggered REST calls) and bridge replies, delivered by the outgoing engine.
 *
 * The engine's deliveries belong to a webhook row (claim, lease, order, health and the attempt log
 * all hang off it), so an action does not get a second queue: it gets one hidden "carrier" webhook
 * per conversation it fires in, format `rest`, marked by `webhooks.action_id` (the action's id, or
 * the bridge's id for the bridge's reply call). `deliveries.part` picks the attachment a file-variant
 * call sends (one delivery per file); null is the message's text call.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('cascade'))
    .addColumn('bridge_id', 'text', (c) => c.references('bridges.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('actions_conversation').on('actions').columns(['conversation_id', 'event']).execute();
  await db.schema.createIndex('actions_bridge').on('actions').columns(['bridge_id', 'event']).execute();

  await db.schema.alterTable('webhooks').addColumn('action_id', 'text').execute();
  // One carrier per (action, conversation); ordinary webhooks (null) are not constrained.
  await sql`create unique index webhooks_action_conversation on webhooks (action_id, conversation_id) where action_id is not null`.execute(db);
  await db.schema.alterTable('deliveries').addColumn('part', 'integer').execute();
}
