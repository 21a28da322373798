/**
 * Hook lookup by token, on every hook request: cached in memory because it is the hot path.
 * Tokens are stored only as their SHA-256 (`token_hash`) and sealed (`token_sealed`); a request's
 * token is hashed and looked up by that hash, and the cache is keyed by the hash too, so neither
 * the database nor this cache nor the cross-node notification carries a token.
 *
 * A deleted or rotated token is forgotten at once here and, on PostgreSQL, on every other node
 * through a notification; the short lifetime bounds staleness if a notification is ever missed.
 *
 * The opened tokens behind hook URLs (a fleep webhook's reply_url, on every delivery) are cached
 * as well, so the delivery hot path does not run AES-GCM each time. That cache is keyed by the hash
 * too: an entry can never be wrong (a hash names one token), and it is dropped with the lookup.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.ts';
import { hashToken } from '../../lib/ids.ts';
import type { HookRow } from './hooks.ts';

export const HOOKS_CHANNEL = 'switchboard_hooks';
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const MAX_OPENED = 10_000;

type SealedToken = Pick<HookRow, 'token_hash' | 'token_sealed'>;

export class HookTokens {
  readonly #store: Store;
  readonly #cache = new Map<string, { row: HookRow | null; until: number }>();
  /** token hash → token, least recently used first */
  readonly #opened = new Map<string, string>();

  constructor(store: Store) {
    this.#store = store;
  }

  async find(token: string): Promise<HookRow | null> {
    const hash = hashToken(token);
    const hit = this.#cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.row;
    const row = (await this.#store.db.selectFrom('hooks').selectAll().where('token_hash', '=', hash).where('deleted_at', 'is', null).executeTakeFirst()) ?? null;
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(hash, { row, until: Date.now() + TTL_MS });
    return row;
  }

  /** The hook's token, opened from its sealed form once and then kept (bounded). */
  token(hook: SealedToken): string {
    let token = this.#opened.get(hook.token_hash);
    if (token !== undefined) {
      this.#opened.delete(hook.token_hash);
    } else {
      token = this.#store.tokenSeal.open(hook.token_sealed);
      if (this.#opened.size >= MAX_OPENED) this.#opened.delete(this.#opened.keys().next().value!);
    }
    this.#opened.set(hook.token_hash, token);
    return token;
  }

  /** Drops a token here and tells the other nodes to drop it too. */
  async forget(tokenHash: string): Promise<void> {
    this.dropLocal(tokenHash);
    await this.#store.engine.notify(this.#store.db, HOOKS_CHANNEL, tokenHash);
  }

  /** A notification from another node (its payload is the token hash). */
  dropLocal(tokenHash: string): void {
    this.#cache.delete(tokenHash);
    this.#opened.delete(tokenHash);
  }
}
