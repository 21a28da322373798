/**
 * Group commit: writes that arrive together share one transaction (one fsync on SQLite, one
 * commit round trip on PostgreSQL), and each caller is answered only after that commit.
 *
 * Failure policy: a batch runs optimistically, without a savepoint per write (savepoints cost two
 * statements, and on PostgreSQL two round trips, per write). If anything in it fails, the batch
 * rolls back and runs once more, in one transaction again, now with a savepoint around each write
 * and its held rows written before the next write starts (write-behind.ts): a failure, in the
 * write or in its rows, is then its own, rolled back to its savepoint and answered to its caller
 * alone, and the other writes commit together. (It used to run every write of the batch again in
 * a transaction of its own: one bad post a second cost a busy PostgreSQL node most of its ingest.)
 * Writes may run twice, so they must touch nothing but the database until they resolve; events
 * are published after commit by their callers.
 */
import type { DatabaseConnection, Dialect, Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { RunnerFor } from './raw-runner.ts';
import { transactionKyselyFactory } from './tx-kysely.ts';
import { Transaction, type WriteTx } from './write-tx.ts';

export type WriteFn<T> = (tx: WriteTx) => Promise<T>;

interface Item {
  key: string;
  fn: WriteFn<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcherOptions {
  maxBatch: number;
  /** `begin immediate` on SQLite takes the write lock up front instead of upgrading mid-transaction */
  beginSql: string;
  /** the engine's runner for the connection a batch holds (raw-runner.ts) */
  runnerFor: RunnerFor;
  /** the dialect `db` was built with: each transaction's Kysely (tx.db) shares its compiler */
  dialect: Dialect;
  /** resolves once what was committed so far is on disk (SQLite's async WAL fsync); absent: commit is durable */
  durable?: () => Promise<void>;
  onBatch?: (size: number) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class WriteBatcher {
  readonly #db: Kysely<Database>;
  readonly #options: WriteBatcherOptions;
  readonly #kyselyOn: ReturnType<typeof transactionKyselyFactory>;
  #queue: Item[] = [];
  #running: Promise<void> | null = null;
  /** committed batches waiting for their durability barrier */
  readonly #settling = new Set<Promise<void>>();
  /** the newest batch's durability barrier, while it runs */
  #lastSettled: Promise<void> | null = null;

  constructor(db: Kysely<Database>, options: WriteBatcherOptions) {
    this.#db = db;
    this.#options = options;
    this.#kyselyOn = transactionKyselyFactory(db, options.dialect);
  }

  /** Runs `fn` in the next group-committed transaction; resolves after the commit. `key` orders locks. */
  run<T>(key: string, fn: WriteFn<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ key, fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) this.#running = this.#drain();
    });
  }

  /**
   * Runs `fn` in a transaction of its own on another connection, beside the batches (where the
   * engine's writes are not serial: outgoing-write.ts); resolves once it is durable.
   */
  async runAlone<T>(key: string, fn: WriteFn<T>): Promise<T> {
    const value = await this.#inTransaction([key], (tx) => fn(tx));
    if (this.#options.durable) await this.#options.durable();
    return value;
  }

  /** Resolves once every queued write has been committed or rejected. */
  async idle(): Promise<void> {
    while (this.#running || this.#settling.size) {
      await this.#running;
      await Promise.all(this.#settling);
    }
  }

  async #drain(): Promise<void> {
    // Let the requests that arrived in the same tick join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.#queue.length) {
        // Writes that come while the last batch's fsync runs could not be answered before it ends
        // anyway: waiting for it lets them gather into one bigger batch (fewer commits, each of
        // which writes its pages to the WAL) at no cost in latency.
        if (this.#lastSettled && this.#queue.length < this.#options.maxBatch) await this.#lastSettled;
        const batch = this.#queue.splice(0, this.#options.maxBatch);
        // A stable lock order across batches (and across nodes on PostgreSQL) rules out deadlocks.
        if (batch.length > 1) batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        try {
          const values = await this.#transaction(batch);
          this.#options.onBatch?.(batch.length);
          this.#acknowledge(batch.map((item, i) => [item, values[i]]));
        } catch {
          await this.#retryWithSavepoints(batch);
        }
      }
    } finally {
      this.#running = null;
    }
  }

  /** Answers committed writes once they are durable, without holding up the next batch. */
  #acknowledge(done: [Item, unknown][]): void {
    if (!this.#options.durable) {
      for (const [item, value] of done) item.resolve(value);
      return;
    }
    const settled = this.#options.durable().then(
      () => done.forEach(([item, value]) => item.resolve(value)),
      (error) => done.forEach(([item]) => item.reject(error)),
    );
    this.#settling.add(settled);
    const last = (this.#lastSettled = settled.catch(() => {}));
    void settled.finally(() => {
      this.#settling.delete(settled);
      if (this.#lastSettled === last) this.#lastSettled = null;
    });
  }

  /** The failure path: the batch once more, each write in its own savepoint; only what failed there is rejected. */
  async #retryWithSavepoints(batch: Item[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.#inTransaction(keysOf(batch), (tx, runner) => this.#runIsolated(batch, tx, runner));
    } catch (error) {
      // The transaction itself failed (begin, commit, the connection): nothing of it was written.
      for (const item of batch) item.reject(error);
      return;
    }
    const done: [Item, unknown][] = [];
    outcomes.forEach((outcome, i) => (outcome.ok ? done.push([batch[i], outcome.value]) : batch[i].reject(outcome.error)));
    if (done.length) this.#options.onBatch?.(done.length);
    this.#acknowledge(done);
  }

  /**
   * Every write of `batch` after a savepoint of its own, its held rows written before the next
   * write starts. Savepoints are not released (commit does that): a new one is set only after a
   * write that succeeded, and a failed write's is reused by the next, so a write costs two
   * statements more (the savepoint, the flush), not three or four.
   */
  async #runIsolated(batch: Item[], tx: Transaction, runner: ReturnType<RunnerFor>): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let savepointSet = false;
    for (const item of batch) {
      if (!savepointSet) await runner.exec('savepoint one_write', []);
      savepointSet = true;
      try {
        const value = await item.fn(tx);
        await tx.flush();
        outcomes.push({ ok: true, value });
        savepointSet = false;
      } catch (error) {
        tx.discard();
        // Notifications the write collected (PostgreSQL) are sent inside its savepoint, so that the
        // rollback takes them back too; after a failed statement this send fails, dropping them.
        await tx.flush().catch(() => {});
        await runner.exec('rollback to savepoint one_write', []);
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  /** One transaction running every write of `batch`; the first failure rolls all of it back. */
  #transaction(batch: Item[]): Promise<unknown[]> {
    return this.#inTransaction(keysOf(batch), async (tx) => {
      const values: unknown[] = [];
      for (const item of batch) values.push(await item.fn(tx));
      return values;
    });
  }

  /**
   * Runs `work` between BEGIN and COMMIT on one connection, with the transaction's WriteTx; what
   * the writes leave held is written, and the notifications sent, right before COMMIT.
   */
  async #inTransaction<T>(keys: string[], work: (tx: Transaction, runner: ReturnType<RunnerFor>) => Promise<T>): Promise<T> {
    return this.#db.getExecutor().provideConnection(async (connection: DatabaseConnection) => {
      const runner = this.#options.runnerFor(connection);
      const tx = new Transaction(runner, keys, (self) => this.#kyselyOn(connection, self));
      await runner.exec(this.#options.beginSql, []);
      try {
        let result: T;
        try {
          result = await work(tx, runner);
          await tx.flush();
        } finally {
          tx.close();
        }
        await runner.exec('commit', []);
        return result;
      } catch (error) {
        await Promise.resolve(runner.exec('rollback', [])).catch(() => {});
        throw error;
      }
    });
  }
}

/** The batch's distinct keys, in lock order (the empty key locks nothing). */
function keysOf(batch: Item[]): string[] {
  return [...new Set(batch.map((item) => item.key))].filter(Boolean);
}
