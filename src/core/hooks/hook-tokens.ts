/**
 * Hook lookup by token, on every hook request: cached in memory because it is the hot path.
 * A deleted or rotated token is forgotten at once here and, on PostgreSQL, on every other node
 * through a notification; the short lifetime bounds staleness if a notification is ever missed.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.ts';
import type { HookRow } from './hooks.ts';

export const HOOKS_CHANNEL = 'switchboard_hooks';
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class HookTokens {
  readonly #store: Store;
  readonly #cache = new Map<string, { row: HookRow | null; until: number }>();

  constructor(store: Store) {
    this.#store = store;
  }

  async find(token: string): Promise<HookRow | null> {
    const hit = this.#cache.get(token);
    if (hit && hit.until > Date.now()) return hit.row;
    const row = (await this.#store.db.selectFrom('hooks').selectAll().where('token', '=', token).where('deleted_at', 'is', null).executeTakeFirst()) ?? null;
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(token, { row, until: Date.now() + TTL_MS });
    return row;
  }

  /** Drops a token here and tells the other nodes to drop it too. */
  async forget(token: string): Promise<void> {
    this.#cache.delete(token);
    if (this.#store.engine === 'postgres') await sql`select pg_notify(${HOOKS_CHANNEL}, ${token})`.execute(this.#store.db);
  }

  /** A notification from another node. */
  dropLocal(token: string): void {
    this.#cache.delete(token);
  }
}
