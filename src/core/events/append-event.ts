/**
 * Every change a conversation sees becomes an event with the conversation's next sequence number,
 * written in the caller's transaction, with the outbox rows it causes.
 */
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../../store/schema.ts';
import { notifyOnCommit } from '../../store/store.ts';
import { rawAll, rawRun } from '../../store/raw-sql.ts';
import type { CoreContext } from '../context.ts';
import { iso, now } from '../time.ts';
import type { DomainEvent, EventType } from '../types.ts';
import { notFound } from '../errors.ts';

export const EVENTS_CHANNEL = 'switchboard_events';

const NEXT_SEQ = 'update conversations set last_seq = last_seq + 1, updated_at = ? where id = ? returning last_seq';
const INSERT_EVENT = 'insert into events (id, conversation_id, seq, type, data, created_at) values (?, ?, ?, ?, ?, ?)';

/**
 * Takes the conversation's next sequence number, inside a store.write() transaction; the row lock
 * it takes serialises writers per conversation.
 */
export async function nextSeq(db: Kysely<Database>, conversationId: string, at: number): Promise<number> {
  const [row] = await rawAll<{ last_seq: number }>(db, NEXT_SEQ, [at, conversationId]);
  if (!row) throw notFound('conversation');
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
  await rawRun(db, INSERT_EVENT, [event.id, event.conversation_id, seq, event.type, JSON.stringify(event.data), at]);
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
