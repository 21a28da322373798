/**
 * Every change a conversation sees becomes an event with the conversation's next sequence number,
 * written in the caller's transaction, with what it causes there: its deliveries (the outbox port)
 * and its action calls (the bot actions port). After commit, the caller hands the events to
 * `ctx.ports.afterCommit`.
 */
import { newId } from '../../lib/ids.ts';
import { holdEvent } from '../../store/hot-path/events.ts';
import type { WriteTx } from '../../store/write/write-tx.ts';
import type { CoreContext } from '../context.ts';
import { iso, now } from '../../lib/time.ts';
import type { DomainEvent, EventType } from '../types.ts';
import { notFound } from '../errors.ts';

export const EVENTS_CHANNEL = 'switchboard_events';

/** The conversation's next sequence number, inside a store.write() transaction (store/write/sequences.ts). */
export async function nextSeq(tx: WriteTx, conversationId: string, at: number): Promise<number> {
  return seqOf(await tx.nextSeq(conversationId, at));
}

/** tx.nextSeq's answer, or `conversation_not_found` (synchronous: the hot path awaits tx.nextSeq itself). */
export function seqOf(seq: number | null): number {
  if (seq === null) throw notFound('conversation');
  return seq;
}

export async function appendEvent(
  ctx: CoreContext,
  tx: WriteTx,
  input: { conversation_id: string; type: EventType; data: Record<string, unknown>; seq?: number; at?: number },
): Promise<DomainEvent> {
  const at = input.at ?? now();
  const seq = input.seq ?? seqOf(await tx.nextSeq(input.conversation_id, at));
  const event: DomainEvent = {
    id: newId('evt'),
    conversation_id: input.conversation_id,
    seq,
    type: input.type,
    data: input.data,
    created_at: iso(at),
  };
  holdEvent(tx, event, at);
  await ctx.ports.outbox(tx, event);
  await ctx.ports.botActions(tx, event);
  // Other nodes learn of the event when this transaction commits.
  if (tx.notifies) tx.notifyAtCommit(EVENTS_CHANNEL, JSON.stringify({ conversation_id: event.conversation_id, seq }));
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
