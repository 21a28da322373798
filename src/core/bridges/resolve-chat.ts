/**
 * Which conversation a bridge message lands in: one per (bridge, external chat id). The lookup and
 * the creation happen in one write transaction, and the chat row's primary key settles races
 * between nodes: the loser's transaction fails on it (or finds the chat repointed) and looks again.
 * A closed conversation follows the mapping's reopen policy:
 * - `new`: a new conversation takes over the chat; the closed one stays as it is;
 * - `reopen_pending`: reopened unassigned, waiting in the `assignee=unassigned` queue (its former
 *   operator stays a member; `reset_operator` changes nothing more, as "pending" has no other state here);
 * - `reopen_with_operator`: reopened with its assignee.
 */
import type { Kysely } from 'kysely';
import type { InterpretedMessage } from '../../mapping/interpret.ts';
import type { Database } from '../../store/schema.ts';
import type { WriteTx } from '../../store/write/write-tx.ts';
import type { CoreContext } from '../context.ts';
import { appendEvent } from '../events/append-event.ts';
import { newId } from '../../lib/ids.ts';
import { isUniqueViolation } from '../messages/post-message.ts';
import { addMemberRows } from '../support/add-members.ts';
import { now } from '../../lib/time.ts';
import type { DomainEvent } from '../types.ts';
import type { LoadedBridge } from './bridge-view.ts';

/** What resolving did: the conversation, and whether it was created or reopened for this message. */
export interface ChatTarget {
  conversation_id: string;
  action: 'created' | 'appended' | 'reopened';
}

/** Another node repointed the chat between our read and our write; look again. */
class ChatMoved extends Error {}

const MAX_ATTEMPTS = 5;

/** The conversation of the message's chat, created or reopened as the mapping says (visitor messages). */
export async function resolveChat(ctx: CoreContext, bridge: LoadedBridge, message: InterpretedMessage): Promise<ChatTarget> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { target, events } = await ctx.store.write(`bridge:${bridge.row.id}:${message.chat_id}`, (tx) => resolveInTransaction(ctx, tx, bridge, message));
      ctx.ports.afterCommit(events);
      return target;
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && (error instanceof ChatMoved || isUniqueViolation(error))) continue;
      throw error;
    }
  }
}

/** The chat's current conversation without creating or reopening anything (operator messages, previews). */
export async function findChat(db: Kysely<Database>, bridgeId: string, externalChatId: string): Promise<{ id: string; status: 'open' | 'closed' } | null> {
  const row = await db
    .selectFrom('bridge_chats')
    .innerJoin('conversations', 'conversations.id', 'bridge_chats.conversation_id')
    .select(['conversations.id', 'conversations.status'])
    .where('bridge_chats.bridge_id', '=', bridgeId)
    .where('bridge_chats.external_chat_id', '=', externalChatId)
    .executeTakeFirst();
  return row ?? null;
}

async function resolveInTransaction(ctx: CoreContext, tx: WriteTx, bridge: LoadedBridge, message: InterpretedMessage): Promise<{ target: ChatTarget; events: DomainEvent[] }> {
  const { db } = tx;
  const at = now();
  const chat = await findChat(db, bridge.row.id, message.chat_id);
  if (!chat) {
    const id = await insertConversation(db, bridge, message, at);
    await db.insertInto('bridge_chats').values({ bridge_id: bridge.row.id, external_chat_id: message.chat_id, conversation_id: id, created_at: at, updated_at: at }).execute();
    return { target: { conversation_id: id, action: 'created' }, events: [] };
  }
  if (chat.status === 'open') {
    await updateContact(db, chat.id, message);
    return { target: { conversation_id: chat.id, action: 'appended' }, events: [] };
  }
  if (bridge.mapping.reopen_policy === 'new') {
    const id = await insertConversation(db, bridge, message, at);
    const moved = await db
      .updateTable('bridge_chats')
      .set({ conversation_id: id, updated_at: at })
      .where('bridge_id', '=', bridge.row.id)
      .where('external_chat_id', '=', message.chat_id)
      .where('conversation_id', '=', chat.id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new ChatMoved();
    return { target: { conversation_id: id, action: 'created' }, events: [] };
  }
  return reopen(ctx, tx, bridge, chat.id, message, at);
}

async function reopen(ctx: CoreContext, tx: WriteTx, bridge: LoadedBridge, id: string, message: InterpretedMessage, at: number) {
  const { db } = tx;
  const keepOperator = bridge.mapping.reopen_policy === 'reopen_with_operator';
  const reopened = await db
    .updateTable('conversations')
    .set({ status: 'open', ...(keepOperator ? {} : { assignee_id: null }), updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'closed')
    .executeTakeFirst();
  await updateContact(db, id, message);
  // Someone reopened it between our read and our write: it is open, which is all we need.
  if (Number(reopened.numUpdatedRows) !== 1) return { target: { conversation_id: id, action: 'appended' as const }, events: [] };
  const by = { type: 'bridge', id: bridge.row.id, name: bridge.row.name };
  const event = await appendEvent(ctx, tx, { conversation_id: id, type: 'conversation.reopened', data: { by, policy: bridge.mapping.reopen_policy }, at });
  return { target: { conversation_id: id, action: 'reopened' as const }, events: [event] };
}

/** A support conversation for the chat; the bridge's owner and operators become its members. */
async function insertConversation(db: Kysely<Database>, bridge: LoadedBridge, message: InterpretedMessage, at: number): Promise<string> {
  const id = newId('conv');
  const title = (message.nick ?? message.phone ?? message.chat_id).slice(0, 200);
  await db
    .insertInto('conversations')
    .values({
      id, title, kind: 'support', status: 'open', created_by: bridge.row.owner_id, last_seq: 0, created_at: at, updated_at: at,
      contact_name: message.nick, contact_phone: message.phone, contact_email: message.email, contact_external_id: message.chat_id, bridge_id: bridge.row.id,
    })
    .execute();
  await addMemberRows(db, id, [bridge.row.owner_id, ...bridge.operator_ids], at);
  return id;
}

/** A visitor's later message may carry a name, phone or email the first one lacked (or a changed one). */
async function updateContact(db: Kysely<Database>, id: string, message: InterpretedMessage): Promise<void> {
  const set = {
    ...(message.nick !== null ? { contact_name: message.nick } : {}),
    ...(message.phone !== null ? { contact_phone: message.phone } : {}),
    ...(message.email !== null ? { contact_email: message.email } : {}),
  };
  if (!Object.keys(set).length) return;
  await db
    .updateTable('conversations')
    .set(set)
    .where('id', '=', id)
    .where((eb) => eb.or(Object.entries(set).map(([column, value]) => eb(eb.ref(column as 'contact_name'), 'is distinct from', value))))
    .execute();
}
