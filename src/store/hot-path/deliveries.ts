/**
 * The webhook outbox's statements (outgoing/outbox.ts): which webhooks of a conversation may get
 * deliveries, memoised for the transaction and read for the whole batch at once, and the held
 * delivery rows.
 */
import type { WriteTx } from '../write/write-tx.ts';
import { memoRead } from '../write/statements.ts';

const SELECT_WEBHOOKS = memoRead(
  (conversationIds) => `select conversation_id, id, events, filters, parallel, reply_hook_id, status from webhooks where conversation_id in (${conversationIds}) and status in ('active', 'paused')`,
  'conversation_id',
  'webhooks',
);

export interface WebhookCandidateRow {
  id: string;
  /** JSON array of event types */
  events: string;
  /** JSON */
  filters: string;
  parallel: number;
  reply_hook_id: string | null;
  status: string;
}

/** The conversation's active and paused webhooks. */
export function deliverableWebhooks(tx: WriteTx, conversationId: string): Promise<WebhookCandidateRow[]> {
  return tx.memoByKey<WebhookCandidateRow>(SELECT_WEBHOOKS, [], conversationId);
}

const DELIVERY_COLUMNS = ['id', 'webhook_id', 'conversation_id', 'event_id', 'event_type', 'seq', 'ordered', 'status', 'next_attempt_at', 'created_at', 'updated_at'] as const;

/** The values of DELIVERY_COLUMNS, in order. */
export type DeliveryValues = [id: string, webhookId: string, conversationId: string, eventId: string, eventType: string, seq: number, ordered: 0 | 1, status: 'pending', nextAttemptAt: number, createdAt: number, updatedAt: number];

/** Holds a delivery for insert (not awaited: written before the next statement on deliveries, or at commit). */
export function holdDelivery(tx: WriteTx, values: DeliveryValues): void {
  tx.hold('deliveries', DELIVERY_COLUMNS, values);
}
