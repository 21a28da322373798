/**
 * Wires the outgoing engine into a node: the outbox on every event, the worker, the queue-depth
 * gauge. Before the worker starts, the leases this node's previous process left are given back
 * (claim.ts releaseStaleLeases), so what it was sending goes out now, not when the leases run out.
 */
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import { installOutbox } from './outbox.ts';
import { installActionOutbox } from '../bots/actions/enqueue-actions.ts';
import { releaseStaleLeases } from './claim.ts';
import { writeOutgoing } from './outgoing-write.ts';
import { settingsFor } from './settings.ts';
import { onDeliveriesDue } from './wake.ts';
import { DeliveryWorker } from './worker.ts';

export { DELIVERIES_CHANNEL } from './wake.ts';

export interface Outgoing {
  /** a NOTIFY from another node: deliveries may be due */
  wake(): void;
  /** graceful: claims nothing more, finishes the attempts in flight */
  stop(): Promise<void>;
}

/** `nodeId`: this node's stable identity, the owner of its leases (ops/node-identity.ts). */
export async function startOutgoing(ctx: CoreContext, metrics: Metrics, log: FastifyBaseLogger, nodeId: string): Promise<Outgoing> {
  const settings = settingsFor(ctx.config);
  installOutbox(ctx);
  installActionOutbox(ctx);
  const whose = ctx.store.engine.sharedByNodes ? { owner: nodeId } : 'every';
  const released = await writeOutgoing(ctx.store, (db) => releaseStaleLeases(db, whose, Date.now()), { atomic: false });
  if (released) log.info({ node_id: nodeId, deliveries: released }, 'took back the deliveries the previous process had claimed');
  const worker = new DeliveryWorker(ctx, settings, metrics, log, nodeId);
  onDeliveriesDue(ctx, (webhookIds) => worker.wakeFor(webhookIds));
  metrics.onCollect(async () => {
    const row = await sql<{ n: number }>`select count(*) as n from deliveries where status in ('pending', 'failed', 'sending')`.execute(ctx.store.db);
    metrics.queueDepth.set(Number(row.rows[0]?.n ?? 0));
  });
  worker.start();
  return { wake: () => worker.wake(), stop: () => worker.stop() };
}
