/**
 * Dashly-style chat webhook (wire-formats.md §3): form-urlencoded `conversation` (a JSON
 * ConversationPart), `type=conversation` and `token` (the webhook secret, Dashly's way of proving
 * the request is genuine; Standard Webhooks signature headers are added as well).
 *
 * Our mapping: messages from a contact are `u2a`/`reply_user`; everything else is `a2u` with the
 * type of its author (user `reply_admin`, bot `reply_bot`, hook `reply_admin`, system `service`).
 * Events that are not messages become a service part: conversation.closed → `closed`,
 * conversation.reopened → `reopened`, others → `service` with the event type as body.
 * `random_id` is derived from the part id so every retry sends the same body. Fields Dashly does not
 * have, added for receivers that want them: `from_name`, `attachments` and `case` on message parts,
 * `event` on service parts.
 */
import { createHash } from 'node:crypto';
import type { Message, SenderType } from '../../core/types.ts';
import { readJsonReply, toUnixSeconds, withAbsoluteUrl } from './shared.ts';
import { USER_AGENT, type DeliveryContext, type OutgoingFormat } from './types.ts';

const PART_TYPES: Record<SenderType, string> = {
  contact: 'reply_user',
  user: 'reply_admin',
  hook: 'reply_admin',
  bot: 'reply_bot',
  system: 'service',
};
const SENT_VIA: Record<SenderType, string> = {
  contact: 'web_user',
  user: 'web_admin',
  hook: 'api',
  bot: 'api',
  system: 'system',
};
const EVENT_PART_TYPES: Record<string, string> = { 'conversation.closed': 'closed', 'conversation.reopened': 'reopened' };

export const dashly: OutgoingFormat = {
  name: 'dashly',
  buildRequest(ctx) {
    const form = new URLSearchParams({
      conversation: JSON.stringify(buildConversationPart(ctx)),
      type: 'conversation',
      token: ctx.webhook.secret,
    });
    return {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
      body: form.toString(),
    };
  },
  readReply: readJsonReply,
};

function buildConversationPart(ctx: DeliveryContext) {
  const common = {
    conversation: ctx.conversation.id,
    conversation_closed: ctx.conversation.status === 'closed',
    conversation_tags: [] as string[],
    assignee: null,
  };
  if (ctx.message) return { ...messagePart(ctx, ctx.message), ...common };
  const { event } = ctx;
  return {
    id: event.id,
    body: event.type,
    direction: 'a2u',
    type: EVENT_PART_TYPES[event.type] ?? 'service',
    from: null,
    sent_via: 'system',
    created: toUnixSeconds(event.created_at),
    random_id: randomIdFor(event.id),
    event: { type: event.type, seq: event.seq, data: event.data, case: ctx.case },
    ...common,
  };
}

function messagePart(ctx: DeliveryContext, message: Message) {
  const { sender } = message;
  const fromContact = sender.type === 'contact' || message.direction === 'in';
  return {
    id: message.id,
    body: message.body,
    direction: fromContact ? 'u2a' : 'a2u',
    type: fromContact ? 'reply_user' : PART_TYPES[sender.type],
    from: sender.type === 'user' ? (ctx.author?.id ?? sender.id) : sender.id,
    from_name: sender.name,
    sent_via: fromContact ? 'web_user' : SENT_VIA[sender.type],
    created: toUnixSeconds(message.created_at),
    random_id: randomIdFor(message.id),
    attachments: message.attachments.map((a) => withAbsoluteUrl(ctx.public_url, a)),
    case: ctx.case,
  };
}

/** A stable 48-bit integer (a safe JS number) from an id. */
function randomIdFor(id: string): number {
  return createHash('sha256').update(id).digest().readUIntBE(0, 6);
}
