/**
 * Manual sends, all outside the automatic schedule and the webhook's event order: retrying one
 * delivery, replaying every failed or dead one since a time, and a test delivery of a sample event.
 * A manual retry is one attempt now; if it fails the delivery keeps its status and schedule
 * (delivery-state.ts). They only go out while the webhook is active.
 */
import type { Principal } from '../core/auth/principal.ts';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError, invalidField } from '../core/errors.ts';
import { newId } from '../lib/ids.ts';
import { iso, now } from '../lib/time.ts';
import type { DomainEvent, Message } from '../core/types.ts';
import { getDelivery, requireDelivery, type DeliveryView } from './delivery-log.ts';
import type { Sample } from './delivery-context.ts';
import { requireWebhook } from './subscriptions.ts';
import { announceDeliveries } from './wake.ts';
import type { WebhookRow } from './webhook-view.ts';

function requireActive(webhook: WebhookRow): void {
  if (webhook.status !== 'active') {
    throw new SwitchboardError('webhook_not_active', `the webhook is ${webhook.status}: set its status to active to send again`);
  }
}

export async function retryDelivery(ctx: CoreContext, principal: Principal, id: string): Promise<DeliveryView> {
  const { webhook } = await requireDelivery(ctx, principal, id);
  requireActive(webhook);
  await ctx.store.write(webhook.conversation_id, async (tx) => {
    await tx.db.updateTable('deliveries').set({ manual_retry: 1, updated_at: now() }).where('id', '=', id).execute();
    announceDeliveries(tx);
  });
  ctx.ports.wakeDeliveries();
  return getDelivery(ctx, principal, id);
}

/** Replays the webhook's failed and dead deliveries created at or after `since`; returns how many. */
export async function replayWebhook(ctx: CoreContext, principal: Principal, webhookId: string, since: string): Promise<number> {
  const webhook = await requireWebhook(ctx, principal, webhookId);
  requireActive(webhook);
  const sinceMs = Date.parse(since);
  if (Number.isNaN(sinceMs)) throw invalidField('since', 'must be an ISO 8601 time, e.g. 2025-03-01T00:00:00Z');
  const count = await ctx.store.write(webhook.conversation_id, async (tx) => {
    const result = await tx.db.updateTable('deliveries')
      .set({ manual_retry: 1, updated_at: now() })
      .where('webhook_id', '=', webhookId)
      .where('status', 'in', ['failed', 'dead'])
      .where('created_at', '>=', sinceMs)
      .executeTakeFirst();
    announceDeliveries(tx);
    return Number(result.numUpdatedRows);
  });
  ctx.ports.wakeDeliveries();
  return count;
}

/**
 * Sends a sample `message.created` event (data.test = true, the message is not stored), so a
 * receiver sees exactly what a real message looks like. Returns the test delivery's id.
 */
export async function sendTestDelivery(ctx: CoreContext, principal: Principal, webhookId: string): Promise<string> {
  const webhook = await requireWebhook(ctx, principal, webhookId);
  requireActive(webhook);
  const id = newId('dlv');
  await ctx.store.write(webhook.conversation_id, async (tx) => {
    const conversation = await tx.db.selectFrom('conversations').select('last_seq').where('id', '=', webhook.conversation_id).executeTakeFirstOrThrow();
    const sample = buildSample(webhook, conversation.last_seq, now());
    await tx.db.insertInto('deliveries').values({
      id, webhook_id: webhook.id, conversation_id: webhook.conversation_id, event_id: sample.event.id, event_type: sample.event.type,
      seq: sample.event.seq, sample: JSON.stringify(sample), ordered: 0, status: 'pending', attempts: 0, auto_attempts: 0,
      manual_retry: 0, next_attempt_at: now(), lease_owner: null, lease_until: null, last_status_code: null, last_error: null,
      created_at: now(), updated_at: now(),
    }).execute();
    announceDeliveries(tx);
  });
  ctx.ports.wakeDeliveries();
  return id;
}

function buildSample(webhook: WebhookRow, seq: number, at: number): Sample {
  const message: Message = {
    id: newId('msg'),
    conversation_id: webhook.conversation_id,
    seq,
    body: `Test delivery from Switchboard: the webhook "${webhook.reply_name ?? webhook.id}" reaches this URL.`,
    sender: { type: 'system', id: null, name: 'Switchboard', avatar_url: null },
    attachments: [],
    case_id: null,
    direction: null,
    rich: null,
    created_at: iso(at),
  };
  const event: DomainEvent = { id: newId('evt'), conversation_id: webhook.conversation_id, seq, type: 'message.created', data: { message, test: true }, created_at: iso(at) };
  return { event, message };
}
