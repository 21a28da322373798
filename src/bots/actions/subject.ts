/**
 * What an action sees of an event: the subject its conditions test, and how many calls a message
 * makes. Pure; the callers load the rows. The values its request template fills in are built at
 * send time (src/outgoing/formats/rest-context.ts).
 */
import type { Selectable } from 'kysely';
import { hasFileVariant, type ReplyCall } from '../../mapping/reply-call.ts';
import type { DomainEvent, Message } from '../../core/types.ts';
import type { ConversationsTable } from '../../store/schema.ts';

/** The conversation fields an action reads. */
export type ActionConversation = Pick<Selectable<ConversationsTable>, 'id' | 'title' | 'kind' | 'status' | 'contact_name' | 'contact_phone' | 'contact_email' | 'contact_external_id' | 'bridge_id'>;

/** The bridge a support conversation came through, its attributes decoded. */
export interface ActionBridge {
  id: string;
  name: string;
  scope: string;
  attributes: Record<string, string>;
}

/** The event's message, if it is a `message.created`. */
export const messageOf = (event: Pick<DomainEvent, 'type' | 'data'>): Message | null =>
  event.type === 'message.created' ? ((event.data.message as Message | undefined) ?? null) : null;

/** Condition paths: `message.direction`, `message.sender.type`, `conversation.kind`, `bridge.scope`, `data.<anything>`... */
export function buildSubject(event: Pick<DomainEvent, 'type' | 'data'>, conversation: ActionConversation, bridge: ActionBridge | null): Record<string, unknown> {
  const message = messageOf(event);
  return {
    event: { type: event.type },
    message: message && { ...message, text: message.body, attachments: message.attachments.length ? message.attachments : undefined },
    conversation: {
      id: conversation.id, title: conversation.title, kind: conversation.kind, status: conversation.status,
      contact: { name: conversation.contact_name, phone: conversation.contact_phone, email: conversation.contact_email, external_id: conversation.contact_external_id },
    },
    bridge,
    case: event.data.case ?? null,
    data: event.data,
  };
}

/**
 * The deliveries one message needs: `[null]` (one call), or with a file variant one per attachment
 * (their index) plus the text's own call when there is text.
 */
export function partsFor(call: ReplyCall, message: Message | null): (number | null)[] {
  if (!message || !message.attachments.length || !hasFileVariant(call)) return [null];
  const files = message.attachments.map((_, i) => i);
  return message.body.trim() ? [null, ...files] : files;
}
