/**
 * Carrier webhooks: an action reaches the delivery engine through one hidden webhook row per
 * conversation it fires in (`webhooks.action_id`), format `rest`, subscribed to no event (the
 * webhook outbox never picks it; enqueue-actions.ts inserts its deliveries). Its line keeps one
 * chat's calls in order, its health disables it like a webhook after WEBHOOK_DISABLE_AFTER of
 * failures, and its deliveries use the webhook delivery log, retry and replay as they are.
 */
import { newId } from '../../lib/ids.ts';
import { generateSecret } from '../../outgoing/signing.ts';
import { findCarrier } from '../../store/hot-path/actions.ts';
import type { WriteTx } from '../../store/write/write-tx.ts';

/** The carrier of `ownerId` (an action, or a bridge for its reply) in a conversation; created when missing. Inside the event's transaction. */
export async function ensureCarrier(tx: WriteTx, ownerId: string, conversationId: string, urlTemplate: string, at: number): Promise<{ id: string; status: string }> {
  const found = await findCarrier(tx, ownerId, conversationId);
  if (found) return found;
  const id = newId('whk');
  await tx.db.insertInto('webhooks').values({
    id, conversation_id: conversationId, url: urlTemplate, format: 'rest', events: '[]', filters: '{}', secret: generateSecret(),
    previous_secret: null, previous_secret_until: null, status: 'active', parallel: 0, reply_hook_id: null, failing_since: null,
    disabled_reason: null, created_by: null, created_at: at, updated_at: at, action_id: ownerId,
  }).execute();
  return { id, status: 'active' };
}
