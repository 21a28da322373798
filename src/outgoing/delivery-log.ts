/** The delivery log members read: a webhook's deliveries, newest first, each with its attempts. */
import type { Selectable } from 'kysely';
import type { Principal } from '../core/auth/principal.ts';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError } from '../core/errors.ts';
import { iso } from '../lib/time.ts';
import type { DeliveryAttemptsTable } from '../store/schema.ts';
import type { DeliveryRow } from './claim.ts';
import type { DeliveryStatus } from './delivery-state.ts';
import { requireWebhook } from './subscriptions.ts';
import type { WebhookRow } from './webhook-view.ts';

/** One try, as logged. `error` is set when no response came back. */
export interface AttemptView {
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  /** a manual retry, outside the schedule */
  manual: boolean;
}

/**
 * One event × one webhook. `id` is the `webhook-id` header of every attempt. `status`: pending,
 * sending, delivered, failed (will retry at `next_attempt_at`) or dead (gave up).
 */
export interface DeliveryView {
  id: string;
  webhook_id: string;
  /** the event type, e.g. `message.created` */
  event: string;
  event_id: string;
  seq: number;
  /** a sample sent by POST /webhooks/{id}/test */
  test: boolean;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  /** a manual retry is waiting to be sent */
  retry_requested: boolean;
  created_at: string;
  updated_at: string;
  attempt_log: AttemptView[];
}

export const MAX_LIST_LIMIT = 200;

export function deliveryView(row: DeliveryRow, attempts: Selectable<DeliveryAttemptsTable>[]): DeliveryView {
  const waiting = row.status === 'pending' || row.status === 'failed';
  return {
    id: row.id,
    webhook_id: row.webhook_id,
    event: row.event_type,
    event_id: row.event_id,
    seq: row.seq,
    test: row.sample !== null,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: waiting && row.next_attempt_at !== null ? iso(row.next_attempt_at) : null,
    retry_requested: row.manual_retry === 1,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    attempt_log: attempts.map((a) => ({
      started_at: iso(a.started_at), duration_ms: a.duration_ms, status_code: a.status_code,
      response_excerpt: a.response_excerpt, error: a.error, manual: a.manual === 1,
    })),
  };
}

async function withAttempts(ctx: CoreContext, rows: DeliveryRow[]): Promise<DeliveryView[]> {
  if (!rows.length) return [];
  const attempts = await ctx.store.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', 'in', rows.map((r) => r.id)).orderBy('started_at').orderBy('id').execute();
  const byDelivery = Map.groupBy(attempts, (a) => a.delivery_id);
  return rows.map((row) => deliveryView(row, byDelivery.get(row.id) ?? []));
}

export async function listDeliveries(ctx: CoreContext, principal: Principal, webhookId: string, query: { status?: DeliveryStatus; limit?: number }): Promise<DeliveryView[]> {
  await requireWebhook(ctx, principal, webhookId);
  let q = ctx.store.db.selectFrom('deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (query.status) q = q.where('status', '=', query.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(Math.min(query.limit ?? 50, MAX_LIST_LIMIT)).execute();
  return withAttempts(ctx, rows);
}

/** The delivery and its webhook, if the caller is a member of the webhook's conversation. */
export async function requireDelivery(ctx: CoreContext, principal: Principal, id: string): Promise<{ row: DeliveryRow; webhook: WebhookRow }> {
  const row = await ctx.store.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) {
    try {
      return { row, webhook: await requireWebhook(ctx, principal, row.webhook_id) };
    } catch {
      // an invisible delivery is simply not found
    }
  }
  throw new SwitchboardError('delivery_not_found', 'delivery not found');
}

export async function getDelivery(ctx: CoreContext, principal: Principal, id: string): Promise<DeliveryView> {
  const { row } = await requireDelivery(ctx, principal, id);
  return (await withAttempts(ctx, [row]))[0];
}
