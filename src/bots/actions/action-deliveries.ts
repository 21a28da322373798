/**
 * The delivery log of an action, or of a bridge's reply call: the deliveries of its carrier
 * webhooks (one per conversation), newest first, each with its attempts. Retrying one goes
 * through the webhooks' `POST /deliveries/{id}/retry`, which members of its conversation may use.
 */
import type { Principal } from '../../core/auth/principal.ts';
import { requireBridge } from '../../core/bridges/bridges.ts';
import type { CoreContext } from '../../core/context.ts';
import type { DeliveryStatus } from '../../outgoing/delivery-state.ts';
import { deliveryView, MAX_LIST_LIMIT, type DeliveryView } from '../../outgoing/delivery-log.ts';
import { requireAction } from './actions.ts';

/** A delivery of an action: which conversation it was for and, for a file-variant call, which attachment. */
export type ActionDeliveryView = DeliveryView & { conversation_id: string; part: number | null };

export interface DeliveryQuery {
  status?: DeliveryStatus;
  limit?: number;
}

export async function listActionDeliveries(ctx: CoreContext, principal: Principal, actionId: string, query: DeliveryQuery): Promise<ActionDeliveryView[]> {
  await requireAction(ctx, principal, actionId);
  return listCarrierDeliveries(ctx, actionId, query);
}

/** The bridge's reply calls (the bridge's owner and admins). */
export async function listReplyDeliveries(ctx: CoreContext, principal: Principal, bridgeId: string, query: DeliveryQuery): Promise<ActionDeliveryView[]> {
  await requireBridge(ctx, principal, bridgeId);
  return listCarrierDeliveries(ctx, bridgeId, query);
}

async function listCarrierDeliveries(ctx: CoreContext, ownerId: string, query: DeliveryQuery): Promise<ActionDeliveryView[]> {
  let q = ctx.store.db.selectFrom('deliveries').innerJoin('webhooks', 'webhooks.id', 'deliveries.webhook_id').selectAll('deliveries').where('webhooks.action_id', '=', ownerId);
  if (query.status) q = q.where('deliveries.status', '=', query.status);
  const rows = await q.orderBy('deliveries.created_at', 'desc').orderBy('deliveries.seq', 'desc').orderBy('deliveries.part', 'desc')
    .limit(Math.min(query.limit ?? 50, MAX_LIST_LIMIT)).execute();
  if (!rows.length) return [];
  const attempts = await ctx.store.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', 'in', rows.map((r) => r.id)).orderBy('started_at').orderBy('id').execute();
  const byDelivery = Map.groupBy(attempts, (a) => a.delivery_id);
  return rows.map((row) => ({ ...deliveryView(row, byDelivery.get(row.id) ?? []), conversation_id: row.conversation_id, part: row.part }));
}
