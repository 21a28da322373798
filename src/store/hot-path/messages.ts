/** The message row of the write path: held, and written with the batch's other messages in one insert. */
import type { MessagesTable } from '../schema.ts';
import type { WriteTx } from '../write/write-tx.ts';
import { statement } from '../write/statements.ts';

const MESSAGE_COLUMNS: readonly (keyof MessagesTable)[] = ['id', 'conversation_id', 'seq', 'body', 'sender_type', 'sender_id', 'sender_name', 'sender_avatar_url', 'case_id', 'direction', 'rich', 'origin_webhook_id', 'external_id', 'created_at'];

/** every column of a message row (schema.ts) */
export type MessageRow = MessagesTable;

/** Holds the message for insert (not awaited: written before the next statement on messages, or at commit). */
export function holdMessage(tx: WriteTx, row: MessageRow): void {
  tx.hold('messages', MESSAGE_COLUMNS, MESSAGE_COLUMNS.map((c) => row[c]));
}

const SELECT_ORIGIN = statement('select origin_webhook_id from messages where id = ?', 'messages');

/** The webhook whose reply the message is (its origin_webhook_id), or null. */
export async function messageOriginWebhook(tx: WriteTx, messageId: string): Promise<string | null> {
  const [row] = await tx.run<{ origin_webhook_id: string | null }>(SELECT_ORIGIN, [messageId]);
  return row?.origin_webhook_id ?? null;
}
