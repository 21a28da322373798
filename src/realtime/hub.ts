/**
 * Fans committed events out to the open streams of their conversation. Local writes arrive with the
 * whole event; other nodes' writes arrive as a PostgreSQL notification (conversation, seq) and are
 * read from the events table. Each subscriber keeps a cursor, so nothing is sent twice or skipped.
 */
import type { CoreContext } from '../core/context.ts';
import { listEventsAfter } from '../core/events/append-event.ts';
import type { DomainEvent } from '../core/types.ts';

export interface Subscriber {
  cursor: number;
  send(event: DomainEvent): void;
}

export class RealtimeHub {
  readonly #ctx: CoreContext;
  readonly #subs = new Map<string, Set<Subscriber>>();
  /** per-subscriber catch-up in progress, so reads for one subscriber never interleave */
  readonly #catchingUp = new WeakMap<Subscriber, Promise<void>>();

  constructor(ctx: CoreContext) {
    this.#ctx = ctx;
  }

  get size(): number {
    let n = 0;
    for (const set of this.#subs.values()) n += set.size;
    return n;
  }

  /** Registers a subscriber and sends it what it missed since its cursor. Returns the unsubscribe. */
  subscribe(conversationId: string, sub: Subscriber): () => void {
    let set = this.#subs.get(conversationId);
    if (!set) this.#subs.set(conversationId, (set = new Set()));
    set.add(sub);
    this.#catchUp(conversationId, sub);
    return () => {
      set.delete(sub);
      if (!set.size) this.#subs.delete(conversationId);
    };
  }

  /** Committed local events, in seq order per conversation. */
  dispatch(events: DomainEvent[]): void {
    for (const event of events) {
      for (const sub of this.#subs.get(event.conversation_id) ?? []) {
        if (this.#catchingUp.has(sub) || event.seq !== sub.cursor + 1) this.#catchUp(event.conversation_id, sub);
        else this.#deliver(sub, event);
      }
    }
  }

  /** A notification that the conversation has events up to `seq` (from another node, or our own). */
  notify(conversationId: string, seq: number): void {
    for (const sub of this.#subs.get(conversationId) ?? []) if (seq > sub.cursor) this.#catchUp(conversationId, sub);
  }

  #deliver(sub: Subscriber, event: DomainEvent): void {
    if (event.seq <= sub.cursor) return;
    sub.cursor = event.seq;
    sub.send(event);
  }

  #catchUp(conversationId: string, sub: Subscriber): void {
    const previous = this.#catchingUp.get(sub) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (;;) {
        const events = await listEventsAfter(this.#ctx, conversationId, sub.cursor);
        for (const e of events) this.#deliver(sub, e);
        if (events.length < 500) break;
      }
    }).catch(() => {}).finally(() => {
      if (this.#catchingUp.get(sub) === next) this.#catchingUp.delete(sub);
    });
    this.#catchingUp.set(sub, next);
  }
}
