/**
 * Events past RETAIN_EVENTS. What reads `events`: SSE resumption after Last-Event-ID (and the web
 * UI's `?after=`) through realtime/hub.ts, PostgreSQL nodes catching up on each other's writes (the
 * newest events only), and the delivery worker, which builds every attempt of a delivery from its
 * event. Messages, the conversation's last_seq and so the numbering stay; a stream resumed from
 * further back than RETAIN_EVENTS gets what is left, in order. An event any delivery still refers
 * to is kept (prune-deliveries.ts removes it with its last delivery).
 *
 * The scan walks the primary key, not a created_at index the hottest table would pay for on every
 * insert: ids start with their creation time (lib/ids.ts), so the ids of events written before the
 * cutoff sort below `evt_<cutoff in base 32>`. created_at stays the rule; the id only bounds the
 * scan. The caller keeps a cursor: events kept for their deliveries sit at the start of the range,
 * and scanning them again every sweep would cost more the longer deliveries are kept.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface EventsPruned {
  events: number;
  /** the last id scanned: the next batch starts after it; null when there was nothing to scan */
  last: string | null;
  more: boolean;
}

export interface PruneEventsInput {
  beforeMs: number;
  /** scan ids after this one ('' from the start) */
  after: string;
  batchRows: number;
}

/** The lowest id newId('evt') hands out at `ms`: every id of an earlier event sorts below it. */
export function eventIdAt(ms: number): string {
  return `evt_${Math.max(0, Math.floor(ms)).toString(32).padStart(9, '0')}`;
}

export async function pruneEvents(db: Kysely<Database>, input: PruneEventsInput): Promise<EventsPruned> {
  const scanned = await db.selectFrom('events')
    .select('id')
    .where('id', '>', input.after)
    .where('id', '<', eventIdAt(input.beforeMs))
    .orderBy('id')
    .limit(input.batchRows)
    .execute();
  if (!scanned.length) return { events: 0, last: null, more: false };
  const result = await db.deleteFrom('events')
    .where('id', 'in', scanned.map((e) => e.id))
    .where('created_at', '<', input.beforeMs)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deliveries as d').select('d.id').whereRef('d.event_id', '=', 'events.id'))))
    .executeTakeFirst();
  return { events: Number(result.numDeletedRows), last: scanned[scanned.length - 1].id, more: scanned.length === input.batchRows };
}
