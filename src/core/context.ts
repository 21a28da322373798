/** What every domain function receives: the store, the settings and the listeners of committed events. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { DomainEvent } from './types.ts';
import { HookTokens } from './hooks/hook-tokens.ts';
import { BotRateGuard } from './bots/bot-rate.ts';
import { SharedRateCounts } from '../store/shared-rate-counts.ts';

/** Runs inside the transaction that appends an event: the outbox inserts its deliveries here. */
export type InTransactionListener = (db: Kysely<Database>, event: DomainEvent) => Promise<void>;
/** Runs after the event's transaction committed: realtime fan-out, bots. Must not throw. */
export type CommittedListener = (events: DomainEvent[]) => void;

export interface CoreContext {
  store: Store;
  config: Config;
  inTransaction: InTransactionListener[];
  committed: CommittedListener[];
  /** hook token lookups, cached (the hook ingest hot path) */
  hookTokens: HookTokens;
  /** per-conversation limit on bot replies (loop safety) */
  botRate: BotRateGuard;
  /** PostgreSQL: request counts shared by the nodes, for rate limits that hold deployment-wide */
  rateCounts: SharedRateCounts | null;
}

export function createCoreContext(store: Store, config: Config): CoreContext {
  return {
    store,
    config,
    inTransaction: [],
    committed: [],
    hookTokens: new HookTokens(store),
    botRate: new BotRateGuard(config.botRepliesPerMinute),
    rateCounts: store.engine.sharedByNodes ? new SharedRateCounts(store.db, config.rateLimitSyncMs) : null,
  };
}

export function publishCommitted(ctx: CoreContext, events: DomainEvent[]): void {
  if (!events.length) return;
  for (const listener of ctx.committed) {
    try {
      listener(events);
    } catch {
      // a listener's failure must not turn a committed write into an error for its caller
    }
  }
}
