/**
 * The bridge's test console: what a sample payload would produce — which chat and conversation,
 * the contact, each message's kind, sender, direction and rendered body — or why it is ignored.
 * Reads only; nothing is stored, not even in the ignored log.
 */
import { interpretPayload } from '../../mapping/interpret.ts';
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import type { Contact } from '../support/support-view.ts';
import { requireBridge } from './bridges.ts';
import { loadBridge, type LoadedBridge } from './bridge-view.ts';
import type { Skipped } from './ingest.ts';
import { findChat } from './resolve-chat.ts';
import { bridgeSender, dedupeKey, findSeen, OPERATOR_WITHOUT_CHAT } from './store-bridge-message.ts';

/** What posting one message would do to its chat's conversation. */
export type PreviewAction = 'create_conversation' | 'append' | 'reopen' | 'new_conversation' | 'duplicate' | 'skip';

export interface PreviewMessage {
  external_chat_id: string;
  /** the chat's current conversation, if it has one */
  conversation: { id: string; status: 'open' | 'closed' } | null;
  action: PreviewAction;
  reason?: string;
  contact: Contact;
  sender: { type: string; name: string };
  direction: 'in' | 'out';
  kind: string;
  body: string;
  file_url: string | null;
  external_message_id: string | null;
  time: string | null;
}

export type Preview = { result: 'ignored'; reason: string } | { result: 'messages'; messages: PreviewMessage[]; skipped: Skipped[] };

export async function previewPayload(ctx: CoreContext, principal: Principal, bridgeId: string, payload: unknown): Promise<Preview> {
  const bridge = loadBridge(await requireBridge(ctx, principal, bridgeId));
  const interpreted = interpretPayload(bridge.mapping, payload);
  if (interpreted.result === 'ignored') return interpreted;
  // Chats an earlier message of the same payload would have opened.
  const opened = new Set<string>();
  const messages: PreviewMessage[] = [];
  for (const message of interpreted.messages) {
    const chat = await findChat(ctx.store.db, bridge.row.id, message.chat_id);
    const externalId = dedupeKey(bridge, message);
    const seen = externalId === null ? null : await findSeen(ctx, bridge, message.chat_id, externalId);
    const action = seen ? 'duplicate' : decideAction(bridge, chat, opened.has(message.chat_id), message.from_operator);
    if (action !== 'skip' && action !== 'duplicate') opened.add(message.chat_id);
    const sender = bridgeSender(bridge, message);
    messages.push({
      external_chat_id: message.chat_id,
      conversation: chat,
      action,
      ...(action === 'skip' ? { reason: OPERATOR_WITHOUT_CHAT } : {}),
      contact: { name: message.nick, phone: message.phone, email: message.email, external_id: message.chat_id },
      sender: { type: sender.type, name: sender.name },
      direction: message.from_operator ? 'out' : 'in',
      kind: message.kind,
      body: message.body,
      file_url: message.file_url ?? null,
      external_message_id: message.external_message_id,
      time: message.time,
    });
  }
  return { result: 'messages', messages, skipped: interpreted.skipped };
}

function decideAction(bridge: LoadedBridge, chat: { status: 'open' | 'closed' } | null, openedEarlier: boolean, fromOperator: boolean): PreviewAction {
  if (fromOperator) return chat || openedEarlier ? 'append' : 'skip';
  if (openedEarlier || chat?.status === 'open') return 'append';
  if (!chat) return 'create_conversation';
  return bridge.mapping.reopen_policy === 'new' ? 'new_conversation' : 'reopen';
}
