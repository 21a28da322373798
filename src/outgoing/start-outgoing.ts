/**
 * Starts the outgoing engine of a node: the worker and the queue-depth gauge (the outbox is wired
 * into the write path by runtime.ts: outbox.ts). Before the worker starts, the leases this node's previous process left are given back
 * (claim.ts releaseStaleLeases), so what it was sending goes out now, not when the leases run out.
 */
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import { releaseStaleLeases } from './claim.ts';
import { writeOutgoing } from './outgoing-write.ts';
import { settingsFor } from './settings.ts';
import { DeliveryWorker } from './worker.ts';

export { DELIVERIES_CHANNEL } from './wake.ts';

export interface Outgoing {
  /** a NOTIFY from another node: deliveries may be due */
  wake(): void;
  /** deliveries this node committed are due now; `webhookIds`: whose (absent: any) */
  wakeFor(webhookIds?: Set<string>): void;
  /** graceful: claims nothing more, finishes the attempts in flight */
  stop(): Promise<void>;
}

/** `nodeId`: this node's stable identity, the owner of its leases (ops/node-identity.ts). */
export async function startOutgoing(ctx: CoreContext, metrics: Metrics, log: FastifyBaseLogger, nodeId: string): Promise<Outgoing> {
  const settings = settingsFor(ctx.config);
  const whose = ctx.store.engine.sharedByNodes ? { owner: nodeId } : 'every';
  const released = await writeOutgoing(ctx.store, (db) => releaseStaleLeases(db, whose, Date.now()), { atomic: false });
  if (released) log.info({ node_id: nodeId, deliveries: released }, 'took back the deliveries the previous process had claimed');
  const worker = new DeliveryWorker(ctx, settings, metrics, log, nodeId);
  metrics.onCollect(async () => {
    const row = await sql<{ n: number }>`select count(*) as n from deliveries where status in ('pending', 'failed', 'sending')`.execute(ctx.store.db);
    metrics.queueDepth.set(Number(row.rows[0]?.n ?? 0));
  });
  worker.start();
  return { wake: () => worker.wake(), wakeFor: (webhookIds) => worker.wakeFor(webhookIds), stop: () => worker.stop() };
}
