/**
 * Rate limits that hold for a deployment, not per node. With several nodes on one PostgreSQL
 * database, @fastify/rate-limit's in-memory store would let each node admit the whole limit. This
 * store counts locally (the request path never waits for the database) and, about once a second,
 * adds what it counted to a shared row per bucket and window and learns what the other nodes
 * counted. A limit can therefore be overrun by at most what the other nodes admit in one sync
 * interval. Windows are aligned to the clock so that every node counts the same window; the
 * previous window is weighed in so that a boundary does not reset a client's count.
 *
 * With SQLite (one node) the plugin keeps its own in-memory store, whose windows start at a
 * client's first request; nothing here runs.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

interface Bucket {
  id: string;
  windowStart: number;
  timeWindow: number;
  /** requests this node admitted in the window */
  local: number;
  /** of those, how many are in the shared row */
  synced: number;
  /** what the other nodes had counted at the last sync */
  others: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** What @fastify/rate-limit calls on a custom store (it constructs it, then asks for a child per route). */
export interface RateLimitStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateLimitStore;
}

/** Old windows are deleted this long after they ended. */
const KEEP_ENDED_WINDOWS_MS = 10 * 60_000;

export class SharedRateCounts {
  readonly #db: Kysely<Database>;
  readonly #syncMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #hashes = new Map<string, string>();
  readonly #loading = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #syncing: Promise<void> | null = null;
  #lastCleanup = 0;

  /** `now`: the clock windows are aligned to (tests move it instead of waiting for a boundary). */
  constructor(db: Kysely<Database>, syncMs: number, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#syncMs = syncMs;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sync().catch(() => {}), this.#syncMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#syncing?.catch(() => {});
    await this.sync().catch(() => {}); // what this node admitted last still counts for the others
  }

  /** A store class for @fastify/rate-limit whose keys live under `namespace`. */
  storeFor(namespace: string): new () => RateLimitStore {
    const counts = this;
    return class {
      incr(key: string, callback: Callback, timeWindow: number): void {
        counts.take(counts.#bucketId(namespace, key), timeWindow).then(
          (result) => callback(null, result),
          (error: Error) => callback(error, { current: 0, ttl: 0 }),
        );
      }
      child(): RateLimitStore {
        return this;
      }
    };
  }

  /** Counts one event under `namespace` and `key` (a limit outside @fastify/rate-limit: bot replies). */
  takeFor(namespace: string, key: string, timeWindow: number): Promise<{ current: number; ttl: number }> {
    return this.take(this.#bucketId(namespace, key), timeWindow);
  }

  /**
   * Counts one request. The first request of a bucket in a window on this node reads what the
   * shared row already holds (one query per bucket and window); the rest are counted in memory.
   */
  async take(bucketId: string, timeWindow: number): Promise<{ current: number; ttl: number }> {
    const now = this.#now();
    const windowStart = now - (now % timeWindow);
    const key = `${bucketId} ${windowStart}`;
    if (!this.#buckets.has(key)) {
      let loading = this.#loading.get(key);
      if (!loading) {
        loading = this.#load(bucketId, windowStart, timeWindow).finally(() => this.#loading.delete(key));
        this.#loading.set(key, loading);
      }
      await loading;
    }
    return this.increment(bucketId, timeWindow, now);
  }

  /** What the other nodes counted in this window and the one before, before this node's first request. */
  async #load(id: string, windowStart: number, timeWindow: number): Promise<void> {
    const rows = await this.#db
      .selectFrom('rate_counts')
      .select(['window_start', 'count'])
      .where('bucket', '=', id)
      .where('window_start', 'in', [windowStart, windowStart - timeWindow])
      .execute()
      .catch(() => []); // the database unreachable: count locally until the next sync
    for (const start of [windowStart, windowStart - timeWindow]) {
      const key = `${id} ${start}`;
      const others = Number(rows.find((r) => Number(r.window_start) === start)?.count ?? 0);
      const bucket = this.#buckets.get(key);
      if (bucket) bucket.others = Math.max(bucket.others, others - bucket.synced);
      else this.#buckets.set(key, { id, windowStart: start, timeWindow, local: 0, synced: 0, others });
    }
  }

  /**
   * Counts one request; returns the deployment-wide count as this node knows it. Windows are
   * aligned to the clock, and the previous window still counts in proportion to how much of it
   * lies within `timeWindow` of now (a sliding-window estimate), so a client cannot double its
   * rate across a window boundary.
   */
  increment(bucketId: string, timeWindow: number, now = this.#now()): { current: number; ttl: number } {
    const windowStart = now - (now % timeWindow);
    const key = `${bucketId} ${windowStart}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = { id: bucketId, windowStart, timeWindow, local: 0, synced: 0, others: 0 }));
    bucket.local += 1;
    const previous = this.#buckets.get(`${bucketId} ${windowStart - timeWindow}`);
    const carried = previous ? Math.round((previous.local + previous.others) * (1 - (now - windowStart) / timeWindow)) : 0;
    return { current: bucket.local + bucket.others + carried, ttl: windowStart + timeWindow - now };
  }

  /** Adds this node's new counts to the shared rows and reads the others' (one statement). */
  sync(now?: number): Promise<void> {
    // One sync at a time: a caller during a sync runs after it.
    const run = (this.#syncing ?? Promise.resolve()).catch(() => {}).then(() => this.#sync(now ?? this.#now()));
    this.#syncing = run;
    void run.catch(() => {}).finally(() => {
      if (this.#syncing === run) this.#syncing = null;
    });
    return run;
  }

  async #sync(now: number): Promise<void> {
    const live: [Bucket, number][] = [];
    for (const [key, bucket] of this.#buckets) {
      // The current window and the one before it (still weighed by increment) are kept.
      if (bucket.windowStart + 2 * bucket.timeWindow <= now) this.#buckets.delete(key);
      else live.push([bucket, bucket.local - bucket.synced]);
    }
    if (live.length) {
      // Buckets with nothing new are sent with 0: the upsert still returns the others' counts.
      const rows = await this.#db
        .insertInto('rate_counts')
        .values(live.map(([bucket, delta]) => ({ bucket: bucket.id, window_start: bucket.windowStart, count: delta })))
        .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql`rate_counts.count + excluded.count` }))
        .returning(['bucket', 'window_start', 'count'])
        .execute();
      const totals = new Map(rows.map((r) => [`${r.bucket} ${Number(r.window_start)}`, Number(r.count)]));
      for (const [bucket, delta] of live) {
        const total = totals.get(`${bucket.id} ${bucket.windowStart}`);
        bucket.synced += delta;
        if (total !== undefined) bucket.others = Math.max(0, total - bucket.synced);
      }
    }
    if (now - this.#lastCleanup > KEEP_ENDED_WINDOWS_MS) {
      this.#lastCleanup = now;
      await this.#db.deleteFrom('rate_counts').where('window_start', '<', now - KEEP_ENDED_WINDOWS_MS).execute();
    }
  }

  /** Hook tokens and client addresses are not stored: buckets are named by a hash. */
  #bucketId(namespace: string, key: string): string {
    const raw = `${namespace}\n${key}`;
    let id = this.#hashes.get(raw);
    if (!id) {
      if (this.#hashes.size >= 10_000) this.#hashes.clear();
      id = createHash('sha256').update(raw).digest('base64url').slice(0, 32);
      this.#hashes.set(raw, id);
    }
    return id;
  }
}
