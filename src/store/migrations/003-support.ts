/**
 * Support conversations and bridges: the contact, assignee and tags live on the conversation row
 * (kind `support`); bridges, their chats (one conversation per external chat id), the external
 * message ids seen for de-duplication and the log of ignored payloads get tables of their own.
 */
import type { Kysely } from 'kysely';

const CONVERSATION_COLUMNS = ['assignee_id', 'tags', 'contact_name', 'contact_phone', 'contact_email', 'contact_external_id', 'bridge_id'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const column of CONVERSATION_COLUMNS) {
    await db.schema.alterTable('conversations').addColumn(column, 'text').execute();
  }
  await db.schema.createIndex('conversations_assignee').on('conversations').column('assignee_id').execute();

  await db.schema
    .createTable('bridges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('operator_ids', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bridges_owner').on('bridges').column('owner_id').execute();

  await db.schema
    .createTable('bridge_chats')
    .addColumn('bridge_id', 'text', (c) => c.notNull().references('bridges.id').onDelete('cascade'))
    .addColumn('external_chat_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bridge_chats_pk', ['bridge_id', 'external_chat_id'])
    .execute();

  await db.schema
    .createTable('bridge_seen_messages')
    .addColumn('bridge_id', 'text', (c) => c.notNull().references('bridges.id').onDelete('cascade'))
    .addColumn('external_chat_id', 'text', (c) => c.notNull())
    .addColumn('external_message_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bridge_seen_messages_pk', ['bridge_id', 'external_chat_id', 'external_message_id'])
    .execute();

  await db.schema
    .createTable('bridge_ignored')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bridge_id', 'text', (c) => c.notNull().references('bridges.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('truncated', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bridge_ignored_bridge').on('bridge_ignored').columns(['bridge_id', 'created_at']).execute();
}
