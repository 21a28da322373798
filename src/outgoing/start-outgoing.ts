/** Wires the outgoing engine into a node: the outbox on every event, the worker, the queue-depth gauge. */
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import { installOutbox } from './outbox.ts';
import { installActionOutbox } from '../bots/actions/enqueue-actions.ts';
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

export function startOutgoing(ctx: CoreContext, metrics: Metrics, log: FastifyBaseLogger): Outgoing {
  const settings = settingsFor(ctx.config);
  installOutbox(ctx);
  installActionOutbox(ctx);
  const worker = new DeliveryWorker(ctx, settings, metrics, log);
  onDeliveriesDue(ctx, (webhookIds) => worker.wakeFor(webhookIds));
  metrics.onCollect(async () => {
    const row = await sql<{ n: number }>`select count(*) as n from deliveries where status in ('pending', 'failed', 'sending')`.execute(ctx.store.db);
    metrics.queueDepth.set(Number(row.rows[0]?.n ?? 0));
  });
  worker.start();
  return { wake: () => worker.wake(), stop: () => worker.stop() };
}
