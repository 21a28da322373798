/**
 * Every change a conversation sees becomes an event with the conversation's next sequence number,
 * written in the caller's transaction, with the outbox rows it causes.
 */
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../../store/schema.ts';
import { notifyOnCommit } from '../../store/store.ts';
import { rawAll, rawInsert, transactionWriteBehind } from '../../store/raw-sql.ts';
import type { CoreContext } from '../context.ts';
import { iso, now } from '../time.ts';
import type { DomainEvent, EventType } from '../types.ts';
import { notFound } from '../errors.ts';

export const EVENTS_CHANNEL = 'switchboard_events';

const NEXT_SEQ = 'update conversations set last_seq = last_seq + 1, updated_at = ? where id = ? returning last_seq';
const SET_SEQ = 'update conversations set last_seq = ?, updated_at = ? where id = ?';
const EVENT_COLUMNS = ['id', 'conversation_id', 'seq', 'type', 'data', 'created_at'] as const;

/**
 * Takes the conversation's next sequence number, inside a store.write() transaction. The first
 * number of a transaction comes from an UPDATE, whose row lock serialises writers per conversation
 * until commit; the transaction's later numbers are counted in memory and the last one is written
 * once, before the next other statement or the commit (write-behind.ts).
 */
export async function nextSeq(db: Kysely<Database>, conversationId: string, at: number): Promise<number> {
  const writeBehind = transactionWriteBehind(db);
  const counters = writeBehind.local('conversation seqs', () => new Map<string, number>());
  const held = counters.get(conversationId);
  if (held !== undefined) {
    counters.set(conversationId, held + 1);
    writeBehind.deferUpdate(`seq ${conversationId}`, SET_SEQ, [held + 1, at, conversationId]);
    return held + 1;
  }
  const [row] = await rawAll<{ last_seq: number }>(db, NEXT_SEQ, [at, conversationId]);
  if (!row) throw notFound('conversation');
  counters.set(conversationId, Number(row.last_seq));
  return Number(row.last_seq);
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
