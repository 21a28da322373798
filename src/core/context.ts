/**
 * What every domain function receives: the store, the settings, the shared helpers, and the ports
 * through which the write path hands its events on. All of it is built and wired in runtime.ts;
 * core only names the shapes (the outgoing engine, the bots and the realtime hub implement them).
 */
import type { Config } from '../config.ts';
import type { SharedRateCounts } from '../store/shared-rate-counts.ts';
import type { Store } from '../store/store.ts';
import type { WriteTx } from '../store/write/write-tx.ts';
import type { BotRateGuard } from './bots/bot-rate.ts';
import type { HookTokens } from './hooks/hook-tokens.ts';
import type { DomainEvent } from './types.ts';

/** Runs inside the transaction that appends `event`, and writes what the event causes there. */
export type EventPort = (tx: WriteTx, event: DomainEvent) => Promise<void>;
/** Runs after the events' transaction committed. Must not throw: the write is done. */
export type AfterCommitPort = (events: DomainEvent[]) => void;

/** Where the write path goes on from appendEvent and from the commit, wired in runtime.ts. */
export interface WritePorts {
  /** the webhook outbox: the event's deliveries, in its transaction (outgoing/outbox.ts) */
  outbox: EventPort;
  /** the actions outbox: the event's action calls and bridge reply, in its transaction (bots/actions/enqueue-actions.ts) */
  botActions: EventPort;
  /** after commit: realtime fan-out, metrics, the auto-responder, waking the delivery worker */
  afterCommit: AfterCommitPort;
  /** wakes this node's delivery worker once new deliveries are committed; `webhookIds`: whose */
  wakeDeliveries: (webhookIds?: Set<string>) => void;
}

export interface CoreContext {
  store: Store;
  config: Config;
  ports: WritePorts;
  /** hook token lookups, cached (the hook ingest hot path) */
  hookTokens: HookTokens;
  /** per-conversation limit on bot replies (loop safety) */
  botRate: BotRateGuard;
  /** PostgreSQL: request counts shared by the nodes, for rate limits that hold deployment-wide */
  rateCounts: SharedRateCounts | null;
}
