/**
 * What an action sees of an event: the subject its conditions test, and the values its request
 * template fills in (the mapping's ReplyVars). Pure; the callers load the rows.
 */
import type { Selectable } from 'kysely';
import type { ReplyCall, ReplyVars } from '../../mapping/reply-call.ts';
import type { Attachment, DomainEvent, Message } from '../../core/types.ts';
import { withAbsoluteUrl } from '../../outgoing/formats/shared.ts';
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

/** True when the call has a file variant: then each attachment goes by its own call. */
export const hasFileVariant = (call: ReplyCall): boolean => call.file_url != null || call.file_body != null;

/**
 * The deliveries one message needs: `[null]` (one call), or with a file variant one per attachment
 * (their index) plus the text's own call when there is text.
 */
export function partsFor(call: ReplyCall, message: Message | null): (number | null)[] {
  if (!message || !message.attachments.length || !hasFileVariant(call)) return [null];
  const files = message.attachments.map((_, i) => i);
  return message.body.trim() ? [null, ...files] : files;
}

/**
 * The template values for one delivery. `message.body` is the text plus a link per file, one per
 * line, except in a file-variant call's text part (the files go by their own calls).
 */
export function buildVars(input: { event: Pick<DomainEvent, 'type' | 'data'>; conversation: ActionConversation; bridge: ActionBridge | null; call: ReplyCall; part: number | null; publicUrl: string }): ReplyVars {
  const message = messageOf(input.event);
  const files: Attachment[] = message ? message.attachments.map((a) => withAbsoluteUrl(input.publicUrl, a)) : [];
  const split = hasFileVariant(input.call) && files.length > 0;
  const text = message?.body ?? '';
  const body = split ? text : [text, ...files.map((f) => f.url)].filter((line) => line !== '').join('\n');
  const file = input.part === null ? null : files[input.part];
  const c = input.conversation;
  return {
    message: { id: message?.id ?? '', body, text },
    chat: { id: c.id, external_id: c.contact_external_id ?? '', nick: c.contact_name, phone: c.contact_phone, email: c.contact_email },
    bridge: input.bridge ?? { id: '', name: '', scope: '', attributes: {} },
    file: file ? { name: file.name, url: file.url, content_type: file.content_type } : null,
  };
}
