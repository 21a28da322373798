/** The event row of the write path: held, and written with the batch's other events in one insert. */
import type { WriteTx } from '../write/write-tx.ts';

const EVENT_COLUMNS = ['id', 'conversation_id', 'seq', 'type', 'data', 'created_at'] as const;

export interface EventRow {
  id: string;
  conversation_id: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** Holds the event for insert (not awaited: written before the next statement on events, or at commit). */
export function holdEvent(tx: WriteTx, event: EventRow, at: number): void {
  tx.hold('events', EVENT_COLUMNS, [event.id, event.conversation_id, event.seq, event.type, JSON.stringify(event.data), at]);
}
