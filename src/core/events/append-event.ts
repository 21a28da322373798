/**
 * Every change a conversation sees becomes an event with the conversation's next sequence number,
 * written in the caller's transaction, with the outbox rows it causes.
 */
import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Database } from '../../store/schema.ts';
import { notifyOnCommit } from '../../store/store.ts';
import { rawAll, rawInsert, transactionWriteBehind } from '../../store/raw-sql.ts';
import type { CoreContext } from '../context.ts';
import { iso, now } from '../../lib/time.ts';
import type { DomainEvent, EventType } from '../types.ts';
import { notFound } from '../errors.ts';

export const EVENTS_CHANNEL = 'switchboard_events';

const EVENT_COLUMNS = ['id', 'conversation_id', 'seq', 'type', 'data', 'created_at'] as const;
/** Locks the rows of the conversations (those of the whole batch at once) and reads their counters; changes nothing. */
const LOCK_SEQS = (ids: string) => `update conversations set last_seq = last_seq where id in (${ids}) returning id, last_seq`;

interface Counter {
  last: number;
  /** when the last number was taken (the conversation's updated_at); null: none taken yet */
  at: number | null;
}

/**
 * Takes the conversation's next sequence number, inside a store.write() transaction. The first
 * call of a transaction locks the rows of every conversation its batch writes to, in one UPDATE
 * whose row locks serialise writers per conversation until commit; numbers are then counted in
 * memory, and the counters are written back in one statement before the next other statement or
 * the commit (write-behind.ts).
 */
export async function nextSeq(db: Kysely<Database>, conversationId: string, at: number): Promise<number> {
  const writeBehind = transactionWriteBehind(db);
  const counters = writeBehind.local('conversation seqs', () => new Map<string, Counter>());
  let counter = counters.get(conversationId);
  if (!counter) {
    const ids = writeBehind.keys.includes(conversationId) ? writeBehind.keys.filter((id) => !counters.has(id)) : [conversationId];
    // Independent of held rows: it touches only conversations without a counter here, and the held
    // counter update only those with one.
    const rows = await rawAll<{ id: string; last_seq: number }>(db, LOCK_SEQS(ids.map(() => '?').join(', ')), ids, { independent: true });
    for (const row of rows) counters.set(row.id, { last: Number(row.last_seq), at: null });
    counter = counters.get(conversationId);
    if (!counter) throw notFound('conversation');
  }
  counter.last += 1;
  counter.at = at;
  writeBehind.deferUpdate('conversation seqs', () => setSeqs(counters));
  return counter.last;
}

/** One UPDATE writing every counter the transaction moved, with its time (portable CASE, not UPDATE … FROM). */
function setSeqs(counters: Map<string, Counter>): [string, unknown[]] {
  const moved = [...counters].filter(([, c]) => c.at !== null);
  const cases = moved.map(() => 'when ? then cast(? as bigint)').join(' ');
  const sql = `update conversations set last_seq = case id ${cases} end, updated_at = case id ${cases} end where id in (${moved.map(() => '?').join(', ')})`;
  return [sql, [...moved.flatMap(([id, c]) => [id, c.last]), ...moved.flatMap(([id, c]) => [id, c.at]), ...moved.map(([id]) => id)]];
}

export async function appendEvent(
  ctx: CoreContext,
  db: Kysely<Database>,
  input: { conversation_id: string; type: EventType; data: Record<string, unknown>; seq?: number; at?: number },
): Promise<DomainEvent> {
  const at = input.at ?? now();
  const seq = input.seq ?? (await nextSeq(db, input.conversation_id, at));
  const event: DomainEvent = {
    id: newId('evt'),
    conversation_id: input.conversation_id,
    seq,
    type: input.type,
    data: input.data,
    created_at: iso(at),
  };
  rawInsert(db, 'events', EVENT_COLUMNS, [event.id, event.conversation_id, seq, event.type, JSON.stringify(event.data), at]);
  for (const listener of ctx.inTransaction) await listener(db, event);
  // Other nodes learn of the event when this transaction commits (PostgreSQL only).
  await notifyOnCommit(ctx.store, db, EVENTS_CHANNEL, JSON.stringify({ conversation_id: event.conversation_id, seq }));
  return event;
}

export async function listEventsAfter(ctx: CoreContext, conversationId: string, afterSeq: number, limit = 500): Promise<DomainEvent[]> {
  const rows = await ctx.store.db
    .selectFrom('events')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, conversation_id: r.conversation_id, seq: r.seq, type: r.type as EventType, data: JSON.parse(r.data), created_at: iso(r.created_at) }));
}
