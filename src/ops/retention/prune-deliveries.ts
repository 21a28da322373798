/**
 * Finished deliveries (delivered or dead) and their attempt log, once finished longer than
 * RETAIN_DELIVERIES, like Svix's payload retention. Open deliveries (pending, sending, failed) stay
 * however old: a paused webhook's backlog is still owed. So does a delivery with a manual retry
 * waiting or in flight.
 *
 * An event a delivery refers to is kept while the delivery is (the worker builds every attempt,
 * manual retries and replays of dead deliveries included, from the event row), so the batch also
 * removes the events it frees that are past RETAIN_EVENTS and that no other delivery needs.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface DeliveriesPruned {
  deliveries: number;
  attempts: number;
  events: number;
  /** more may be due: run another batch */
  more: boolean;
}

export interface PruneDeliveriesInput {
  /** deliveries finished before this go */
  beforeMs: number;
  /** events they free go if written before this */
  eventsBeforeMs: number;
  batchRows: number;
  /** PostgreSQL: skip rows another transaction holds (a manual retry being requested) */
  skipLocked: boolean;
}

/** One batch: deliveries whose attempt rows, with their own, add up to at most `batchRows`. */
export async function pruneDeliveries(db: Kysely<Database>, input: PruneDeliveriesInput): Promise<DeliveriesPruned> {
  const candidates = await finished(db, input).select(['id', 'event_id', 'attempts']).orderBy('updated_at').limit(input.batchRows).execute();
  if (!candidates.length) return { deliveries: 0, attempts: 0, events: 0, more: false };
  let batch = withinRows(candidates, input.batchRows);
  if (input.skipLocked) {
    // Lock what goes, checking again that it still may go; a row another transaction holds (a
    // manual retry being requested) is left for the next sweep instead of waited for.
    const locked = new Set((await finished(db, input).select('id').where('id', 'in', batch.map((d) => d.id)).forUpdate().skipLocked().execute()).map((r) => r.id));
    batch = batch.filter((d) => locked.has(d.id));
  }
  const more = candidates.length === input.batchRows || batch.length < candidates.length;
  if (!batch.length) return { deliveries: 0, attempts: 0, events: 0, more };
  const ids = batch.map((d) => d.id);
  // Attempts first: their foreign key would cascade anyway, but uncounted.
  const attempts = await db.deleteFrom('delivery_attempts').where('delivery_id', 'in', ids).executeTakeFirst();
  const deliveries = await db.deleteFrom('deliveries').where('id', 'in', ids).executeTakeFirst();
  const events = await db.deleteFrom('events')
    .where('id', 'in', [...new Set(batch.map((d) => d.event_id))])
    .where('created_at', '<', input.eventsBeforeMs)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deliveries as d').select('d.id').whereRef('d.event_id', '=', 'events.id'))))
    .executeTakeFirst();
  return { deliveries: Number(deliveries.numDeletedRows), attempts: Number(attempts.numDeletedRows), events: Number(events.numDeletedRows), more };
}

/** Deliveries that may go: finished before the cutoff, no manual retry waiting or in flight. */
function finished(db: Kysely<Database>, input: PruneDeliveriesInput) {
  return db.selectFrom('deliveries')
    // Literally the predicate of the partial index deliveries_finished (008-retention), which SQLite needs to use it.
    .where(sql<boolean>`status in ('delivered', 'dead')`)
    .where('updated_at', '<', input.beforeMs)
    .where('manual_retry', '=', 0)
    .where('lease_owner', 'is', null);
}

/**
 * The leading deliveries whose rows (one each, plus `attempts` attempt rows: every try is logged)
 * add up to at most `limit`; at least one, so a delivery retried by hand past the limit still goes.
 */
function withinRows<T extends { attempts: number }>(deliveries: T[], limit: number): T[] {
  let rows = 0;
  let n = 0;
  while (n < deliveries.length && (n === 0 || rows + 1 + deliveries[n].attempts <= limit)) rows += 1 + deliveries[n++].attempts;
  return deliveries.slice(0, n);
}
