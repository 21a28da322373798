/**
 * Group commit: writes that arrive together share one transaction (one fsync on SQLite, one
 * commit round trip on PostgreSQL), and each caller is answered only after that commit.
 * Every write runs inside its own savepoint, so one failing write (a duplicate case id, say)
 * is rolled back alone and the rest of the batch still commits.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type WriteFn<T> = (db: Kysely<Database>) => Promise<T>;

interface Item {
  key: string;
  fn: WriteFn<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export interface WriteBatcherOptions {
  maxBatch: number;
  /** `begin immediate` on SQLite takes the write lock up front instead of upgrading mid-transaction */
  beginSql: string;
  onBatch?: (size: number) => void;
}

export class WriteBatcher {
  readonly #db: Kysely<Database>;
  readonly #options: WriteBatcherOptions;
  #queue: Item[] = [];
  #running: Promise<void> | null = null;

  constructor(db: Kysely<Database>, options: WriteBatcherOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** Runs `fn` in the next group-committed transaction; resolves after the commit. `key` orders locks. */
  run<T>(key: string, fn: WriteFn<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ key, fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) this.#running = this.#drain();
    });
  }

  /** Resolves once every queued write has been committed or rejected. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the requests that arrived in the same tick join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, this.#options.maxBatch);
        // A stable lock order across batches (and across nodes on PostgreSQL) rules out deadlocks.
        batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        await this.#commit(batch).catch(async () => {
          // The commit itself failed (a deadlock or a lost connection): retry each write alone so
          // one bad write cannot fail the others, and every caller learns its own outcome.
          for (const item of batch) await this.#commit([item]).catch((e) => settle(item, { ok: false, error: e }));
        });
      }
    } finally {
      this.#running = null;
    }
  }

  async #commit(batch: Item[]): Promise<void> {
    await this.#db.connection().execute(async (conn) => {
      await sql.raw(this.#options.beginSql).execute(conn);
      try {
        for (const item of batch) {
          await sql.raw('savepoint w').execute(conn);
          try {
            item.outcome = { ok: true, value: await item.fn(conn) };
            await sql.raw('release savepoint w').execute(conn);
          } catch (error) {
            item.outcome = { ok: false, error };
            await sql.raw('rollback to savepoint w').execute(conn);
            await sql.raw('release savepoint w').execute(conn);
          }
        }
        await sql.raw('commit').execute(conn);
      } catch (error) {
        await sql.raw('rollback').execute(conn).catch(() => {});
        throw error;
      }
    });
    this.#options.onBatch?.(batch.length);
    for (const item of batch) settle(item, item.outcome!);
  }
}

function settle(item: Item, outcome: NonNullable<Item['outcome']>): void {
  if (outcome.ok) item.resolve(outcome.value);
  else item.reject(outcome.error);
}
