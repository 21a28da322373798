/**
 * One interpreted bridge message into its conversation, through postMessage (the one write path).
 * Visitor messages come from the contact (`direction: in`); messages the gateway reports as written
 * by our side (`from_operator`) are stored as the bridge (`sender.type: bot`, `direction: out`) and
 * never start or reopen a conversation. With `dedupe_by_message_id`, the external id is recorded in
 * the message's own transaction, so a repeat (even a concurrent one) is stored once.
 */
import type { InterpretedMessage } from '../../mapping/interpret.ts';
import type { CoreContext } from '../context.ts';
import { isUniqueViolation, postMessage, type AfterWrite, type NewMessage } from '../messages/post-message.ts';
import { now } from '../../lib/time.ts';
import type { LoadedBridge } from './bridge-view.ts';
import { findChat, resolveChat } from './resolve-chat.ts';

export type MessageOutcome =
  | { status: 'stored'; conversation_id: string; message_id: string }
  | { status: 'duplicate'; conversation_id: string; message_id: string }
  | { status: 'skipped'; reason: string };

export const OPERATOR_WITHOUT_CHAT = 'a message from our side does not start a conversation';

export async function storeBridgeMessage(ctx: CoreContext, bridge: LoadedBridge, message: InterpretedMessage): Promise<MessageOutcome> {
  const externalId = dedupeKey(bridge, message);
  if (externalId !== null) {
    const seen = await findSeen(ctx, bridge, message.chat_id, externalId);
    if (seen) return { status: 'duplicate', ...seen };
  }
  const conversationId = message.from_operator
    ? (await findChat(ctx.store.db, bridge.row.id, message.chat_id))?.id
    : (await resolveChat(ctx, bridge, message)).conversation_id;
  if (conversationId === undefined) return { status: 'skipped', reason: OPERATOR_WITHOUT_CHAT };
  const remember: AfterWrite | undefined = externalId === null ? undefined : async (tx, result) => {
    if (result.status !== 'created') return;
    await tx.db.insertInto('bridge_seen_messages')
      .values({ bridge_id: bridge.row.id, external_chat_id: message.chat_id, external_message_id: externalId, conversation_id: conversationId, message_id: result.message.id, created_at: now() })
      .execute();
  };
  try {
    const result = await postMessage(ctx, toNewMessage(bridge, message, conversationId), remember);
    if (result.status !== 'created') throw new Error('a bridge message was not created');
    return { status: 'stored', conversation_id: conversationId, message_id: result.message.id };
  } catch (error) {
    // The same external id committed first in another request: this one rolled back whole.
    const seen = externalId !== null && isUniqueViolation(error) ? await findSeen(ctx, bridge, message.chat_id, externalId) : null;
    if (seen) return { status: 'duplicate', ...seen };
    throw error;
  }
}

export function dedupeKey(bridge: LoadedBridge, message: InterpretedMessage): string | null {
  return bridge.mapping.dedupe_by_message_id && message.external_message_id !== null ? message.external_message_id : null;
}

export async function findSeen(ctx: CoreContext, bridge: LoadedBridge, chatId: string, externalId: string): Promise<{ conversation_id: string; message_id: string } | null> {
  const row = await ctx.store.db
    .selectFrom('bridge_seen_messages')
    .select(['conversation_id', 'message_id'])
    .where('bridge_id', '=', bridge.row.id)
    .where('external_chat_id', '=', chatId)
    .where('external_message_id', '=', externalId)
    .executeTakeFirst();
  return row ?? null;
}

/** Who wrote it: the contact, or our side on the gateway (stored as the bridge). */
export function bridgeSender(bridge: LoadedBridge, message: InterpretedMessage): NewMessage['sender'] {
  return message.from_operator
    ? { type: 'bot', id: bridge.row.id, name: bridge.row.name, avatar_url: null }
    : { type: 'contact', id: message.chat_id, name: message.nick ?? message.phone ?? message.chat_id, avatar_url: null };
}

function toNewMessage(bridge: LoadedBridge, message: InterpretedMessage, conversationId: string): NewMessage {
  return {
    conversation_id: conversationId,
    body: message.body,
    sender: bridgeSender(bridge, message),
    direction: message.from_operator ? 'out' : 'in',
    // Files stay links to the gateway for now; `download` (fetching into our storage) needs the outgoing HTTP client.
    links: message.file_url ? [{ name: fileName(message.file_url, message.kind), url: message.file_url }] : [],
    rich: { bridge: { id: bridge.row.id, kind: message.kind, external_message_id: message.external_message_id, time: message.time } },
  };
}

/** The URL's last path segment, else the kind (`image`). */
export function fileName(url: string, kind: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return last.trim().slice(0, 200) || kind;
  } catch {
    return kind;
  }
}
