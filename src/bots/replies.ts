/**
 * The Dashly-compatible reply API: a bot answers with its API key, and its reply shows the key's
 * name (or `sender_name`). Bot replies pass the per-conversation loop limit.
 */
import type { Principal } from '../core/auth/principal.ts';
import { admitBotReply } from '../core/bots/bot-rate.ts';
import type { CoreContext } from '../core/context.ts';
import { requireConversation } from '../core/conversations/conversations.ts';
import { SwitchboardError, invalidField } from '../core/errors.ts';
import { postMessage } from '../core/messages/post-message.ts';
import type { Message } from '../core/types.ts';

export const MAX_REPLY_CHARS = 40_000;

export async function replyAsBot(ctx: CoreContext, principal: Principal, conversationId: string, input: { body?: unknown; sender_name?: unknown }): Promise<Message> {
  const conversation = await requireConversation(ctx, principal, conversationId);
  if (typeof input.body !== 'string' || !input.body.trim()) throw new SwitchboardError('empty_message', 'body: a reply needs a non-empty body');
  if (input.body.length > MAX_REPLY_CHARS) throw invalidField('body', `must have at most ${MAX_REPLY_CHARS} characters`);
  if (input.sender_name !== undefined && (typeof input.sender_name !== 'string' || input.sender_name.length > 100)) throw invalidField('sender_name', 'must be a string of at most 100 characters');
  await admitBotReply(ctx, conversationId);
  const name = (input.sender_name as string | undefined)?.trim() || principal.api_key?.name || principal.user.name;
  const result = await postMessage(ctx, {
    conversation_id: conversationId,
    body: input.body,
    sender: { type: 'bot', id: principal.api_key?.id ?? principal.user.id, name, avatar_url: null },
    // In a support conversation our bot speaks to the contact.
    direction: conversation.kind === 'support' ? 'out' : null,
  });
  if (result.status !== 'created') throw new SwitchboardError('conflict', 'the reply was not stored');
  return result.message;
}
