/**
 * Waking this node's delivery worker when deliveries become due now (new events, tests, retries).
 * Keyed by the CoreContext so several nodes in one test process stay apart. Other nodes hear of new
 * deliveries through PostgreSQL NOTIFY on DELIVERIES_CHANNEL, and every worker also polls.
 */
import type { Kysely } from 'kysely';
import type { CoreContext } from '../core/context.ts';
import type { Database } from '../store/schema.ts';
import { notifyOnCommit } from '../store/store.ts';

export const DELIVERIES_CHANNEL = 'switchboard_deliveries';

const wakers = new WeakMap<CoreContext, (webhookIds?: Set<string>) => void>();

/** The worker registers how to wake it. */
export function onDeliveriesDue(ctx: CoreContext, wake: (webhookIds?: Set<string>) => void): void {
  wakers.set(ctx, wake);
}

/** Wakes this node's worker, if it runs one. Call after the deliveries are committed; `webhookIds`: whose. */
export function wakeDeliveries(ctx: CoreContext, webhookIds?: Set<string>): void {
  wakers.get(ctx)?.(webhookIds);
}

/** Transactions (the Kysely instance a write runs on) that already carry the notification. */
const announced = new WeakSet<Kysely<Database>>();

/**
 * Inside a write transaction: the other nodes' workers are woken when it commits (PostgreSQL).
 * Once per transaction: a group-committed batch of many messages sends one notification, not one
 * round trip per message.
 */
export async function announceDeliveries(ctx: CoreContext, db: Kysely<Database>): Promise<void> {
  if (!ctx.store.engine.sharedByNodes || announced.has(db)) return;
  announced.add(db);
  await notifyOnCommit(ctx.store, db, DELIVERIES_CHANNEL, '');
}
