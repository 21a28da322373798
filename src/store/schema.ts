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
  /** support conversations (003-support): the operator in charge, tags (JSON array), the contact and the bridge it came through */
  assignee_id: string | null;
  tags: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_external_id: string | null;
  bridge_id: string | null;
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
  /** SHA-256 hex of the URL's token: the only thing a request is looked up by (007) */
  token_hash: string;
  /** the token sealed with the key (src/store/secrets/token-seal.ts), opened only to show the URL */
  token_sealed: string;
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

/** A bridge (003-support): a third party's declarative incoming webhook. JSON columns hold validated data. */
export interface BridgesTable {
  id: string;
  name: string;
  scope: string;
  /** JSON object of strings */
  attributes: string;
  /** JSON Mapping (mapping) */
  mapping: string;
  /** JSON ReplyCall or null */
  reply: string | null;
  /** JSON array of user ids made members of every conversation the bridge creates */
  operator_ids: string;
  /** SHA-256 hex of the secret part of the bridge's URL: what a request is looked up by (007) */
  token_hash: string;
  /** that token sealed with the key, opened only to show the URL */
  token_sealed: string;
  owner_id: string;
  created_at: number;
  updated_at: number;
}

/** One conversation per (bridge, external chat id); repointed when a closed chat starts a new one. */
export interface BridgeChatsTable {
  bridge_id: string;
  external_chat_id: string;
  conversation_id: string;
  created_at: number;
  updated_at: number;
}

/** External message ids already stored, per bridge chat (the mapping's `dedupe_by_message_id`). */
export interface BridgeSeenMessagesTable {
  bridge_id: string;
  external_chat_id: string;
  external_message_id: string;
  conversation_id: string;
  message_id: string;
  created_at: number;
}

/** Payloads a bridge ignored, kept for its owner to inspect (newest few per bridge). */
export interface BridgeIgnoredTable {
  id: string;
  bridge_id: string;
  reason: string;
  payload: string;
  truncated: number;
  created_at: number;
}

/** An outgoing webhook (002-outgoing). `events` and `filters` are JSON; booleans are 0/1. */
export interface WebhooksTable {
  id: string;
  conversation_id: string;
  url: string;
  format: string;
  /** JSON array of event types */
  events: string;
  /** JSON WebhookFilters */
  filters: string;
  secret: string;
  /** the secret before the last rotation: it keeps signing until previous_secret_until */
  previous_secret: string | null;
  previous_secret_until: number | null;
  status: 'active' | 'paused' | 'disabled';
  parallel: number;
  /** the hook whose URL is handed out as reply_url */
  reply_hook_id: string | null;
  /** first failure of the current unbroken run of failures; null after any success */
  failing_since: number | null;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** 005-actions: set on an action's carrier row (the action's id, or a bridge's id for its reply); null on webhooks */
  action_id: string | null;
}

/** One event x one webhook (the outbox row). `id` is the webhook-id header, the same on every retry. */
export interface DeliveriesTable {
  id: string;
  webhook_id: string;
  conversation_id: string;
  event_id: string;
  event_type: string;
  /** the event's seq: the order of an ordered webhook's deliveries */
  seq: number;
  /** JSON {event, message} of a test delivery (not a stored event); null otherwise */
  sample: string | null;
  /** 1: goes out in seq order behind the webhook's earlier open deliveries */
  ordered: number;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'dead';
  /** every attempt made, manual ones included */
  attempts: number;
  /** attempts the retry schedule counts (manual retries never move it) */
  auto_attempts: number;
  /** 1: a manual retry is requested: one attempt now, outside the schedule and the order */
  manual_retry: number;
  /** when the row may be claimed next; while `sending`, the lease expiry */
  next_attempt_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  /** 005-actions: the attachment a file-variant REST call sends; null otherwise */
  part: number | null;
}

/** The immutable log of every attempt. */
export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  manual: number;
}

export interface RulesTable {
  id: string;
  conversation_id: string;
  position: number;
  name: string;
  /** JSON of the validated RuleTrigger */
  trigger: string;
  reply: string;
  enabled: number;
  cooldown_seconds: number;
  continue: number;
  last_fired_at: number | null;
  created_by: string | null;
  created_at: number;
}

/** An event-triggered REST call (005-actions), scoped to one conversation or to a bridge's conversations. */
export interface ActionsTable {
  id: string;
  conversation_id: string | null;
  bridge_id: string | null;
  name: string;
  event: string;
  /** JSON ActionCondition[] */
  conditions: string;
  /** JSON ReplyCall */
  request: string;
  status: 'active' | 'paused';
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** request counts per rate-limit bucket and window, shared by nodes (PostgreSQL) */
export interface RateCountsTable {
  /** a hash of the limiter's namespace and key (a hook token or a client address is never stored) */
  bucket: string;
  window_start: number;
  count: number;
}

/** One row (007): the check value of the key sealing tokens; the key itself only if PostgreSQL generated it. */
export interface SealingKeyTable {
  id: string;
  key_check: string;
  stored_key: string | null;
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
  bridges: BridgesTable;
  bridge_chats: BridgeChatsTable;
  bridge_seen_messages: BridgeSeenMessagesTable;
  bridge_ignored: BridgeIgnoredTable;
  webhooks: WebhooksTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  rules: RulesTable;
  actions: ActionsTable;
  rate_counts: RateCountsTable;
  sealing_key: SealingKeyTable;
}
