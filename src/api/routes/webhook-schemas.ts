/** TypeBox schemas of the outgoing webhook and delivery routes. */
import { Type } from 'typebox';
import { EVENT_TYPES, SENDER_TYPES } from '../../core/types.ts';
import { MAX_HOOK_NAME } from '../../core/hooks/hooks.ts';
import { DELIVERY_STATUSES } from '../../outgoing/delivery-state.ts';
import { MAX_LIST_LIMIT } from '../../outgoing/delivery-log.ts';
import { FORMAT_NAMES } from '../../outgoing/formats/registry.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const EventTypes = Type.Array(Type.Enum(EVENT_TYPES), { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true });

export const Filters = Type.Object({
  sender_types: Type.Optional(Type.Array(Type.Enum(SENDER_TYPES), { maxItems: SENDER_TYPES.length, uniqueItems: true })),
  direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
  trigger_words: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
}, { additionalProperties: false });

const Url = Type.String({ minLength: 1, maxLength: 2000, pattern: '^[hH][tT][tT][pP][sS]?://', description: 'http or https' });

export const NewWebhookBody = Type.Object({
  url: Url,
  format: Type.Enum(FORMAT_NAMES),
  events: Type.Optional(EventTypes),
  filters: Type.Optional(Filters),
  parallel: Type.Optional(Type.Boolean({ description: 'deliver without keeping event order' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_HOOK_NAME, description: 'the name replies appear under' })),
}, { additionalProperties: false });

export const WebhookPatchBody = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(EventTypes),
  filters: Type.Optional(Filters),
  parallel: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
}, { additionalProperties: false });

export const WebhookSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.String(),
  url: Type.String(),
  format: Type.String(),
  events: Type.Array(Type.String()),
  filters: Filters,
  secret: Type.String(),
  previous_secret_expires_at: Nullable(Type.String()),
  status: Type.Enum(['active', 'paused', 'disabled'] as const),
  parallel: Type.Boolean(),
  name: Type.String(),
  reply_url: Nullable(Type.String()),
  disabled_reason: Nullable(Type.String()),
  failing_since: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const AttemptSchema = Type.Object({
  started_at: Type.String(),
  duration_ms: Type.Number(),
  status_code: Nullable(Type.Number()),
  response_excerpt: Nullable(Type.String()),
  error: Nullable(Type.String()),
  manual: Type.Boolean(),
});

export const DeliverySchema = Type.Object({
  id: Type.String(),
  webhook_id: Type.String(),
  event: Type.String(),
  event_id: Type.String(),
  seq: Type.Number(),
  test: Type.Boolean(),
  status: Type.Enum(DELIVERY_STATUSES),
  attempts: Type.Number(),
  last_status_code: Nullable(Type.Number()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Type.String()),
  retry_requested: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
  attempt_log: Type.Array(AttemptSchema),
});

export const DeliveryQuery = Type.Object({
  status: Type.Optional(Type.Enum(DELIVERY_STATUSES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIST_LIMIT })),
});

export const ReplayBody = Type.Object({ since: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 time' }) }, { additionalProperties: false });
