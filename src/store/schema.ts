/**
 * The Kysely database type. Portable column types only, so one set of queries runs on both engines:
 * times are epoch milliseconds (integers), booleans are 0/1 integers, structured data is JSON text.
 */

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  password_hash: string | null;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  /** JSON array of conversation ids the key may use; null: all of its user's */
  conversation_ids: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ConversationsTable {
  id: string;
  title: string;
  kind: 'team' | 'support';
  status: 'open' | 'closed';
  created_by: string | null;
  /** the last event sequence number handed out in this conversation */
  last_seq: number;
  created_at: number;
  updated_at: number;
}

export interface MembersTable {
  conversation_id: string;
  user_id: string;
  created_at: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  body: string;
  sender_type: string;
  sender_id: string | null;
  sender_name: string;
  sender_avatar_url: string | null;
  case_id: string | null;
  direction: 'in' | 'out' | null;
  rich: string | null;
  /** webhook whose reply produced this message: it is never delivered back to that webhook */
  origin_webhook_id: string | null;
  /** the sender's own id for the message (Emakin `id`), unique per conversation */
  external_id: string | null;
  created_at: number;
}

export interface AttachmentsTable {
  id: string;
  message_id: string;
  conversation_id: string;
  position: number;
  kind: 'file' | 'link';
  name: string;
  url: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
}

export interface CasesTable {
  id: string;
  conversation_id: string;
  external_id: string;
  title: string;
  status: 'open' | 'closed';
  message_count: number;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  id: string;
  conversation_id: string;
  seq: number;
  type: string;
  data: string;
  created_at: number;
}

export interface HooksTable {
  id: string;
  conversation_id: string;
  name: string;
  token: string;
  avatar_url: string | null;
  created_by: string | null;
  /** set for the reply hook an outgoing webhook hands out as its reply_url */
  webhook_id: string | null;
  created_at: number;
  deleted_at: number | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  status_code: number;
  content_type: string;
  body: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  cases: CasesTable;
  events: EventsTable;
  hooks: HooksTable;
  idempotency_keys: IdempotencyKeysTable;
}
