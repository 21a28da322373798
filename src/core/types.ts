/** Shapes the domain hands to the edges (API, outgoing formats, realtime). snake_case, as on the wire. */

export const SENDER_TYPES = ['user', 'hook', 'bot', 'contact', 'system'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** Who wrote a message. `id` is the user, hook, webhook or contact id; `name` is what people see. */
export interface Sender {
  type: SenderType;
  id: string | null;
  name: string;
  avatar_url: string | null;
}

/** A file stored with a message, or a link to something stored elsewhere. */
export interface Attachment {
  id: string;
  kind: 'file' | 'link';
  name: string;
  /** files: the download URL under PUBLIC_URL; links: the target */
  url: string;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
}

/** `in`: from a support contact to our side; `out`: from our side to the contact; null in team conversations. */
export type Direction = 'in' | 'out' | null;

export interface Message {
  id: string;
  conversation_id: string;
  /** per-conversation sequence number, increasing, shared with the conversation's other events */
  seq: number;
  body: string;
  sender: Sender;
  attachments: Attachment[];
  case_id: string | null;
  direction: Direction;
  /** structured rich content kept from the payload: `{slack: {attachments, blocks}}`, `{discord: {embeds}}`, ... */
  rich: Record<string, unknown> | null;
  created_at: string;
}

export const CONVERSATION_KINDS = ['team', 'support'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export interface Conversation {
  id: string;
  title: string;
  kind: ConversationKind;
  status: 'open' | 'closed';
  created_at: string;
}

export const EVENT_TYPES = [
  'message.created',
  'case.created',
  'case.updated',
  'conversation.closed',
  'conversation.reopened',
] as const;
export type EventType = (typeof EVENT_TYPES)[number] | 'member.added' | 'member.removed' | 'conversation.updated';

/** A committed event; `seq` orders the events of one conversation (the SSE event id). */
export interface DomainEvent {
  id: string;
  conversation_id: string;
  seq: number;
  type: EventType;
  data: Record<string, unknown>;
  created_at: string;
}
